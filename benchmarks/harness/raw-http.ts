import { connect, type Socket } from 'node:net';

/**
 * The cheapest HTTP/1.1 client for load generation: one kept-alive socket, one request in flight,
 * requests written as pre-serialised bytes and replies framed by their Content-Length (every
 * `lamsim serve` reply has one). No per-request objects beyond the reply's text.
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
    const headEnd = data.indexOf('\r\n\r\n');
    if (headEnd < 0) {
      this.#pending = data;
      return;
    }
    const head = data.toString('latin1', 0, headEnd);
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (length === null) {
      const waiting = this.#waiting;
      this.#waiting = undefined;
      waiting?.reject(new Error(`a reply without Content-Length: ${head}`));
      this.#socket.destroy();
      return;
    }
    const end = headEnd + 4 + Number(length[1]);
    if (data.length < end) {
      this.#pending = data;
      return;
    }
    this.#pending = data.length > end ? data.subarray(end) : undefined;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.resolve({ status: Number(head.slice(9, 12)), text: data.toString('utf8', headEnd + 4, end) });
  }
}

export interface RawReply {
  readonly status: number;
  readonly text: string;
}

/** The bytes of one request (JSON body, optional bearer token). */
export function rawRequest(method: string, path: string, host: string, body?: string, token?: string): Buffer {
  let head = `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\n`;
  if (token !== undefined) head += `Authorization: Bearer ${token}\r\n`;
  if (body !== undefined) head += `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`;
  return Buffer.from(`${head}\r\n${body ?? ''}`, 'utf8');
}
