import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { Agent, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { errorBody } from './http-error.js';

/**
 * `lamsim serve --workers N`: N processes (node:cluster) share the public port; each holds its own
 * sessions, and a session id's first character names the worker that holds it. A worker that gets
 * a request for another worker's session forwards it over loopback to that worker's private port,
 * so any connection can carry any session's requests and the protocol stays as it is.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
export const MAX_WORKERS = ALPHABET.length;
const SESSION_PATH = /^\/v1\/sessions\/([A-Za-z0-9_-])[A-Za-z0-9_-]{21}(?:[/?]|$)/;
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade'];

/** The first character of every session id worker `index` creates. */
export function sessionPrefix(index: number): string {
  return ALPHABET[index]!;
}

/** The worker holding the session a request path names, if it names one. */
export function workerOfPath(path: string | undefined): number | undefined {
  const found = SESSION_PATH.exec(path ?? '');
  return found === null ? undefined : ALPHABET.indexOf(found[1]!);
}

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const copy = { ...headers };
  for (const name of HOP_BY_HOP) delete copy[name];
  return copy;
}

/** Messages between the primary and its workers. */
type ToPrimary = { readonly type: 'lamsim-ready'; readonly index: number; readonly privatePort: number; readonly port: number; readonly url: string };
type ToWorker = { readonly type: 'lamsim-peers'; readonly ports: readonly (number | undefined)[] };

/** A worker's side: forwards other workers' sessions to them. */
export class PeerForwarder {
  readonly #index: number;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 512 });
  #ports: readonly (number | undefined)[] = [];

  constructor(index: number) {
    this.#index = index;
    process.on('message', (message: ToWorker) => {
      if (message?.type === 'lamsim-peers') this.#ports = message.ports;
    });
  }

  /** Tells the primary this worker is listening. */
  ready(port: number, privatePort: number, url: string): void {
    const message: ToPrimary = { type: 'lamsim-ready', index: this.#index, privatePort, port, url };
    process.send?.(message);
  }

  /** The `forward` hook of startServer: true when the request went to its session's worker. */
  readonly forward = (req: IncomingMessage, res: ServerResponse): boolean => {
    const owner = workerOfPath(req.url);
    if (owner === undefined || owner === this.#index) return false;
    const port = this.#ports[owner];
    if (port === undefined) return false;
    const upstream = request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: endToEnd(req.headers), agent: this.#agent }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, endToEnd(reply.headers));
      reply.pipe(res);
    });
    upstream.on('error', (error) => {
      if (res.headersSent) res.destroy();
      else res.writeHead(502, { 'content-type': 'application/json; charset=utf-8' }).end(errorBody('internal', `the worker holding this session did not answer: ${error.message}`));
    });
    req.pipe(upstream);
    return true;
  };

  destroy(): void {
    this.#agent.destroy();
  }
}

export interface ClusterHandle {
  /** The public address, once every worker listens. */
  readonly ready: Promise<{ url: string; port: number }>;
  /** Stops every worker gracefully (SIGTERM) and waits for them. */
  stop(): Promise<void>;
}

/**
 * The primary's side: forks `workers` processes running the same command (with
 * LAMSIM_WORKER_INDEX set), tells each the others' private ports, and forks a worker again under
 * the same index if one dies. Snapshots are signed with one key shared by every worker, so a
 * snapshot taken on one restores on another.
 */
export function startCluster(workers: number, onEvent: (line: string) => void): ClusterHandle {
  process.env['LAMSIM_SNAPSHOT_KEY'] ||= randomBytes(32).toString('hex');
  const ports: (number | undefined)[] = new Array(workers).fill(undefined);
  const byIndex = new Map<number, Worker>();
  let stopping = false;
  let resolveReady: (value: { url: string; port: number }) => void;
  let rejectReady: (error: Error) => void;
  const ready = new Promise<{ url: string; port: number }>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  let publicAddress: { url: string; port: number } | undefined;

  const broadcast = () => {
    const message: ToWorker = { type: 'lamsim-peers', ports };
    for (const worker of byIndex.values()) if (worker.isConnected()) worker.send(message);
  };

  const fork = (index: number) => {
    const worker = cluster.fork({ LAMSIM_WORKER_INDEX: String(index) });
    byIndex.set(index, worker);
    worker.on('message', (message: ToPrimary) => {
      if (message?.type !== 'lamsim-ready') return;
      ports[index] = message.privatePort;
      publicAddress ??= { url: message.url, port: message.port };
      broadcast();
      if (ports.every((port) => port !== undefined)) resolveReady(publicAddress);
    });
    worker.on('exit', (code, signal) => {
      ports[index] = undefined;
      if (stopping) return;
      if (publicAddress === undefined) {
        rejectReady(new Error(`worker ${index} exited (${signal ?? code}) before listening`));
        return;
      }
      onEvent(`worker ${index} exited (${signal ?? code}); its sessions are lost; starting it again`);
      fork(index);
    });
  };
  for (let index = 0; index < workers; index++) fork(index);

  return {
    ready,
    async stop() {
      stopping = true;
      await Promise.all(
        [...byIndex.values()].map(
          (worker) =>
            new Promise<void>((done) => {
              if (worker.isDead()) return done();
              worker.once('exit', () => done());
              worker.process.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
