import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { z } from 'zod';
import { describeZodError } from '../core/options.js';
import { HttpError } from './http-error.js';

const gunzipAsync = promisify(gunzip);

/** A body limit and the flag that sets it, for the 413 message. */
export interface BodyLimit {
  readonly bytes: number;
  readonly flag: string;
}

function tooLarge(limit: BodyLimit): HttpError {
  return new HttpError(413, 'body_too_large', `the request body exceeds the limit of ${limit.bytes} bytes (${limit.flag})`);
}

/**
 * The raw request body, refused with 413 once it passes the limit. What arrives after that is read
 * and dropped (never stored), so the connection stays usable for the client's next request.
 */
function readRaw(req: IncomingMessage, limit: BodyLimit): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit.bytes) {
    req.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit.bytes) {
        over = true;
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks, size));
    });
    req.on('error', reject);
  });
}

/**
 * The request body as text, refused with 413 once it passes the limit. A body sent with
 * `Content-Encoding: gzip` is inflated, and its inflated size is held to the same limit.
 */
export async function readBody(req: IncomingMessage, limit: BodyLimit): Promise<string> {
  const raw = await readRaw(req, limit);
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity') return raw.toString('utf8');
  if (encoding !== 'gzip') throw new HttpError(415, 'bad_encoding', `Content-Encoding ${JSON.stringify(encoding)} is not accepted (gzip or none)`);
  try {
    return (await gunzipAsync(raw, { maxOutputLength: limit.bytes })).toString('utf8');
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(limit);
    throw new HttpError(400, 'bad_encoding', `the gzip body cannot be inflated: ${(error as Error).message}`);
  }
}

/**
 * Parses a JSON body (empty means `{}`) and validates it; a mistake is a 400 naming the field.
 * `quick` may accept the common shape without the schema (it must agree with the schema on what it
 * accepts); whatever it does not accept goes through the schema.
 */
export function parseBody<T>(text: string, schema: z.ZodType<T>, quick?: (value: unknown) => T | undefined): T {
  let value: unknown = {};
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new HttpError(400, 'invalid_json', `the body is not valid JSON: ${(error as Error).message}`);
    }
  }
  const accepted = quick?.(value);
  if (accepted !== undefined) return accepted;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpError(400, 'invalid_request', describeZodError(parsed.error));
  return parsed.data;
}
