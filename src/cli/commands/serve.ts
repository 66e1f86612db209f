import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Command } from '../command.js';
import { isCliProcess } from '../entry.js';
import { intFlag, optionalString, parseFlags, type ParsedFlags } from '../flags.js';
import { CliError, oneLine } from '../io.js';
import { mcpRoute } from '../../mcp/http.js';
import { clusterMember, MAX_WORKERS, startCluster } from '../../server/cluster.js';
import type { ServerState } from '../../server/endpoints.js';
import { isLoopbackHost } from '../../server/request-guard.js';
import { SERVER_DEFAULTS, startServer, type ServerOptions } from '../../server/server.js';
import { parseWorldOptionSpecs } from '../../server/world-policy.js';

const MIB = 1024 * 1024;
const MIN_TOKEN_CHARS = 16;

function list(flags: ParsedFlags, name: string): string[] {
  const raw = flags.values[name];
  return Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : [];
}

/** The session-creation token from --auth-token or --auth-token-file (first line, trimmed). */
function authToken(flags: ParsedFlags): string | undefined {
  const inline = optionalString(flags, 'auth-token');
  const file = optionalString(flags, 'auth-token-file');
  if (inline !== undefined && file !== undefined) throw new CliError('give one of --auth-token and --auth-token-file');
  let token = inline;
  if (file !== undefined) {
    try {
      token = readFileSync(file, 'utf8').split('\n')[0]!.trim();
    } catch (error) {
      throw new CliError(`--auth-token-file ${file}: ${oneLine(error)}`);
    }
  }
  if (token === undefined) return undefined;
  if (token.length < MIN_TOKEN_CHARS || /\s/.test(token)) throw new CliError(`the auth token must be at least ${MIN_TOKEN_CHARS} characters without spaces (e.g. openssl rand -hex 24)`);
  return token;
}

/**
 * One process per core by default (os.availableParallelism), within what session ids can name;
 * one when lamsim runs inside another program (its workers could not be forked from there).
 */
