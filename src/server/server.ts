import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, type BodyLimit } from './body.js';
import { endpoints, type Endpoint, type Reply, type RequestContext, type ServerState } from './endpoints.js';
import { errorBody, HttpError } from './http-error.js';
import { isLoopbackHost, RequestGuard, type AccessPolicy } from './request-guard.js';
import { Router, type Route } from './router.js';
import { SessionStore } from './session-store.js';
import { SnapshotStore } from './snapshot-store.js';
import { configureWorldCache, DEFAULT_WORLD_CACHE_BYTES } from '../core/world-cache.js';
import { CLOSED_WORLD_POLICY, type WorldPolicy } from './world-policy.js';
import type { ClusterMember } from './cluster.js';
import type { ForwardedRequest } from './peer-channel.js';

export interface ServerOptions {
  /** Default 127.0.0.1: only this machine can connect. */
  readonly host?: string;
  /** Default 8765; 0 picks a free port. */
  readonly port?: number;
  /** Idle time after which a session is closed. Default 10 minutes. */
  readonly sessionTtlMs?: number;
  /** Default 1024. */
  readonly maxSessions?: number;
  /** Steps one session may take over its life. Default 1,000,000. */
  readonly maxSessionSteps?: number;
  /** Default 4 MiB. */
  readonly maxBodyBytes?: number;
  /** The body limit of POST .../restore (a snapshot from outside, after gzip inflation). Default 64 MiB. */
  readonly maxSnapshotBytes?: number;
  /** Total bytes of snapshots kept server-side by handle. Default 256 MiB. */
  readonly snapshotStoreBytes?: number;
  /** Snapshots one session keeps by handle. Default 16. */
  readonly snapshotsPerSession?: number;
  /**
   * Sets the bound of the process-wide world cache (core's LRU by estimated bytes; default
   * 512 MiB) when given. The cache is shared by every env in the process.
   */
  readonly worldCacheBytes?: number;
  /** What clients may choose about worlds. Default: nothing (no worldSeed, no world options). */
  readonly worldPolicy?: WorldPolicy;
  /** Host/Origin allow-lists and the session-creation token. A non-loopback host requires a token. */
  readonly access?: AccessPolicy;
  /** Open connections at most; more are dropped on arrival. Default 512. */
  readonly maxConnections?: number;
  /** Time to receive a request's headers; a slower client is dropped. Default 5 s. */
  readonly headersTimeoutMs?: number;
  /** Time to receive a whole request, body included. Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** How long an idle kept-alive connection stays open between requests. Default 65 s. */
  readonly keepAliveTimeoutMs?: number;
  /** This process's place in `serve --workers` (session ids, handing requests to the session's worker). */
  readonly cluster?: ClusterMember;
  /** Further routes (e.g. a protocol mounted under a session), served with the same checks. */
  readonly routes?: (state: ServerState) => Route<Endpoint>[];
  /** The clock sessions idle by (injectable for tests). */
  readonly now?: () => number;
  /** How often idle sessions are swept. Default: a quarter of the TTL, between 1 s and 60 s. */
  readonly sweepIntervalMs?: number;
  /** Told about every 5xx (an env or server fault), e.g. to log it. */
  readonly onFault?: (error: unknown) => void;
}

export interface RunningServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly sessions: SessionStore;
  /** Steps served so far. */
  readonly steps: number;
  /**
   * Stops accepting connections, lets requests in flight finish (for at most `graceMs`), then
   * closes every session. Safe to call more than once.
   */
  close(graceMs?: number): Promise<void>;
}

export const SERVER_DEFAULTS = {
  host: '127.0.0.1',
  port: 8765,
  sessionTtlMs: 600_000,
  maxSessions: 1024,
  maxSessionSteps: 1_000_000,
  maxBodyBytes: 4 * 1024 * 1024,
  maxSnapshotBytes: 64 * 1024 * 1024,
  snapshotStoreBytes: 256 * 1024 * 1024,
  snapshotsPerSession: 16,
  worldCacheBytes: DEFAULT_WORLD_CACHE_BYTES,
  maxConnections: 512,
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 30_000,
  // Trainers pause between steps while a model thinks: keep their connections open through that.
  keepAliveTimeoutMs: 65_000,
} as const;

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * One write per reply: the body goes as a string, which Node sends in the same packet as the
 * headers. The headers go to writeHead as one flat list (no per-header setHeader bookkeeping).
 */
