import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';

/**
 * A `fetch` for the `openai` client over node:http/https with keep-alive agents. The global fetch
 * (undici, WHATWG streams) costs several times more CPU per request than a plain http request; at
 * thousands of requests per second against a local model server that cost, not the model, bounds
 * collection. Handles what the client sends (a string or byte body, headers, an abort signal) and
 * hands anything else (Request objects, streams or form bodies, other protocols) to the global
 * fetch. Bodies are read whole unless the server streams events (text/event-stream).
 */
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: Infinity }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: Infinity }),
} as const;

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

type FetchInput = Parameters<typeof fetch>[0];

export async function keepAliveFetch(input: FetchInput, init: RequestInit = {}): Promise<Response> {
  const url = typeof input === 'string' ? new URL(input) : input instanceof URL ? input : null;
  const body = init.body;
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:') || !(body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array)) {
    return fetch(input, init);
  }
  const signal = init.signal ?? null;
  if (signal?.aborted) throw signal.reason;
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, key) => {
    headers[key] = value;
  });
  // A string body goes out as it is: node then sends the head and the body in one write.
  const payload = body === undefined || body === null ? null : body;
  if (typeof payload === 'string' && headers['content-type'] === undefined) headers['content-type'] = 'text/plain;charset=UTF-8';
  if (payload !== null) headers['content-length'] = String(typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    };
    const onAbort = () => {
      fail(signal!.reason);
      request.destroy();
    };
    const request = transport.request(url, { method: init.method ?? 'GET', headers, agent: agents[url.protocol as 'http:' | 'https:'] }, (res) => {
      const status = res.statusCode ?? 0;
      const responseHeaders = new Headers();
      for (let i = 0; i < res.rawHeaders.length; i += 2) responseHeaders.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
      const meta = { status, statusText: res.statusMessage ?? '', headers: responseHeaders };
      const stream = decoded(res);
      if (NULL_BODY_STATUSES.has(status)) {
        res.resume();
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        resolve(new Response(null, meta));
        return;
      }
      if ((res.headers['content-type'] ?? '').includes('text/event-stream')) {
        settled = true;
        resolve(new Response(Readable.toWeb(stream) as ReadableStream, meta));
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', fail);
      stream.on('end', () => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        resolve(bufferedResponse(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), meta));
      });
    });
    request.on('error', (error) => fail(new TypeError('fetch failed', { cause: error })));
    signal?.addEventListener('abort', onAbort, { once: true });
    request.end(payload ?? undefined);
  });
}

/**
 * A response whose body is already in memory: text() and json() decode the bytes directly instead
 * of through a web stream (made only if `body` itself is read). Every reader of a Response is
 * kept, each reading the same bytes once; the readers are own properties of a real Response.
 */
function bufferedResponse(bytes: Buffer, meta: ResponseInit): Response {
  const response = new Response(null, meta);
  let used = false;
  let stream: ReadableStream<Uint8Array> | null = null;
  const take = (): Buffer => {
    if (used) throw new TypeError('Body is unusable: Body has already been read');
    used = true;
    return bytes;
  };
  const arrayBuffer = async (): Promise<ArrayBuffer> => {
    const taken = take();
    return taken.buffer.slice(taken.byteOffset, taken.byteOffset + taken.byteLength) as ArrayBuffer;
  };
  Object.defineProperties(response, {
    body: { get: () => (stream ??= new Response(take()).body!) },
    bodyUsed: { get: () => used },
    text: { value: async () => take().toString('utf8') },
    json: { value: async () => JSON.parse(take().toString('utf8')) },
    arrayBuffer: { value: arrayBuffer },
    bytes: { value: async () => new Uint8Array(await arrayBuffer()) },
    blob: { value: async () => new Blob([await arrayBuffer()], { type: response.headers.get('content-type') ?? '' }) },
    formData: { value: async () => new Response(take(), meta).formData() },
    clone: {
      value: () => {
        if (used) throw new TypeError('Response.clone: Body has already been consumed.');
        return bufferedResponse(bytes, meta);
      },
    },
  });
  return response;
}

/** The response body, uncompressed when the server compressed it. */
function decoded(res: http.IncomingMessage): Readable {
  switch ((res.headers['content-encoding'] ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return res.pipe(zlib.createGunzip());
    case 'deflate':
      return res.pipe(zlib.createInflate());
    case 'br':
      return res.pipe(zlib.createBrotliDecompress());
    default:
      return res;
  }
}
