import { resolve } from 'node:path';
import { findEnvironment } from '../catalog.js';
import type { Command } from '../command.js';
import { intFlag, optionalString, parseFlags, requireString } from '../flags.js';
import { CliError, oneLine } from '../io.js';
import { JsonlError } from '../../data/jsonl.js';
import { MCP_ACTION_FORMAT } from '../../mcp/tools.js';
import { serializeRecord } from '../../rollout/record.js';
import { TrajectoryLog } from '../../rollout/trajectory-log.js';
import { TRAJECTORIES_FILE } from './collect.js';

export const mcpCommand: Command = {
  name: 'mcp',
  summary: 'serve one episode\'s tools over MCP (stdio) and record the trajectory when it ends',
  usage: 'lamsim mcp --env ID [--seed S] [--split S] [--out FILE] [--max-steps N]',
  help: `Speaks the Model Context Protocol on stdin/stdout (for desktop and SDK agents; launch it from the
client's configuration). tools/list gives exactly the episode's offered tools, the terminal tool
included; tools/call plays one step and returns what the agent would see (a failed action is a tool
error with the handler's message). The task is in the server's instructions and its "task" prompt.
When the episode ends (answer given, or the step limit reached) its trajectory record, the same
schema as collect's, is appended to FILE (default ./${TRAJECTORIES_FILE}), ready for filter, export
and stats. Rewards and the verdict are never shown to the agent: they are in the record.
Logs go to stderr; the process ends when the client closes stdin.`,
  async run(argv, io) {
    const flags = parseFlags(argv, {
      env: { type: 'string' },
      seed: { type: 'string' },
      split: { type: 'string' },
      out: { type: 'string' },
      'max-steps': { type: 'string' },
    });
    const environment = findEnvironment(requireString(flags, 'env'));
    const split = optionalString(flags, 'split') ?? environment.definition.defaultSplit;
    if (!environment.splits.has(split)) throw new CliError(`--split ${JSON.stringify(split)} is not a split of ${environment.id} (splits: ${[...environment.splits.keys()].join(', ')})`);
    if (!environment.formats.includes(MCP_ACTION_FORMAT)) throw new CliError(`${environment.id} does not read ${MCP_ACTION_FORMAT} tool calls (formats: ${environment.formats.join(', ')}), so its tools cannot be served over MCP`);
    const seed = intFlag(flags, 'seed', 0, { min: 0, max: 2 ** 31 });
    const maxSteps = flags.values['max-steps'] !== undefined ? intFlag(flags, 'max-steps', 20, { min: 1, max: 10_000 }) : undefined;
    const out = resolve(io.cwd, optionalString(flags, 'out') ?? TRAJECTORIES_FILE);
    let log: TrajectoryLog;
    try {
      ({ log } = await TrajectoryLog.open(out, true));
    } catch (error) {
      if (error instanceof JsonlError) throw new CliError(`--out ${out} is not a trajectory file: ${error.message}`);
      throw new CliError(`cannot open --out ${out}: ${oneLine(error)}`);
    }
    // the MCP SDK is loaded here, not at start-up, so other commands do not pay for it
    const [{ StdioServerTransport }, { episodeServer }, { RecordedEpisode }] = await Promise.all([
      import('@modelcontextprotocol/sdk/server/stdio.js'),
      import('../../mcp/episode-server.js'),
      import('../../mcp/recorded-episode.js'),
    ]);
    const policyName = (): string => {
      const client = server.getClientVersion()?.name;
      return client ? `mcp:${client}` : 'mcp';
    };
    const episode = new RecordedEpisode({ environment, split, seed, policyName, ...(maxSteps !== undefined ? { maxSteps } : {}) });
    const server = episodeServer(episode);
    const recorded = episode.finished.then(
      (content) => {
        log.append(serializeRecord(content).line);
        log.close();
        episode.overMessage = `the episode is over (${content.outcome.status} after ${content.steps.length} steps); its trajectory was written`;
        io.stderr.write(`lamsim mcp: ${environment.id}/${split} seed ${seed}: ${content.outcome.status} after ${content.steps.length} steps (${content.passed ? 'solved' : 'not solved'}); record appended to ${out}\n`);
        return true;
      },
      (error: unknown) => {
        log.close();
        io.stderr.write(`lamsim mcp: the episode failed: ${oneLine(error)}\n`);
        return false;
      },
    );
    const transport = new StdioServerTransport(process.stdin, process.stdout);
    const ended = new Promise<string>((done) => {
      process.stdin.once('end', () => done('the client closed stdin'));
      process.stdin.once('close', () => done('the client closed stdin'));
      transport.onclose = () => done('the transport closed');
      process.once('SIGINT', () => done('SIGINT'));
      process.once('SIGTERM', () => done('SIGTERM'));
    });
    await server.connect(transport);
    io.stderr.write(`lamsim mcp: serving ${environment.id}/${split} seed ${seed} over stdio; the record goes to ${out}\n`);
    const why = await ended;
    const settled = await Promise.race([recorded, Promise.resolve(null)]);
    if (settled === null) {
      log.close();
      io.stderr.write(`lamsim mcp: ${why} before the episode ended; no record written\n`);
    }
    await server.close();
    process.stdin.pause();
    return settled === false ? 1 : 0;
  },
};
