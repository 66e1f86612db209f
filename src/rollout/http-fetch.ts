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

/** What node:http needs of a URL, parsed once per distinct URL (a client sends to a handful). */
interface Target {
  readonly protocol: 'http:' | 'https:';
  readonly hostname: string;
  readonly port: string;
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
    target = url.protocol === 'http:' || url.protocol === 'https:' ? { protocol: url.protocol, hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port, path: `${url.pathname}${url.search}` } : null;
    if (targets.size >= MAX_TARGETS) targets.clear();
    targets.set(href, target);
  }
  return target;
}

/** The request headers as a plain object (the client passes a Headers; read in place, not copied). */
function headerRecord(init: RequestInit['headers']): Record<string, string> {
  const headers: Record<string, string> = {};
  if (init === undefined) return headers;
  if (init instanceof Headers) {
    init.forEach((value, key) => {
      headers[key] = value;
    });
    return headers;
  }
  new Headers(init).forEach((value, key) => {
    headers[key] = value;
  });
  return headers;
}

export async function keepAliveFetch(input: FetchInput, init: RequestInit = {}): Promise<Response> {
  const target = targetOf(input);
  const body = init.body;
  if (target === null || !(body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array)) {
    return fetch(input, init);
  }
  const signal = init.signal ?? null;
  if (signal?.aborted) throw signal.reason;
  const headers = headerRecord(init.headers);
  // A string body goes out as it is: node then sends the head and the body in one write.
  const payload = body === undefined || body === null ? null : body;
  if (typeof payload === 'string' && headers['content-type'] === undefined) headers['content-type'] = 'text/plain;charset=UTF-8';
  if (payload !== null) headers['content-length'] = String(typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength);
  const transport = target.protocol === 'https:' ? https : http;
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
    const options: http.RequestOptions = { protocol: target.protocol, hostname: target.hostname, port: target.port, path: target.path, method: init.method ?? 'GET', headers, agent: agents[target.protocol] };
    const request = transport.request(options, (res) => {
      const status = res.statusCode ?? 0;
      const raw = res.rawHeaders;
      const pairs: Array<[string, string]> = new Array(raw.length >> 1);
      for (let i = 0; i < raw.length; i += 2) pairs[i >> 1] = [raw[i]!, raw[i + 1]!];
      const meta: ResponseInit = { status, statusText: res.statusMessage ?? '', headers: pairs };
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
        resolve(new BufferedResponse(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), meta) as unknown as Response);
      });
    });
    request.on('error', (error) => fail(new TypeError('fetch failed', { cause: error })));
    signal?.addEventListener('abort', onAbort, { once: true });
    request.end(payload ?? undefined);
  });
}

/**
 * A response whose body is already in memory: text() and json() decode the bytes directly instead
 * of through a web stream (made only if `body` itself is read). Every reader of a Response reads
 * the same bytes once. A subclass of the real Response, so its readers live on one prototype
 * rather than as closures made per response.
 */
// Typed loosely: the DOM typings declare Response's readers as properties, not methods to override.
const ResponseBase = Response as unknown as new (body: null, init: ResponseInit) => { readonly headers: Headers };

class BufferedResponse extends ResponseBase {
  readonly #bytes: Buffer;
  readonly #meta: ResponseInit;
  #used = false;
  #stream: ReadableStream<Uint8Array> | null = null;

  constructor(bytes: Buffer, meta: ResponseInit) {
    super(null, meta);
    this.#bytes = bytes;
    this.#meta = meta;
  }

  #take(): Buffer {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.#bytes;
  }

  get body(): ReadableStream<Uint8Array> {
    return (this.#stream ??= new Response(this.#take()).body!);
  }
  get bodyUsed(): boolean {
    return this.#used;
  }
  async text(): Promise<string> {
    return this.#take().toString('utf8');
  }
  async json(): Promise<unknown> {
    return JSON.parse(this.#take().toString('utf8'));
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    const taken = this.#take();
    return taken.buffer.slice(taken.byteOffset, taken.byteOffset + taken.byteLength) as ArrayBuffer;
  }
  async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await this.arrayBuffer());
  }
  async blob(): Promise<Blob> {
    return new Blob([await this.arrayBuffer()], { type: this.headers.get('content-type') ?? '' });
  }
  async formData(): Promise<FormData> {
    return new Response(this.#take(), this.#meta).formData();
  }
  clone(): Response {
    if (this.#used) throw new TypeError('Response.clone: Body has already been consumed.');
    return new BufferedResponse(this.#bytes, this.#meta) as unknown as Response;
  }
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
