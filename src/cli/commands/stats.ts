import type { Command } from '../command.js';
import { parseFlags } from '../flags.js';
import type { CliIo } from '../io.js';
import { progress } from '../progress.js';
import { fileKiB, inputFile, readingInput } from '../record-input.js';
import { readRecords } from '../../rollout/record-file.js';
import { formatStatsTable, StatsAccumulator, type StatsReport } from '../../rollout/stats.js';

/** Statistics of a trajectory file, in one streaming pass. */
export async function statsOf(io: CliIo, input: string): Promise<StatsReport> {
  const stats = new StatsAccumulator();
  const bar = progress(io.stderr, io.interactive, 'stats (KiB)', fileKiB(input));
  await readingInput(async () => {
    for await (const { record, line } of readRecords(input)) {
      stats.add(record);
      bar.tick(Math.ceil(line.end / 1024));
    }
  });
  bar.done();
  return stats.report();
}

export const statsCommand: Command = {
  name: 'stats',
  summary: 'action pass rate, task pass rate and errors by class, per env, split and template',
  usage: 'lamsim stats FILE [--json]',
  help: `Columns: episodes; task pass (final answer right); action pass (played actions that passed every
check); failed actions by class (structure, toolname, arguments, execution); kept (by the filter);
mean steps; and, when candidates were sampled, the pass rate of every sampled candidate.`,
  async run(argv, io) {
    const flags = parseFlags(argv, { json: { type: 'boolean' } }, true);
    const input = inputFile(flags.positionals, io.cwd);
    const report = await statsOf(io, input);
    io.stdout.write(flags.values['json'] === true ? `${JSON.stringify(report, null, 2)}\n` : `${formatStatsTable(report)}\n`);
    return 0;
  },
};
