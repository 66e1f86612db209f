import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './body.js';
import { endpoints, type Endpoint, type Reply, type ServerState } from './endpoints.js';
import { errorBody, HttpError } from './http-error.js';
import type { Mount } from './mount.js';
import { Router } from './router.js';
import { SessionStore } from './session-store.js';

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
  /** The clock sessions idle by (injectable for tests). */
  readonly now?: () => number;
  /** How often idle sessions are swept. Default: a quarter of the TTL, between 1 s and 60 s. */
  readonly sweepIntervalMs?: number;
  /** Told about every 5xx (an env or server fault), e.g. to log it. */
  readonly onFault?: (error: unknown) => void;
  /** Handlers that write their own responses, served beside the endpoints (e.g. MCP). */
  readonly mounts?: readonly Mount[];
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
} as const;

const JSON_TYPE = 'application/json; charset=utf-8';

function send(res: ServerResponse, reply: Reply, closing: boolean): void {
  const body = Buffer.from(reply.body, 'utf8');
  res.writeHead(reply.status, {
    'content-type': reply.contentType ?? JSON_TYPE,
    'content-length': body.length,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...(closing ? { connection: 'close' } : {}),
    ...reply.headers,
  });
  res.end(body);
}

function failure(error: unknown): { reply: Reply; fault: boolean } {
  if (error instanceof HttpError) return { reply: { status: error.status, body: errorBody(error.code, error.message), headers: error.headers }, fault: error.status >= 500 && error.code !== 'too_many_sessions' && error.code !== 'shutting_down' };
  return { reply: { status: 500, body: errorBody('internal', `internal server error: ${(error as Error)?.message ?? String(error)}`) }, fault: true };
}

/** Serves the registered environments over HTTP (the protocol is in the README). */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const now = options.now ?? (() => Date.now());
  const ttlMs = options.sessionTtlMs ?? SERVER_DEFAULTS.sessionTtlMs;
  const maxBody = options.maxBodyBytes ?? SERVER_DEFAULTS.maxBodyBytes;
  const sessions = new SessionStore({ ttlMs, maxSessions: options.maxSessions ?? SERVER_DEFAULTS.maxSessions, maxSteps: options.maxSessionSteps ?? SERVER_DEFAULTS.maxSessionSteps }, now);
  const state: ServerState = { sessions, startedAt: now(), now, steps: 0, created: 0 };
  const router = new Router<Endpoint | Mount>([...endpoints(state), ...(options.mounts ?? []).map((mount) => ({ method: mount.method, path: mount.path, handler: mount }))]);
  let closing = false;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (closing) throw new HttpError(503, 'shutting_down', 'the server is shutting down');
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://lamsim.invalid');
      } catch {
        throw new HttpError(400, 'invalid_request', `cannot parse the request target ${JSON.stringify(req.url)}`);
      }
      const { handler, params } = router.match(req.method ?? 'GET', url.pathname);
      if ('serve' in handler) return await handler.serve(req, res, { params, state, readBody: () => readBody(req, maxBody) });
      const body = handler.readsBody ? await readBody(req, maxBody) : '';
      send(res, handler.handle({ params, query: url.searchParams, authorization: req.headers.authorization, body }), closing);
    } catch (error) {
      const { reply, fault } = failure(error);
      if (fault) options.onFault?.(error);
      if (!res.headersSent) send(res, reply, closing);
      else res.destroy();
    }
  }

  const server: Server = createServer((req, res) => void handle(req, res));
  // Trainers pause between steps while a model thinks: keep their connections open through that.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? SERVER_DEFAULTS.port, options.host ?? SERVER_DEFAULTS.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.address;
  const urlHost = address.family === 'IPv6' ? `[${host}]` : host;
  const sweepEvery = options.sweepIntervalMs ?? Math.min(60_000, Math.max(1_000, Math.floor(ttlMs / 4)));
  const sweeper = setInterval(() => sessions.sweep(), sweepEvery);
  sweeper.unref();
  let closed: Promise<void> | null = null;

  return {
    url: `http://${urlHost}:${address.port}`,
    host,
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
        server.close(() => {
          clearTimeout(force);
          sessions.closeAll();
          resolve();
        });
        server.closeIdleConnections();
      });
      return closed;
    },
  };
}
