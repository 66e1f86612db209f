import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import type { Reply } from './endpoints.js';
import { HttpError } from './http-error.js';
import { PeerChannel, peerAddress, type ForwardedRequest } from './peer-channel.js';

/**
 * `lamsim serve --workers N`: N processes (node:cluster) accept connections on the one public
 * port. A session lives in the worker that created it (the one holding the connection its client
 * created it on); its id's first character names that worker and its second the worker's
 * generation (how often it was started). A request that reaches another worker is handed to the
 * owner over a local socket (peer-channel.ts), so any connection can carry any session's requests
 * and the protocol stays as it is; a client that keeps one connection per session is never handed
 * over. A session of a worker that exited answers 410 `session_lost` at once.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
export const MAX_WORKERS = ALPHABET.length;
const SESSION_ID = /^[A-Za-z0-9_-]{22}$/;

/** The first two characters of every session id worker `index` creates in its `generation`-th life. */
export function sessionPrefix(index: number, generation: number): string {
  return ALPHABET[index]! + ALPHABET[generation % ALPHABET.length]!;
}

/** The worker holding session `id`, if it is a session id. */
export function workerOfSession(id: string): number | undefined {
  return SESSION_ID.test(id) ? ALPHABET.indexOf(id[0]!) : undefined;
}

/** Messages between the primary and its workers. */
type ToPrimary = { readonly type: 'lamsim-ready'; readonly index: number; readonly port: number; readonly url: string } | { readonly type: 'lamsim-drained'; readonly index: number };
/** `generations[i]`: worker i's generation while it listens, undefined while it is down. */
type ToWorker = { readonly type: 'lamsim-peers'; readonly generations: readonly (number | undefined)[] } | { readonly type: 'lamsim-exit' };

/** What a worker's server needs from the cluster. */
export interface ClusterMember {
  readonly index: number;
  readonly workers: number;
  /** Every session id this worker creates starts with this. */
  readonly idPrefix: string;
  /**
   * Where session `id` lives: undefined for this worker (or an id no worker could have made), a
   * peer's index otherwise; 410 when its worker exited since it was created.
   */
  ownerOf(id: string): number | undefined;
  /** Runs the request in worker `index`; 410 if that worker exits before answering. */
  forward(index: number, request: ForwardedRequest): Promise<Reply>;
  /** The live peers, in turn from this worker's successor (where a full worker sends a new session). */
  peers(): number[];
  /** Starts answering the peers' requests with `dispatch`. */
  listen(dispatch: (request: ForwardedRequest) => Promise<Reply>): Promise<void>;
  /** Tells the primary this worker is listening. */
  ready(port: number, url: string): void;
  /**
   * Stopping: tells the primary this worker finished its own requests in flight and resolves once
   * every worker has (until then it still answers its peers, whose requests in flight may need it).
   */
  drained(): Promise<void>;
  close(): void;
}

function lost(id: string, index: number): HttpError {
  return new HttpError(410, 'session_lost', `session ${id} was held by worker ${index} of this server, which exited; its sessions are lost: create a new one`);
}

/** The worker's side, from the environment the primary forked it with (undefined outside a cluster). */
export function clusterMember(): ClusterMember | undefined {
  if (!cluster.isWorker || process.env['LAMSIM_WORKER_INDEX'] === undefined) return undefined;
  const index = Number(process.env['LAMSIM_WORKER_INDEX']);
  const workers = Number(process.env['LAMSIM_WORKERS']);
  const generation = Number(process.env['LAMSIM_WORKER_GENERATION']);
  const primary = Number(process.env['LAMSIM_PRIMARY_PID']);
  const channel = new PeerChannel(peerAddress(primary, index));
  let generations: readonly (number | undefined)[] = [];
  let exit: (() => void) | undefined;
  const onMessage = (message: ToWorker) => {
    if (message?.type === 'lamsim-exit') exit?.();
    if (message?.type !== 'lamsim-peers') return;
    message.generations.forEach((g, i) => {
      if (i !== index && g !== generations[i]) channel.drop(i);
    });
    generations = message.generations;
  };
  process.on('message', onMessage);
  const prefix = sessionPrefix(index, generation);
  return {
    index,
    workers,
    idPrefix: prefix,
    ownerOf(id) {
      const owner = workerOfSession(id);
      if (owner === undefined || owner < 0 || owner >= workers) return undefined;
      const alive = owner === index ? generation : generations[owner];
      if (alive === undefined || id[1] !== ALPHABET[alive % ALPHABET.length]) throw lost(id, owner);
      return owner === index ? undefined : owner;
    },
    async forward(owner, request) {
      try {
        return await channel.forward(owner, peerAddress(primary, owner), request);
      } catch {
        const id = /^\/v1\/sessions\/([^/?]+)/.exec(request.target)?.[1] ?? '(new)';
        throw lost(id, owner);
      }
    },
    peers() {
      const order: number[] = [];
      for (let k = 1; k < workers; k++) {
        const peer = (index + k) % workers;
        if (generations[peer] !== undefined) order.push(peer);
      }
      return order;
    },
    listen: (dispatch) => channel.listen(dispatch),
    ready(port, url) {
      const message: ToPrimary = { type: 'lamsim-ready', index, port, url };
      process.send?.(message);
    },
    drained() {
      if (!process.connected) return Promise.resolve();
      return new Promise<void>((resolve) => {
        exit = resolve;
        process.once('disconnect', resolve);
        const message: ToPrimary = { type: 'lamsim-drained', index };
        process.send?.(message);
      });
    },
    close() {
      process.off('message', onMessage);
      channel.close();
    },
  };
}