function defaultWorkers(): number {
  return isCliProcess() ? Math.max(1, Math.min(MAX_WORKERS, availableParallelism())) : 1;
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (name: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(name);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'drive the registered environments over HTTP (sessions, step, reset, snapshot)',
  usage:
    'lamsim serve [--host H] [--port P] [--workers N] [--auth-token T | --auth-token-file F] [--allow-host H]... [--allow-origin O]... [--allow-world-seeds] [--allow-world-option KEY[=MAX]]... [--world-cache-mb N] [--session-ttl-ms MS] [--max-sessions N] [--max-session-steps N] [--max-body-bytes B] [--max-snapshot-bytes B] [--snapshot-store-mb N] [--max-connections N] [--headers-timeout-ms MS] [--request-timeout-ms MS] [--keep-alive-timeout-ms MS]',
  help: `Listens on 127.0.0.1:${SERVER_DEFAULTS.port} by default. When stdout is not a terminal the first line is JSON:
{"url": "http://127.0.0.1:PORT", ...}. SIGINT or SIGTERM stops it gracefully. Protocol: see the README.
Each session's tools are also an MCP server (Streamable HTTP) at POST /v1/sessions/{id}/mcp, with the
session's token: tools/call plays one step; rewards and the verdict stay on the JSON protocol.

  --workers N             N processes accept connections on the port (node:cluster); a session stays in the
                          process it was created in, and a request reaching another is handed to it over a
                          local socket (default: the number of cores, ${availableParallelism()} here; 1 = one process;
                          at most ${MAX_WORKERS}). --max-sessions, --max-connections and --snapshot-store-mb are
                          totals, split evenly (a full process passes a new session to one with room);
                          --world-cache-mb bounds each process's cache; other limits are per request/session.

Access
  --auth-token T, --auth-token-file F   creating a session needs "Authorization: Bearer T" (401 otherwise);
                          required when --host is not loopback. The file's first line is the token (>= ${MIN_TOKEN_CHARS} chars).
  --allow-host H          also answer to Host H (repeatable; '*' any). Loopback names and the bound address
                          always pass; other Host headers get 403 (DNS rebinding).
  --allow-origin O        accept browser requests from origin O, e.g. http://localhost:3000 (repeatable; '*' any).
                          Requests carrying any other Origin header get 403.
  Request bodies must be Content-Type: application/json (415 otherwise); Content-Encoding: gzip is accepted.

Worlds
  --allow-world-seeds     let clients choose make.worldSeed (refused with 403 by default)
  --allow-world-option KEY[=MAX]   let clients set make.world.KEY, every number under it at most MAX
                          (repeatable; e.g. --allow-world-option cases=5000). Others are refused with 403.
  --world-cache-mb N      bound of the process's world cache in estimated MiB, least recently used
                          evicted (default ${SERVER_DEFAULTS.worldCacheBytes / MIB})

Limits
  --session-ttl-ms MS     idle time before a session is closed (default ${SERVER_DEFAULTS.sessionTtlMs})
  --max-sessions N        live sessions (default ${SERVER_DEFAULTS.maxSessions}; 503 beyond)
  --max-session-steps N   steps over a session's life (default ${SERVER_DEFAULTS.maxSessionSteps}; 429 beyond)
  --max-body-bytes B      request body limit (default ${SERVER_DEFAULTS.maxBodyBytes}; 413 beyond)
  --max-snapshot-bytes B  body limit of POST .../restore, after gzip inflation (default ${SERVER_DEFAULTS.maxSnapshotBytes})
  --snapshot-store-mb N   snapshots kept server-side by handle, all sessions (default ${SERVER_DEFAULTS.snapshotStoreBytes / MIB})
  --max-connections N     open connections; more are dropped (default ${SERVER_DEFAULTS.maxConnections})
  --headers-timeout-ms MS time to send a request's headers before the socket is dropped (default ${SERVER_DEFAULTS.headersTimeoutMs})
  --request-timeout-ms MS time to send a whole request, body included (default ${SERVER_DEFAULTS.requestTimeoutMs})
  --keep-alive-timeout-ms MS   idle time of a kept-alive connection between requests (default ${SERVER_DEFAULTS.keepAliveTimeoutMs})

Step replies carry only the new messages (observation.from + observation.messages); add
?transcript=full for the whole transcript.`,
  async run(argv, io) {
    const flags = parseFlags(argv, {
      host: { type: 'string' },
      port: { type: 'string' },
      workers: { type: 'string' },
      'auth-token': { type: 'string' },
      'auth-token-file': { type: 'string' },
      'allow-host': { type: 'string', multiple: true },
      'allow-origin': { type: 'string', multiple: true },
      'allow-world-seeds': { type: 'boolean' },
      'allow-world-option': { type: 'string', multiple: true },
      'world-cache-mb': { type: 'string' },
      'session-ttl-ms': { type: 'string' },
      'max-sessions': { type: 'string' },
      'max-session-steps': { type: 'string' },
      'max-body-bytes': { type: 'string' },
      'max-snapshot-bytes': { type: 'string' },
      'snapshot-store-mb': { type: 'string' },
      'max-connections': { type: 'string' },
      'headers-timeout-ms': { type: 'string' },
      'request-timeout-ms': { type: 'string' },
      'keep-alive-timeout-ms': { type: 'string' },
    });
    const host = optionalString(flags, 'host') ?? SERVER_DEFAULTS.host;
    const token = authToken(flags);
    if (!isLoopbackHost(host) && token === undefined) {
      throw new CliError(`--host ${host} is beyond loopback: give a session-creation token with --auth-token-file PATH (or --auth-token)`);
    }
    let worldOptions;
    try {
      worldOptions = parseWorldOptionSpecs(list(flags, 'allow-world-option'));
    } catch (error) {
      throw new CliError(oneLine(error));
    }
    const workers = intFlag(flags, 'workers', defaultWorkers(), { min: 1, max: MAX_WORKERS });
    if (workers > 1 && !isCliProcess() && clusterMember() === undefined) throw new CliError(`--workers ${workers} forks copies of the lamsim command, so it needs lamsim started as its own process (not called in-process)`);
    const share = (total: number) => Math.ceil(total / workers);
    const options: ServerOptions = {
      host,
      port: intFlag(flags, 'port', SERVER_DEFAULTS.port, { min: 0, max: 65_535 }),
      access: { allowHosts: list(flags, 'allow-host'), allowOrigins: list(flags, 'allow-origin'), ...(token !== undefined ? { authToken: token } : {}) },
      worldPolicy: { seeds: flags.values['allow-world-seeds'] === true, options: worldOptions },
      worldCacheBytes: intFlag(flags, 'world-cache-mb', SERVER_DEFAULTS.worldCacheBytes / MIB, { min: 1, max: 1_000_000 }) * MIB,
      sessionTtlMs: intFlag(flags, 'session-ttl-ms', SERVER_DEFAULTS.sessionTtlMs, { min: 1 }),
      maxSessions: share(intFlag(flags, 'max-sessions', SERVER_DEFAULTS.maxSessions, { min: 1 })),
      maxSessionSteps: intFlag(flags, 'max-session-steps', SERVER_DEFAULTS.maxSessionSteps, { min: 1 }),
      maxBodyBytes: intFlag(flags, 'max-body-bytes', SERVER_DEFAULTS.maxBodyBytes, { min: 1024 }),
      maxSnapshotBytes: intFlag(flags, 'max-snapshot-bytes', SERVER_DEFAULTS.maxSnapshotBytes, { min: 1024, max: 2 ** 31 - 1 }),
      snapshotStoreBytes: share(intFlag(flags, 'snapshot-store-mb', SERVER_DEFAULTS.snapshotStoreBytes / MIB, { min: 1, max: 1_000_000 }) * MIB),
      maxConnections: share(intFlag(flags, 'max-connections', SERVER_DEFAULTS.maxConnections, { min: 1 })),
      headersTimeoutMs: intFlag(flags, 'headers-timeout-ms', SERVER_DEFAULTS.headersTimeoutMs, { min: 100 }),
      requestTimeoutMs: intFlag(flags, 'request-timeout-ms', SERVER_DEFAULTS.requestTimeoutMs, { min: 100 }),
      keepAliveTimeoutMs: intFlag(flags, 'keep-alive-timeout-ms', SERVER_DEFAULTS.keepAliveTimeoutMs, { min: 100 }),
      routes: (state: ServerState) => [mcpRoute(state)],
      onFault: (error: unknown) => io.stderr.write(`lamsim serve: ${(error as Error)?.stack ?? String(error)}\n`),
    };
    const terminal = (io.stdout as { isTTY?: boolean }).isTTY === true;
    const announce = (url: string, port: number, extra: Record<string, unknown>) => {
      if (terminal) io.stdout.write(`lamsim serve: listening on ${url}${token !== undefined ? ' (session creation needs the auth token)' : ''} (Ctrl-C to stop)\n`);
      else io.stdout.write(`${JSON.stringify({ url, host, port, pid: process.pid, authToken: token !== undefined, ...extra })}\n`);
    };
    const member = clusterMember();
    if (workers > 1 && member === undefined) {
      const group = startCluster(workers, (line) => io.stderr.write(`lamsim serve: ${line}\n`));
      let address;
      try {
        address = await group.ready;
      } catch (error) {
        await group.stop();
        throw new CliError(`cannot listen on ${host}:${options.port}: ${oneLine(error)}`);
      }
      announce(address.url, address.port, { workers });
      const signal = await untilSignal();
      io.stderr.write(`lamsim serve: ${signal}: stopping ${workers} workers\n`);
      await group.stop();
      return 0;
    }
    let server;
    try {
      server = await startServer(member !== undefined ? { ...options, cluster: member } : options);
    } catch (error) {
      member?.close();
      throw new CliError(`cannot listen on ${host}:${options.port}: ${oneLine(error)}`);
    }
    if (member) member.ready(server.port, server.url);
    else announce(server.url, server.port, { workers: 1 });
    const signal = await untilSignal();
    io.stderr.write(`lamsim serve: ${member !== undefined ? `worker ${member.index}: ` : ''}${signal}: finishing requests in flight and closing ${server.sessions.size} session(s)\n`);
    await server.close();
    member?.close();
    if (member !== undefined) process.disconnect?.();
    return 0;
  },
};
