import type { Command } from '../command.js';
import { intFlag, optionalString, parseFlags } from '../flags.js';
import { CliError, oneLine } from '../io.js';
import { mcpMount } from '../../mcp/http.js';
import { SERVER_DEFAULTS, startServer } from '../../server/server.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export const serveCommand: Command = {
  name: 'serve',
  summary: 'drive the registered environments over HTTP (sessions, step, reset, snapshot)',
  usage: 'lamsim serve [--host H] [--port P] [--session-ttl-ms MS] [--max-sessions N] [--max-session-steps N] [--max-body-bytes B]',
  help: `Listens on 127.0.0.1:${SERVER_DEFAULTS.port} by default. When stdout is not a terminal the first line is JSON:
{"url": "http://127.0.0.1:PORT", ...}. SIGINT or SIGTERM stops it gracefully. Protocol: see the README.`,
  async run(argv, io) {
    const flags = parseFlags(argv, {
      host: { type: 'string' },
      port: { type: 'string' },
      'session-ttl-ms': { type: 'string' },
      'max-sessions': { type: 'string' },
      'max-session-steps': { type: 'string' },
      'max-body-bytes': { type: 'string' },
    });
    const host = optionalString(flags, 'host') ?? SERVER_DEFAULTS.host;
    const options = {
      host,
      port: intFlag(flags, 'port', SERVER_DEFAULTS.port, { min: 0, max: 65_535 }),
      sessionTtlMs: intFlag(flags, 'session-ttl-ms', SERVER_DEFAULTS.sessionTtlMs, { min: 1 }),
      maxSessions: intFlag(flags, 'max-sessions', SERVER_DEFAULTS.maxSessions, { min: 1 }),
      maxSessionSteps: intFlag(flags, 'max-session-steps', SERVER_DEFAULTS.maxSessionSteps, { min: 1 }),
      maxBodyBytes: intFlag(flags, 'max-body-bytes', SERVER_DEFAULTS.maxBodyBytes, { min: 1024 }),
      mounts: [mcpMount()],
      onFault: (error: unknown) => io.stderr.write(`lamsim serve: ${(error as Error)?.stack ?? String(error)}\n`),
    };
    let server;
    try {
      server = await startServer(options);
    } catch (error) {
      throw new CliError(`cannot listen on ${host}:${options.port}: ${oneLine(error)}`);
    }
    if (!LOOPBACK.has(host)) io.stderr.write(`lamsim serve: listening on ${host}: anyone who can reach this address can create sessions\n`);
    const terminal = (io.stdout as { isTTY?: boolean }).isTTY === true;
    if (terminal) io.stdout.write(`lamsim serve: listening on ${server.url} (Ctrl-C to stop)\n`);
    else io.stdout.write(`${JSON.stringify({ url: server.url, host: server.host, port: server.port, pid: process.pid })}\n`);
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      const stop = (name: NodeJS.Signals) => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve(name);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    io.stderr.write(`lamsim serve: ${signal}: finishing requests in flight and closing ${server.sessions.size} session(s)\n`);
    await server.close();
    return 0;
  },
};
