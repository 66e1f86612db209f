import { connect, type Socket } from 'node:net';
import { claimHeadroom } from './headroom.js';

/**
 * A small HTTP/1.1 client over node:net for plain-http model servers: one request at a time per
 * connection, idle connections kept per origin and reused. node:http spends most of a small
 * request's CPU in its generic machinery (agent bookkeeping, outgoing-message streams, an
 * incoming-message stream per response, a listener set per socket use); here a connection reads
 * into one shared buffer (`onread`), parses the response head and its framing (Content-Length,
 * chunked, or until close) in place, and hands the body's bytes to the request's reader.
 */

/** Told, in order: the response's head once, its body's bytes, then its end; or a failure at any point. */
export interface ResponseReader {
  head(status: number, statusText: string, rawHeaders: string[]): void;
  /** A view of a shared read buffer, valid only during the call: copy what you keep. */
  data(bytes: Buffer): void;
  end(): void;
  fail(error: Error): void;
}

/** Reads of every connection land here; each is handled before the next read. */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
const MAX_HEAD = 64 * 1024;
const MAX_LINE = 8 * 1024;
/** Idle connections older than this are closed rather than reused (servers commonly drop them at 5 s). */
const IDLE_MS = 4_000;
const MAX_IDLE_PER_ORIGIN = 256;
const HEAD_END = Buffer.from('\r\n\r\n');

const HEAD = 0;
const LENGTH = 1;
const CHUNK_SIZE = 2;
const CHUNK_DATA = 3;
const CHUNK_END = 4;
const TRAILERS = 5;
const UNTIL_CLOSE = 6;

const idle = new Map<string, Connection[]>();

class Connection {
  readonly #socket: Socket;
  readonly #origin: string;
  #reader: ResponseReader | null = null;
  #headOnly = false;
  #phase = HEAD;
  /** Body bytes left in a Content-Length body or the current chunk. */
  #left = 0;
  /** The start of a head or line that has not fully arrived (latin1, one character per byte). */
  #partial = '';
  /** Where parsing stopped in the current read (set by `#line`). */
  #at = 0;
  #keepAlive = false;
  #idleSince = 0;

