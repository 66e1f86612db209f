import type { Command } from '../command.js';
import { optionalString, parseFlags } from '../flags.js';
import { CliError } from '../io.js';
import { cliErrors, openQueueFlag, QUEUE_FLAGS, QUEUE_FLAGS_HELP } from '../queue-flags.js';
import { settleWithin } from '../../queue/connection.js';
import { openQueue } from '../../queue/queue.js';
import { checkRunId } from '../../queue/run-definition.js';
import { dropRun, queueStatus, type RunStatus } from '../../queue/status.js';

function table(runs: readonly RunStatus[]): string {
  if (runs.length === 0) return 'no runs in this queue\n';
  const lines: string[] = [];
  for (const r of runs) {
    const goal = r.untilKept !== null ? `until ${r.untilKept} kept` : `${r.planned ?? '?'} planned`;
    lines.push(`run ${r.run}: ${goal}, ${r.enqueued} enqueued, ${r.records} records, ${r.kept} kept`);
    lines.push(`  ${'env'.padEnd(20)} ${'waiting'.padStart(8)} ${'active'.padStart(7)} ${'retrying'.padStart(9)} ${'done'.padStart(8)} ${'failed'.padStart(7)}`);
    for (const e of r.envs) lines.push(`  ${e.env.padEnd(20)} ${String(e.waiting).padStart(8)} ${String(e.active).padStart(7)} ${String(e.retrying).padStart(9)} ${String(e.done).padStart(8)} ${String(e.failed).padStart(7)}`);
  }
  return `${lines.join('\n')}\n`;
}

export const queueCommand: Command = {
  name: 'queue',
  summary: 'queued collect runs: status (waiting / active / retrying / done / failed per env), drop',
  usage: 'lamsim queue status --queue URL [--run ID] [--json]\n       lamsim queue drop --queue URL --run ID',
  help: `Reads the queue from any machine. "retrying": episodes that failed or whose worker died at least once
and are not done yet (including those waiting out a backoff); "failed": given up after every attempt
(rerun the enqueuing command to retry them). Prints JSON with --json or when stderr is not a terminal.
\`queue drop --run ID\` deletes a run's jobs and stored records from Redis (gather it first).
${QUEUE_FLAGS_HELP}`,
  async run(argv, io) {
    const flags = parseFlags(argv, { ...QUEUE_FLAGS, run: { type: 'string' }, json: { type: 'boolean' } }, true);
    const [action, ...rest] = flags.positionals;
    if ((action !== 'status' && action !== 'drop') || rest.length > 0) throw new CliError(`usage: ${queueCommand.usage}`);
    const only = optionalString(flags, 'run');
    if (action === 'drop' && only === undefined) throw new CliError('queue drop needs --run ID');
    if (only !== undefined) await cliErrors(async () => checkRunId(only));
    const connection = await openQueueFlag(flags, io, 'queue');
    const queue = openQueue(connection);
    try {
      if (action === 'drop') {
        const { removed, held } = await cliErrors(() => dropRun(connection, queue, only!));
        io.stdout.write(`dropped run ${only}: ${removed} job(s) removed${held > 0 ? `, ${held} held by a worker right now (drop again once they finish)` : ''}\n`);
        return 0;
      }
      const runs = await cliErrors(() => queueStatus(connection, queue, only));
      io.stdout.write(flags.values['json'] === true || !io.interactive ? `${JSON.stringify({ queue: connection.address.shown, runs })}\n` : table(runs));
      return 0;
    } finally {
      await settleWithin(queue.close(), 2000);
      await connection.close();
    }
  },
};
