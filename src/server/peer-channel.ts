import { existsSync, unlinkSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reply } from './endpoints.js';

/**
 * How `serve --workers` processes hand each other a request for a session the other holds: one
 * local socket per pair (a Unix socket, a named pipe on Windows), many requests in flight on it,
 * each a frame `[u32 length][u32 id][u32 head length][head JSON][body]`. The receiving worker only
 * runs the endpoint: the HTTP work (parsing, checks, body limits, the reply's headers) stays with
 * the worker that holds the client's connection.
 */

/** A request as the endpoint needs it; the sending worker already checked Host, Origin and body limits. */
export interface ForwardedRequest {
  readonly method: string;
  /** Path and query, as the client sent them. */
  readonly target: string;
  readonly authorization: string | undefined;
  readonly body: string;
}

type Dispatch = (request: ForwardedRequest) => Promise<Reply>;
const HEADER = 12;

function frame(id: number, head: unknown, body: string): Buffer {
  const headText = JSON.stringify(head);
  const headBytes = Buffer.byteLength(headText);
  const bodyBytes = Buffer.byteLength(body);
  const out = Buffer.allocUnsafe(HEADER + headBytes + bodyBytes);
  out.writeUInt32LE(8 + headBytes + bodyBytes, 0);
  out.writeUInt32LE(id, 4);
  out.writeUInt32LE(headBytes, 8);
  out.write(headText, HEADER, 'utf8');
  out.write(body, HEADER + headBytes, 'utf8');
  return out;
}

/** Calls `onFrame` with each whole frame arriving on `socket`. */
function readFrames(socket: Socket, onFrame: (id: number, head: unknown, body: string) => void): void {
  let pending: Buffer | undefined;
  socket.on('data', (chunk: Buffer) => {
    let data = pending === undefined ? chunk : Buffer.concat([pending, chunk]);
    let at = 0;
    while (data.length - at >= 4) {
      const length = data.readUInt32LE(at);
      if (data.length - at - 4 < length) break;
      const headBytes = data.readUInt32LE(at + 8);
      const head = JSON.parse(data.toString('utf8', at + HEADER, at + HEADER + headBytes)) as unknown;
      onFrame(data.readUInt32LE(at + 4), head, data.toString('utf8', at + HEADER + headBytes, at + 4 + length));
      at += 4 + length;
    }
    if (at === data.length) pending = undefined;
    else pending = data = data.subarray(at);
  });
}

/** Where worker `index` of the cluster led by `primaryPid` listens for its peers. */
export function peerAddress(primaryPid: number, index: number): string {
  const name = `lamsim-serve-${primaryPid}-${index}`;
  return process.platform === 'win32' ? `\\\\?\\pipe\\${name}` : join(tmpdir(), `${name}.sock`);
}

interface Waiting {
  readonly resolve: (reply: Reply) => void;
  readonly reject: (error: Error) => void;
}

/** One worker's end: it answers its peers' requests and forwards its own to them. */
export class PeerChannel {
  readonly #address: string;
  readonly #peers = new Map<number, { socket: Socket; waiting: Map<number, Waiting> }>();
  #server: Server | undefined;
  #nextId = 1;

  constructor(address: string) {
    this.#address = address;
  }

  /** Starts answering peers: each request runs through `dispatch`. */
  listen(dispatch: Dispatch): Promise<void> {
    if (process.platform !== 'win32' && existsSync(this.#address)) unlinkSync(this.#address);
    const server = createServer((socket) => {
      socket.setNoDelay(true);
      socket.on('error', () => socket.destroy());
      readFrames(socket, (id, head, body) => {
        const { method, target, authorization } = head as Omit<ForwardedRequest, 'body'>;
        void dispatch({ method, target, authorization, body }).then((reply) => {
          if (!socket.destroyed) socket.write(frame(id, { status: reply.status, contentType: reply.contentType, headers: reply.headers }, reply.body));
        });
      });
    });
    this.#server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ path: this.#address, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  /** Sends a request to the worker listening at `address` (worker `index`); rejects if it is gone. */
  forward(index: number, address: string, request: ForwardedRequest): Promise<Reply> {
    const peer = this.#peers.get(index) ?? this.#connect(index, address);
    const id = this.#nextId;
    this.#nextId = (this.#nextId % 0xffff_fffe) + 1;
    return new Promise((resolve, reject) => {
      peer.waiting.set(id, { resolve, reject });
      peer.socket.write(frame(id, { method: request.method, target: request.target, authorization: request.authorization }, request.body));
    });
  }

  /** Forgets the connection to worker `index` (it exited), failing what waits on it. */
  drop(index: number): void {
    this.#peers.get(index)?.socket.destroy(new Error(`worker ${index} exited`));
  }

  close(): void {
    this.#server?.close();
    for (const { socket } of this.#peers.values()) socket.destroy();
  }

  #connect(index: number, address: string) {
    const socket = connect(address);
    socket.setNoDelay(true);
    const peer = { socket, waiting: new Map<number, Waiting>() };
    this.#peers.set(index, peer);
    readFrames(socket, (id, head, body) => {
      const waiting = peer.waiting.get(id);
      if (waiting === undefined) return;
      peer.waiting.delete(id);
      const { status, contentType, headers } = head as Omit<Reply, 'body'>;
      waiting.resolve({ status, body, ...(contentType !== undefined ? { contentType } : {}), ...(headers !== undefined ? { headers } : {}) });
    });
    const fail = (error?: Error) => {
      if (this.#peers.get(index) === peer) this.#peers.delete(index);
      for (const waiting of peer.waiting.values()) waiting.reject(error ?? new Error(`the connection to worker ${index} closed`));
      peer.waiting.clear();
    };
    socket.on('error', fail);
    socket.on('close', () => fail());
    return peer;
  }
}