  readonly #onRead = (n: number): boolean => {
    try {
      this.#read(n);
    } catch (error) {
      // a reader's bug must not escape into the event loop (it would end the process)
      const reader = this.#reader;
      this.#reader = null;
      this.#socket.destroy();
      reader?.fail(error instanceof Error ? error : new Error(String(error)));
    }
    return true;
  };

  constructor(host: string, port: number, origin: string) {
    this.#origin = origin;
    this.#socket = connect({ host, port, noDelay: true, onread: { buffer: READ_BUFFER, callback: this.#onRead } });
    this.#socket.on('end', () => this.#closed(null));
    this.#socket.on('close', () => this.#closed(null));
    this.#socket.on('error', (error: Error) => this.#closed(error));
  }

  get usable(): boolean {
    return !this.#socket.destroyed && this.#socket.readyState === 'open' && performance.now() - this.#idleSince < IDLE_MS;
  }

  /** Sends one request (its head and body already written out) and reads its response into `reader`. */
  send(head: string, body: string | Uint8Array | null, headOnly: boolean, reader: ResponseReader): void {
    this.#reader = reader;
    this.#headOnly = headOnly;
    this.#phase = HEAD;
    this.#partial = '';
    this.#socket.ref();
    if (body === null) this.#socket.write(head, 'latin1');
    else if (typeof body === 'string' && isAscii(head)) this.#socket.write(head + body);
    else if (typeof body !== 'string') {
      // head and body in one buffer, one write (corked writes cost more than copying the head in);
      // a body made with room in front gets the head written there instead of being copied
      let bytes = claimHeadroom(body, head);
      if (bytes === null) {
        bytes = Buffer.allocUnsafe(head.length + body.byteLength);
        bytes.write(head, 0, 'latin1');
        bytes.set(body, head.length);
      }
      this.#socket.write(bytes);
    } else {
      this.#socket.cork();
      this.#socket.write(head, 'latin1');
      this.#socket.write(body);
      this.#socket.uncork();
    }
  }

  /** Gives up on `reader`'s request if it is still in flight: the connection cannot be reused mid-response. */
  abort(reader: ResponseReader): void {
    if (this.#reader !== reader) return;
    this.#reader = null;
    this.#socket.destroy();
  }

  destroy(): void {
    this.#socket.destroy();
  }

  #closed(error: Error | null): void {
    const reader = this.#reader;
    if (reader !== null && error === null && this.#phase === UNTIL_CLOSE) {
      this.#keepAlive = false;
      this.#finish(true);
    } else if (reader !== null) {
      this.#reader = null;
      reader.fail(error ?? new Error('the server closed the connection before the response ended'));
    } else {
      forget(this, this.#origin);
    }
    this.#socket.destroy();
  }

  #read(n: number): void {
    let at = 0;
    const buf = READ_BUFFER;
    if (this.#reader === null) {
      // Bytes nobody asked for (or after an abort): the connection's framing is lost.
      this.#socket.destroy();
      return;
    }
    while (at < n && this.#reader !== null) {
      switch (this.#phase) {
        case HEAD:
          at = this.#head(buf, at, n);
          break;
        case LENGTH:
        case CHUNK_DATA:
        case UNTIL_CLOSE: {
          const take = this.#phase === UNTIL_CLOSE ? n - at : Math.min(this.#left, n - at);
          this.#reader.data(buf.subarray(at, at + take));
          at += take;
          this.#left -= take;
          if (this.#phase === LENGTH && this.#left === 0) this.#finish(at === n);
          else if (this.#phase === CHUNK_DATA && this.#left === 0) this.#phase = CHUNK_END;
          break;
        }
        default: {
          const line = this.#line(buf, at, n);
          at = this.#at;
          if (line !== null) this.#framingLine(line, at === n);
        }
      }
    }
    if (at < n && this.#reader === null) this.#socket.destroy();
  }

  /** A line of the chunked framing: a chunk's size, the end of its data, or a trailer. */
  #framingLine(line: string, drained: boolean): void {
    if (this.#phase === CHUNK_SIZE) {
      const size = /^([0-9a-fA-F]{1,12})[ \t]*(?:;.*)?$/.exec(line);
      if (size === null) return this.#malformed(`a bad chunk size line ${JSON.stringify(line.slice(0, 40))}`);
      this.#left = parseInt(size[1]!, 16);
      this.#phase = this.#left === 0 ? TRAILERS : CHUNK_DATA;
    } else if (this.#phase === CHUNK_END) {
      if (line !== '') return this.#malformed('a chunk longer than its size');
      this.#phase = CHUNK_SIZE;
    } else if (line === '') {
      this.#finish(drained);
    }
  }

  /** The text up to the next LF (without its CR), or null with the start kept until the rest arrives. */
  #line(buf: Buffer, from: number, to: number): string | null {
    const nl = buf.indexOf(0x0a, from);
    if (nl < 0 || nl >= to) {
      this.#partial += buf.toString('latin1', from, to);
      this.#at = to;
      if (this.#partial.length > MAX_LINE) this.#malformed('a chunk framing line over 8 KiB');
      return null;
    }
    let line = buf.toString('latin1', from, nl);
    if (this.#partial !== '') {
      line = this.#partial + line;
      this.#partial = '';
    }
    this.#at = nl + 1;
    return line.endsWith('\r') ? line.slice(0, -1) : line;
  }

  /** Parses a response head once it has all arrived; returns where its body starts in `buf`. */
  #head(buf: Buffer, from: number, to: number): number {
    let text: string;
    let next: number;
    if (this.#partial === '') {
      const end = buf.indexOf(HEAD_END, from);
      if (end < 0 || end + 4 > to) return this.#keepPartialHead(buf.toString('latin1', from, to), to);
      text = buf.toString('latin1', from, end);
      next = end + 4;
    } else {
      const joined = this.#partial + buf.toString('latin1', from, to);
      const end = joined.indexOf('\r\n\r\n');
      if (end < 0) return this.#keepPartialHead(joined, to);
      text = joined.slice(0, end);
      next = from + end + 4 - this.#partial.length;
      this.#partial = '';
    }
    const lines = text.split('\r\n');
    const status = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: (.*))?$/.exec(lines[0]!);
    if (status === null) {
      this.#malformed(`a bad status line ${JSON.stringify(lines[0]!.slice(0, 60))}`);
      return to;
    }
    const code = Number(status[2]);
    if (code < 200 && code !== 101) return next; // an interim response (100 Continue, 103 Early Hints): the real one follows
    const raw: string[] = [];
    let length: string | null = null;
    let encoding: string | null = null;
    let connection = '';
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      if (colon <= 0 || line.charCodeAt(0) === 0x20 || line.charCodeAt(0) === 0x09) {
        this.#malformed(`a bad header line ${JSON.stringify(line.slice(0, 60))}`);
        return to;
      }
      const name = line.slice(0, colon);
      const value = line.slice(colon + 1).trim();
      raw.push(name, value);
      const lower = name.length === 14 || name.length === 17 || name.length === 10 ? name.toLowerCase() : '';
      if (lower === 'content-length') {
        if (length !== null && length !== value) {
          this.#malformed('two different Content-Length headers');
          return to;
        }
        length = value;
      } else if (lower === 'transfer-encoding') encoding = encoding === null ? value : `${encoding}, ${value}`;
      else if (lower === 'connection') connection += `,${value.toLowerCase()}`;
    }
    if (code === 101) {
      this.#malformed('a protocol upgrade (101) nobody asked for');
      return to;
    }
    const tokens = connection.split(',').map((t) => t.trim());
    this.#keepAlive = status[1] === '1' ? !tokens.includes('close') : tokens.includes('keep-alive');
    if (this.#headOnly || code === 204 || code === 304) this.#phase = -1;
    else if (encoding !== null) {
      this.#phase = encoding.split(',').pop()!.trim().toLowerCase() === 'chunked' ? CHUNK_SIZE : UNTIL_CLOSE;
    } else if (length !== null) {
      if (!/^\d{1,15}$/.test(length)) {
        this.#malformed(`a bad Content-Length ${JSON.stringify(length.slice(0, 20))}`);
        return to;
      }
      this.#left = Number(length);
      this.#phase = this.#left === 0 ? -1 : LENGTH;
    } else this.#phase = UNTIL_CLOSE;
    if (this.#phase === UNTIL_CLOSE) this.#keepAlive = false;
    this.#reader!.head(code, status[3] ?? '', raw);
    if (this.#phase === -1) this.#finish(next === to);
    return next;
  }

  #keepPartialHead(partial: string, to: number): number {
    this.#partial = partial;
    if (this.#partial.length > MAX_HEAD) this.#malformed('a response head over 64 KiB');
    return to;
  }

  #malformed(what: string): void {
    const reader = this.#reader;
    this.#reader = null;
    this.#socket.destroy();
    reader?.fail(new Error(`the server sent ${what}`));
  }

  /** The response is complete; the connection goes back to its origin's idle list if it can carry another. */
  #finish(drained: boolean): void {
    const reader = this.#reader!;
    this.#reader = null;
    this.#phase = HEAD;
    reader.end();
    if (!this.#keepAlive || !drained || this.#socket.destroyed) {
      this.#socket.destroy();
      return;
    }
    let list = idle.get(this.#origin);
    if (list === undefined) idle.set(this.#origin, (list = []));
    if (list.length >= MAX_IDLE_PER_ORIGIN) {
      this.#socket.destroy();
      return;
    }
    this.#idleSince = performance.now();
    this.#socket.unref();
    list.push(this);
  }
}

/** Header values may hold latin1 characters, written one byte each; an ASCII head can share the body's UTF-8 write. */
function isAscii(text: string): boolean {
  return !/[^\x00-\x7f]/.test(text);
}

function forget(connection: Connection, origin: string): void {
  const list = idle.get(origin);
  const at = list?.indexOf(connection) ?? -1;
  if (at >= 0) list!.splice(at, 1);
}

/**
 * Sends a request to `host:port` on an idle connection of that origin (the most recently used)
 * or a new one. Returns a handle to abort it. `origin` keys the idle list (e.g. `host:port`).
 */
export function sendHttp1(host: string, port: number, origin: string, head: string, body: string | Uint8Array | null, headOnly: boolean, reader: ResponseReader): { abort(reader: ResponseReader): void } {
  const list = idle.get(origin);
  let connection: Connection | undefined;
  while (list !== undefined && (connection = list.pop()) !== undefined && !connection.usable) connection.destroy();
  connection ??= new Connection(host, port, origin);
  connection.send(head, body, headOnly, reader);
  return connection;
}
