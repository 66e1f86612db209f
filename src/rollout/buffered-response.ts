import type { Readable } from 'node:stream';
import zlib from 'node:zlib';

/**
 * A response whose body is already in memory: text() and json() decode the bytes directly instead
 * of through a web stream (made only if `body` itself is read). Every reader of a Response reads
 * the same bytes once. A subclass of the real Response, so its readers live on one prototype
 * rather than as closures made per response.
 */
// Typed loosely: the DOM typings declare Response's readers as properties, not methods to override.
const ResponseBase = Response as unknown as new (body: null, init: ResponseInit) => { readonly headers: Headers };

export class BufferedResponse extends ResponseBase {
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

/** The response body, uncompressed when the server compressed it (`encoding`: its Content-Encoding). */
export function decoded(res: Readable, encoding: string): Readable {
  switch (encoding.trim().toLowerCase()) {
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

/** A whole body, uncompressed when the server compressed it (`encoding`: its Content-Encoding). */
export function decodedBytes(bytes: Buffer, encoding: string): Buffer {
  switch (encoding.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.gunzipSync(bytes);
    case 'deflate':
      return zlib.inflateSync(bytes);
    case 'br':
      return zlib.brotliDecompressSync(bytes);
    default:
      return bytes;
  }
}
