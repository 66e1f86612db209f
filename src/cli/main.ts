#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from './catalog.js';
import type { Command } from './command.js';
import { collectCommand } from './commands/collect.js';
import { evalCommand } from './commands/eval.js';
import { exportCommand } from './commands/export.js';
import { filterCommand } from './commands/filter.js';
import { generateCommand } from './commands/generate.js';
import { renderCommand } from './commands/render.js';
import { statsCommand } from './commands/stats.js';
import { listCommand } from './commands/list.js';
import { mcpCommand } from './commands/mcp.js';
import { runCommand } from './commands/run.js';
import { serveCommand } from './commands/serve.js';
import { worldCommand } from './commands/world.js';
import { auditCommand } from './commands/audit.js';
import { queueCommand } from './commands/queue.js';
import { workerCommand } from './commands/worker.js';
import { CliError, processIo, type CliIo } from './io.js';

/** Every subcommand, in the order `--help` lists them. Add a command by adding a line. */
export const COMMANDS: readonly Command[] = [
  runCommand,
  listCommand,
  generateCommand,
  collectCommand,
  workerCommand,
  queueCommand,
  filterCommand,
  exportCommand,
  statsCommand,
  evalCommand,
  renderCommand,
  worldCommand,
  serveCommand,
  auditCommand,
  mcpCommand,
];

function usage(): string {
  const rows = COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n');
  return `lamsim: Gym-style environments for training tool-using LLM agents

Usage: lamsim [--plugin FILE]... <command> [flags]

Commands:
${rows}

Global flags:
  --plugin FILE   load a module that registers more environments (repeatable)
  -h, --help      help for lamsim or a command
`;
}

/** Runs the CLI; returns the exit code. Never lets a user mistake out as a stack trace. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const args = [...argv];
  const plugins: string[] = [];
  while (args[0] === '--plugin') {
    args.shift();
    const file = args.shift();
    if (!file) {
      io.stderr.write('lamsim: --plugin needs a file\n');
      return 2;
    }
    plugins.push(file);
  }
  const name = args.shift();
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`lamsim: unknown command ${JSON.stringify(name)} (commands: ${COMMANDS.map((c) => c.name).join(', ')}; see lamsim --help)\n`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${command.summary}\n\nUsage: ${command.usage}\n${command.help ? `\n${command.help}\n` : ''}`);
    return 0;
  }
  try {
    await loadCatalog(plugins, io.cwd);
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`lamsim ${command.name}: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`lamsim ${command.name}: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

function invokedDirectly(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

/** Standard output that fails (a full disk, a closed pipe) ends the process with one line, not a stack trace. */
function guardStdout(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') process.stderr.write(`lamsim: cannot write to standard output: ${error.message.split('\n')[0]}\n`);
    process.exit(error.code === 'EPIPE' ? 0 : 1);
  });
}

if (invokedDirectly()) {
  guardStdout();
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`lamsim: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
