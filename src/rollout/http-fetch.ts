import https from 'node:https';
import { PassThrough, Readable } from 'node:stream';
import { BufferedResponse, decoded, decodedBytes } from './buffered-response.js';
import { sendHttp1, type ResponseReader } from './http1-connection.js';

/**
 * A `fetch` for the `openai` client with kept-alive connections. The global fetch (undici, WHATWG
 * streams) costs several times more CPU per request than a plain HTTP exchange; at thousands of
 * requests per second against a local model server that cost, not the model, bounds collection.
 * Plain http goes through our HTTP/1.1 connections (`http1-connection.ts`), https through node:https
 * with a keep-alive agent. Handles what the client sends (a string or byte body, headers, an abort
 * signal) and hands anything else (Request objects, streams or form bodies, other protocols) to the
 * global fetch. Bodies are read whole unless the server streams events (text/event-stream).
 */
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: Infinity });

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
/** Methods fetch writes in upper case whatever case they are given in. */
const NORMALISED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

type FetchInput = Parameters<typeof fetch>[0];

/** What a request needs of a URL, parsed once per distinct URL (a client sends to a handful). */
interface Target {
  readonly protocol: 'http:' | 'https:';
  readonly hostname: string;
  /** The port as written (empty for the protocol's default) and as a number. */
  readonly port: string;
  readonly portNumber: number;
  /** host[:port] as the Host header says it. */
  readonly host: string;
  readonly path: string;
}
const targets = new Map<string, Target | null>();
const MAX_TARGETS = 256;

function targetOf(input: FetchInput): Target | null {
  const href = typeof input === 'string' ? input : input instanceof URL ? input.href : null;
  if (href === null) return null;
  let target = targets.get(href);
  if (target === undefined) {
    const url = new URL(href);
    const protocol = url.protocol;
    const secure = protocol === 'https:';
    target =
      protocol === 'http:' || protocol === 'https:'
        ? { protocol, hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port, portNumber: url.port === '' ? (secure ? 443 : 80) : Number(url.port), host: url.host, path: `${url.pathname}${url.search}` }
        : null;
    if (targets.size >= MAX_TARGETS) targets.clear();
    targets.set(href, target);
  }
  return target;
}

function headersOf(init: RequestInit['headers']): Headers {
  return init instanceof Headers ? init : new Headers(init);
}

function methodOf(method: string | undefined): string {
  if (method === undefined) return 'GET';
  const upper = method.toUpperCase();
  if (NORMALISED_METHODS.has(upper)) return upper;
  if (!TOKEN.test(method)) throw new TypeError(`'${method}' is not a valid HTTP method.`);
  return method;
}

export async function keepAliveFetch(input: FetchInput, init: RequestInit = {}): Promise<Response> {
  const target = targetOf(input);
  const body = init.body;
  if (target === null || !(body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array)) {
    return fetch(input, init);
  }
  const signal = init.signal ?? null;
  if (signal?.aborted) throw signal.reason;
  const payload = body === undefined || body === null ? null : body;
  const method = methodOf(init.method);
  if (target.protocol === 'https:') return viaNodeHttps(target, method, headersOf(init.headers), payload, signal);
  return new Promise<Response>((resolve, reject) => {
    new Exchange(resolve, reject, signal).send(target, method, headersOf(init.headers), payload);
  });
}

/** One request over an HTTP/1.1 connection, and the reader of its response. */
class Exchange implements ResponseReader {
  #resolve: ((response: Response) => void) | null;
  readonly #reject: (error: unknown) => void;
  readonly #signal: AbortSignal | null;
  #connection: { abort(reader: ResponseReader): void } | null = null;
  #meta: ResponseInit | null = null;
  #encoding = '';
  #chunks: Buffer[] = [];
  /** The body as a stream, for event streams (resolved at the head, fed as bytes arrive). */
  #stream: PassThrough | null = null;

  constructor(resolve: (response: Response) => void, reject: (error: unknown) => void, signal: AbortSignal | null) {
    this.#resolve = resolve;
    this.#reject = reject;
    this.#signal = signal;
  }

