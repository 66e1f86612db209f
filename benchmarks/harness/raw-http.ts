import { connect, type Socket } from 'node:net';

/**
 * The cheapest HTTP/1.1 client for load generation: one kept-alive socket, one request in flight,
 * requests written as pre-serialised bytes and replies framed by their Content-Length (every
 * `lamsim serve` reply has one). No per-request objects beyond the reply (its body's bytes, decoded only when asked).
 */
export class RawConnection {
  readonly #socket: Socket;
  #pending: Buffer | undefined;
  #waiting: { resolve: (reply: RawReply) => void; reject: (error: Error) => void } | undefined;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    const fail = (error: Error) => {
      const waiting = this.#waiting;
      this.#waiting = undefined;
      waiting?.reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('the server closed the connection')));
  }

  static open(port: number, host = '127.0.0.1'): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, host, () => {
        socket.off('error', reject);
        resolve(new RawConnection(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Sends one request's bytes and resolves with the reply. */
  send(request: Buffer): Promise<RawReply> {
    if (this.#waiting !== undefined) return Promise.reject(new Error('one request at a time per connection'));
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
      this.#socket.write(request);
    });
  }

  close(): void {
    this.#socket.destroy();
  }

  #onData(chunk: Buffer): void {
    const data = this.#pending === undefined ? chunk : Buffer.concat([this.#pending, chunk]);
    const headEnd = data.indexOf(HEAD_END);
    if (headEnd < 0) {
      this.#pending = data;
      return;
    }
    const length = contentLength(data, headEnd);
    if (length < 0) {
      const waiting = this.#waiting;
      this.#waiting = undefined;
      waiting?.reject(new Error(`a reply without Content-Length: ${data.toString('latin1', 0, headEnd)}`));
      this.#socket.destroy();
      return;
    }
    const end = headEnd + 4 + length;
    if (data.length < end) {
      this.#pending = data;
      return;
    }
    this.#pending = data.length > end ? data.subarray(end) : undefined;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.resolve(new RawReply(status(data), data.subarray(headEnd + 4, end)));
  }
}

const HEAD_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = Buffer.from('\r\ncontent-length:');

/** The status code of `HTTP/1.1 NNN ...`. */
const status = (data: Buffer): number => (data[9]! - 48) * 100 + (data[10]! - 48) * 10 + (data[11]! - 48);

/** The Content-Length of the head in `data[0, headEnd)` (header names compared without case), or -1. */
function contentLength(data: Buffer, headEnd: number): number {
  let at = data.indexOf(0x0d);
  while (at >= 0 && at < headEnd) {
    let same = data[at + 1] === 0x0a;
    for (let i = 2; i < CONTENT_LENGTH.length && same; i++) same = (data[at + i]! | 0x20) === (CONTENT_LENGTH[i]! | 0x20);
    if (same) {
      let i = at + CONTENT_LENGTH.length;
      while (data[i] === 0x20) i++;
      let value = 0;
      const first = i;
      for (; data[i]! >= 48 && data[i]! <= 57; i++) value = value * 10 + data[i]! - 48;
      return i > first && data[i] === 0x0d ? value : -1;
    }
    at = data.indexOf(0x0d, at + 2);
  }
  return -1;
}

/** A reply: its status and its body's bytes (decoded only when asked). */
export class RawReply {
  constructor(
    readonly status: number,
    readonly body: Buffer,
  ) {}

  get text(): string {
    return this.body.toString('utf8');
  }
}

/** The bytes of one request (JSON body, optional bearer token). */
export function rawRequest(method: string, path: string, host: string, body?: string, token?: string): Buffer {
  let head = `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\n`;
  if (token !== undefined) head += `Authorization: Bearer ${token}\r\n`;
  if (body !== undefined) head += `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`;
  return Buffer.from(`${head}\r\n${body ?? ''}`, 'utf8');
}