export interface ClusterHandle {
  /** The public address, once every worker listens. */
  readonly ready: Promise<{ url: string; port: number }>;
  /** Stops every worker gracefully (SIGTERM) and waits for them. */
  stop(): Promise<void>;
}

/**
 * The primary's side: forks `workers` processes running the same command, tells each which of its
 * peers listen (and in which generation), and forks a worker again under the same index if one
 * dies. Snapshots are signed with one key shared by every worker, so a snapshot taken on one
 * restores on another.
 */
export function startCluster(workers: number, onEvent: (line: string) => void): ClusterHandle {
  process.env['LAMSIM_SNAPSHOT_KEY'] ||= randomBytes(32).toString('hex');
  const generations: (number | undefined)[] = new Array(workers).fill(undefined);
  const started = new Array<number>(workers).fill(0);
  const byIndex = new Map<number, Worker>();
  let stopping = false;
  let resolveReady: (value: { url: string; port: number }) => void;
  let rejectReady: (error: Error) => void;
  const ready = new Promise<{ url: string; port: number }>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  let publicAddress: { url: string; port: number } | undefined;

  // Stopping: every worker finishes its requests in flight (still answering its peers) before any closes its sessions.
  const drained = new Set<number>();
  const releaseWhenDrained = () => {
    if (!stopping || drained.size < workers) return;
    const message: ToWorker = { type: 'lamsim-exit' };
    for (const worker of byIndex.values()) if (worker.isConnected()) worker.send(message);
  };
  const broadcast = () => {
    const message: ToWorker = { type: 'lamsim-peers', generations };
    for (const worker of byIndex.values()) if (worker.isConnected()) worker.send(message);
  };

  const fork = (index: number) => {
    const generation = started[index]!++;
    const worker = cluster.fork({ LAMSIM_WORKER_INDEX: String(index), LAMSIM_WORKERS: String(workers), LAMSIM_WORKER_GENERATION: String(generation), LAMSIM_PRIMARY_PID: String(process.pid) });
    byIndex.set(index, worker);
    worker.on('message', (message: ToPrimary) => {
      if (message?.type === 'lamsim-drained') {
        drained.add(index);
        releaseWhenDrained();
      }
      if (message?.type !== 'lamsim-ready') return;
      generations[index] = generation;
      publicAddress ??= { url: message.url, port: message.port };
      broadcast();
      if (generations.every((g) => g !== undefined)) resolveReady(publicAddress);
    });
    worker.on('exit', (code, signal) => {
      generations[index] = undefined;
      if (stopping) {
        drained.add(index);
        releaseWhenDrained();
        return;
      }
      broadcast();
      if (publicAddress === undefined) {
        rejectReady(new Error(`worker ${index} exited (${signal ?? code}) before listening`));
        return;
      }
      onEvent(`worker ${index} exited (${signal ?? code}); its sessions are lost (they answer 410 session_lost); starting it again`);
      fork(index);
    });
  };
  for (let index = 0; index < workers; index++) fork(index);

  return {
    ready,
    async stop() {
      stopping = true;
      for (const [index, worker] of byIndex) if (worker.isDead()) drained.add(index);
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