function send(res: ServerResponse, reply: Reply, closing: boolean): void {
  const headers: string[] = ['content-type', reply.contentType ?? JSON_TYPE, 'content-length', String(Buffer.byteLength(reply.body, 'utf8')), 'cache-control', 'no-store', 'x-content-type-options', 'nosniff'];
  if (closing) headers.push('connection', 'close');
  if (reply.headers !== undefined) for (const name in reply.headers) headers.push(name, reply.headers[name]!);
  res.writeHead(reply.status, headers);
  res.end(reply.body, 'utf8');
}

const PLAIN_TARGET = /^(\/[A-Za-z0-9_\-/]*)(?:\?([^#]*))?$/;
const NO_QUERY = new URLSearchParams();

/** Path and query of a request target; the common shape without a URL object. */
function parseTarget(target: string): { path: string; query: URLSearchParams } {
  const plain = PLAIN_TARGET.exec(target);
  if (plain !== null && !plain[1]!.includes('//')) return { path: plain[1]!, query: plain[2] ? new URLSearchParams(plain[2]) : NO_QUERY };
  try {
    const url = new URL(target, 'http://lamsim.invalid');
    return { path: url.pathname, query: url.searchParams };
  } catch {
    throw new HttpError(400, 'invalid_request', `cannot parse the request target ${JSON.stringify(target)}`);
  }
}

function failure(error: unknown): { reply: Reply; fault: boolean } {
  if (error instanceof HttpError) return { reply: { status: error.status, body: errorBody(error.code, error.message), headers: error.headers }, fault: error.status >= 500 && error.code !== 'too_many_sessions' && error.code !== 'shutting_down' };
  return { reply: { status: 500, body: errorBody('internal', `internal server error: ${(error as Error)?.message ?? String(error)}`) }, fault: true };
}

/** Serves the registered environments over HTTP (the protocol is in the README). */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const now = options.now ?? (() => Date.now());
  const ttlMs = options.sessionTtlMs ?? SERVER_DEFAULTS.sessionTtlMs;
  const bodyLimit: BodyLimit = { bytes: options.maxBodyBytes ?? SERVER_DEFAULTS.maxBodyBytes, flag: '--max-body-bytes' };
  const snapshotLimit: BodyLimit = { bytes: options.maxSnapshotBytes ?? SERVER_DEFAULTS.maxSnapshotBytes, flag: '--max-snapshot-bytes' };
  const host = options.host ?? SERVER_DEFAULTS.host;
  const access = options.access ?? {};
  if (!isLoopbackHost(host) && access.authToken === undefined) {
    throw new Error(`listening on ${host} (beyond loopback) needs a session-creation token (--auth-token or --auth-token-file)`);
  }
  const snapshots = new SnapshotStore({ maxBytes: options.snapshotStoreBytes ?? SERVER_DEFAULTS.snapshotStoreBytes, perSession: options.snapshotsPerSession ?? SERVER_DEFAULTS.snapshotsPerSession });
  const sessions = new SessionStore({ ttlMs, maxSessions: options.maxSessions ?? SERVER_DEFAULTS.maxSessions, maxSteps: options.maxSessionSteps ?? SERVER_DEFAULTS.maxSessionSteps }, now, (id) => snapshots.dropSession(id), options.cluster?.idPrefix);
  if (options.worldCacheBytes !== undefined) configureWorldCache({ maxBytes: options.worldCacheBytes });
  const guard = new RequestGuard(access, host);
  const state: ServerState = { sessions, snapshots, guard, worldPolicy: options.worldPolicy ?? CLOSED_WORLD_POLICY, startedAt: now(), now, steps: 0, created: 0, ...(options.cluster !== undefined ? { worker: options.cluster.index, workers: options.cluster.workers } : {}) };
  const router = new Router<Endpoint>([...endpoints(state), ...(options.routes?.(state) ?? [])]);
  let closing = false;

  const member = options.cluster;
  const CREATE = router.match('POST', '/v1/sessions').handler;

  /** Runs a request here; with `request` (a client's, not a peer's), a full worker passes a new session on to its peers. */
  async function run(handler: Endpoint, ctx: RequestContext, request: ForwardedRequest | undefined): Promise<Reply> {
    try {
      return await handler.handle(ctx);
    } catch (error) {
      if (member === undefined || request === undefined || handler !== CREATE || !(error instanceof HttpError) || error.code !== 'too_many_sessions') throw error;
      for (const peer of member.peers()) {
        const reply = await member.forward(peer, request).catch(() => undefined);
        if (reply !== undefined && reply.status !== 503) return reply;
      }
      throw error;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (closing) throw new HttpError(503, 'shutting_down', 'the server is shutting down');
      const target = req.url ?? '/';
      const { path, query } = parseTarget(target);
      guard.checkOrigin(req.headers);
      const { handler, params } = router.match(req.method ?? 'GET', path);
      let body = '';
      if (handler.readsBody !== false) {
        guard.checkContentType(req.headers);
        body = await readBody(req, handler.readsBody === 'snapshot' ? snapshotLimit : bodyLimit);
      }
      const authorization = req.headers.authorization;
      const owner = member !== undefined && params['id'] !== undefined ? member.ownerOf(params['id']) : undefined;
      const request = member !== undefined ? { method: req.method ?? 'GET', target, authorization, body } : undefined;
      const reply = owner !== undefined ? await member!.forward(owner, request!) : await run(handler, { params, query, authorization, body }, request);
      send(res, reply, closing);
    } catch (error) {
      const { reply, fault } = failure(error);
      if (fault) options.onFault?.(error);
      if (!res.headersSent) send(res, reply, closing);
      else res.destroy();
    }
  }

  /** A request a peer worker handed over: run here, never handed on. */
  async function dispatch(request: ForwardedRequest): Promise<Reply> {
    try {
      const { path, query } = parseTarget(request.target);
      const { handler, params } = router.match(request.method, path);
      if (params['id'] !== undefined) member?.ownerOf(params['id']);
      return await run(handler, { params, query, authorization: request.authorization, body: request.body }, undefined);
    } catch (error) {
      const { reply, fault } = failure(error);
      if (fault) options.onFault?.(error);
      return reply;
    }
  }

  const headersTimeout = options.headersTimeoutMs ?? SERVER_DEFAULTS.headersTimeoutMs;
  const requestTimeout = Math.max(headersTimeout, options.requestTimeoutMs ?? SERVER_DEFAULTS.requestTimeoutMs);
  const newServer = (): Server => {
    const created = createServer(
      {
        headersTimeout,
        requestTimeout,
        keepAliveTimeout: options.keepAliveTimeoutMs ?? SERVER_DEFAULTS.keepAliveTimeoutMs,
        // How often Node looks for requests past their header/request timeouts (its default is 30 s).
        connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(headersTimeout / 4))),
      },
      (req, res) => void handle(req, res),
    );
    created.maxConnections = options.maxConnections ?? SERVER_DEFAULTS.maxConnections;
    return created;
  };
  const listen = (target: Server, port: number, on: string) =>
    new Promise<void>((resolve, reject) => {
      target.once('error', reject);
      target.listen(port, on, () => {
        target.off('error', reject);
        resolve();
      });
    });
  const server = newServer();
  await listen(server, options.port ?? SERVER_DEFAULTS.port, host);
  if (member !== undefined) await member.listen(dispatch);
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const sweepEvery = options.sweepIntervalMs ?? Math.min(60_000, Math.max(1_000, Math.floor(ttlMs / 4)));
  const sweeper = setInterval(() => sessions.sweep(), sweepEvery);
  sweeper.unref();
  let closed: Promise<void> | null = null;

  return {
    url: `http://${urlHost}:${address.port}`,
    host: address.address,
    port: address.port,
    sessions,
    get steps() {
      return state.steps;
    },
    close(graceMs = 5_000) {
      closed ??= new Promise<void>((resolve) => {
        closing = true;
        clearInterval(sweeper);
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        const stopped = new Promise<void>((done) => {
          server.close(() => done());
          server.closeIdleConnections();
        });
        void stopped.then(async () => {
          clearTimeout(force);
          if (member !== undefined) {
            let waited: NodeJS.Timeout | undefined;
            await Promise.race([member.drained(), new Promise<void>((done) => (waited = setTimeout(done, graceMs)))]);
            clearTimeout(waited);
          }
          sessions.closeAll();
          resolve();
        });
      });
      return closed;
    },
  };
}