  send(target: Target, method: string, headers: Headers, payload: string | Uint8Array | null): void {
    let head = `${method} ${target.path} HTTP/1.1\r\n`;
    let host = target.host;
    let typed = false;
    headers.forEach((value, name) => {
      if (name === 'host') host = value;
      else if (name !== 'content-length' && name !== 'transfer-encoding') {
        head += `${name}: ${value}\r\n`;
        if (name === 'content-type') typed = true;
      }
    });
    head = `${head}host: ${host}\r\n`;
    // A string body goes out with the head in one write.
    if (typeof payload === 'string' && !typed) head += 'content-type: text/plain;charset=UTF-8\r\n';
    if (payload !== null) head += `content-length: ${typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength}\r\n`;
    else if (method !== 'GET' && method !== 'HEAD') head += 'content-length: 0\r\n';
    this.#signal?.addEventListener('abort', this, { once: true });
    this.#connection = sendHttp1(target.hostname, target.portNumber, target.host, `${head}\r\n`, payload, method === 'HEAD', this);
  }

  /** The abort signal's listener (an object listener: no closure per request). */
  handleEvent(): void {
    this.#connection?.abort(this);
    this.#settle(null, this.#signal!.reason);
    this.#stream?.destroy(this.#signal!.reason);
  }

  head(status: number, statusText: string, raw: string[]): void {
    const pairs: Array<[string, string]> = new Array(raw.length >> 1);
    let type = '';
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i]!;
      pairs[i >> 1] = [name, raw[i + 1]!];
      if (name.length === 12 && name.toLowerCase() === 'content-type') type = raw[i + 1]!;
      else if (name.length === 16 && name.toLowerCase() === 'content-encoding') this.#encoding = raw[i + 1]!;
    }
    this.#meta = { status, statusText, headers: pairs };
    if (!type.includes('text/event-stream') || NULL_BODY_STATUSES.has(status)) return;
    const stream = new PassThrough();
    this.#stream = stream;
    stream.on('close', () => {
      // the reader cancelled the body: the rest of it is not wanted
      if (!stream.writableEnded) this.#connection?.abort(this);
    });
    this.#settle(() => new Response(Readable.toWeb(decoded(stream, this.#encoding)) as ReadableStream, this.#meta!), null);
  }

  data(bytes: Buffer): void {
    if (this.#stream !== null) this.#stream.write(Buffer.from(bytes));
    else this.#chunks.push(Buffer.from(bytes));
  }

  end(): void {
    this.#signal?.removeEventListener('abort', this);
    if (this.#stream !== null) {
      this.#stream.end();
      return;
    }
    const meta = this.#meta!;
    const chunks = this.#chunks;
    this.#settle(() => {
      if (NULL_BODY_STATUSES.has(meta.status!)) return new Response(null, meta);
      const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      return new BufferedResponse(this.#encoding === '' ? bytes : decodedBytes(bytes, this.#encoding), meta) as unknown as Response;
    }, null);
  }

  fail(error: Error): void {
    this.#signal?.removeEventListener('abort', this);
    this.#settle(null, new TypeError('fetch failed', { cause: error }));
    this.#stream?.destroy(error);
  }

  /** Resolves with what `make` builds (a failure to build rejects), or rejects with `error`; only the first call counts. */
  #settle(make: (() => Response) | null, error: unknown): void {
    const resolve = this.#resolve;
    if (resolve === null) return;
    this.#resolve = null;
    if (make === null) return this.#reject(error);
    let response: Response;
    try {
      response = make();
    } catch (cause) {
      return this.#reject(new TypeError('fetch failed', { cause }));
    }
    resolve(response);
  }
}

/** The same exchange over node:https with a keep-alive agent. */
function viaNodeHttps(target: Target, method: string, init: Headers, payload: string | Uint8Array | null, signal: AbortSignal | null): Promise<Response> {
  const headers: Record<string, string> = {};
  init.forEach((value, key) => {
    headers[key] = value;
  });
  if (typeof payload === 'string' && headers['content-type'] === undefined) headers['content-type'] = 'text/plain;charset=UTF-8';
  if (payload !== null) headers['content-length'] = String(typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength);
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
    const options: https.RequestOptions = { protocol: target.protocol, hostname: target.hostname, port: target.port, path: target.path, method, headers, agent: httpsAgent };
    const request = https.request(options, (res) => {
      const status = res.statusCode ?? 0;
      const raw = res.rawHeaders;
      const pairs: Array<[string, string]> = new Array(raw.length >> 1);
      for (let i = 0; i < raw.length; i += 2) pairs[i >> 1] = [raw[i]!, raw[i + 1]!];
      const meta: ResponseInit = { status, statusText: res.statusMessage ?? '', headers: pairs };
      const stream = decoded(res, res.headers['content-encoding'] ?? '');
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
        resolve(new BufferedResponse(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), meta) as unknown as Response);
      });
    });
    request.on('error', (error) => fail(new TypeError('fetch failed', { cause: error })));
    signal?.addEventListener('abort', onAbort, { once: true });
    request.end(payload ?? undefined);
  });
}
