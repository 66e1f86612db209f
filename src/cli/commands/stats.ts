import type { Command } from '../command.js';
import { AtomicFile } from '../files.js';
import { optionalString, parseFlags } from '../flags.js';
import type { CliIo } from '../io.js';
import { progress } from '../progress.js';
import { fileKiB, inputFile, readingInput } from '../record-input.js';
import { readRecords } from '../../rollout/record-file.js';
import { formatStatsTable, StatsAccumulator, type StatsReport } from '../../rollout/stats.js';
import { statsPage } from '../../rollout/stats-page.js';

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
  usage: 'lamsim stats FILE [--json] [--html OUT]',
  help: `Columns: episodes; task pass (final answer right); action pass (played actions that passed every
check); failed actions by class (structure, toolname, arguments, execution); kept (by the filter);
mean steps; and, when candidates were sampled, the pass rate of every sampled candidate.
--html OUT also writes a self-contained page charting the pass rates per template and the failed
actions by error class (inline SVG).`,
  async run(argv, io) {
    const flags = parseFlags(argv, { json: { type: 'boolean' }, html: { type: 'string' } }, true);
    const input = inputFile(flags.positionals, io.cwd);
    const html = optionalString(flags, 'html');
    const report = await statsOf(io, input);
    if (html !== undefined) {
      const file = new AtomicFile(html, io.cwd);
      await file.write(statsPage(report, `lamsim stats: ${flags.positionals[0]}`));
      await file.commit();
      io.stderr.write(`wrote ${html}\n`);
    }
    io.stdout.write(flags.values['json'] === true ? `${JSON.stringify(report, null, 2)}\n` : `${formatStatsTable(report)}\n`);
    return 0;
  },
};
