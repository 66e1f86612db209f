import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from '../command.js';
import { AtomicFile } from '../files.js';
import { describeAccounting, previousRuns, readManifest, totalOf, type AccountingTotals } from '../collect-manifest.js';
import { optionalString, parseFlags } from '../flags.js';
import { CliError, type CliIo } from '../io.js';
import { progress } from '../progress.js';
import { fileKiB, inputFile, readingInput } from '../record-input.js';
import { FILTER_MODES, isFilterMode, type FilterMode } from '../../rollout/filter.js';
import { readRecords } from '../../rollout/record-file.js';
import { formatStatsTable, StatsAccumulator, type StatsReport } from '../../rollout/stats.js';
import { statsPage } from '../../rollout/stats-page.js';

/** Statistics of a trajectory file, in one streaming pass. */
export async function statsOf(io: CliIo, input: string, filter: FilterMode = 'both'): Promise<StatsReport> {
  const stats = new StatsAccumulator(filter);
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

/** The cost of the collection a file came from: the runs in the collect.json beside it (null when there is none). */
export function collectionCost(input: string): AccountingTotals | null {
  const manifest = join(dirname(input), 'collect.json');
  if (!existsSync(manifest)) return null;
  try {
    const runs = previousRuns(readManifest(manifest));
    return runs.length > 0 ? totalOf(runs) : null;
  } catch {
    return null;
  }
}

export const statsCommand: Command = {
  name: 'stats',
  summary: 'action pass rate, task pass rate and errors by class, per env, split and template',
  usage: 'lamsim stats FILE [--filter both|actions|answer|none] [--json] [--html OUT]',
  help: `Columns: episodes; task pass (final answer right, as played); own pass (solved playing the
policy's first sample at every step: the policy's own pass rate, which sampling and selection do not
inflate; with sampling a lower bound, as a replaced first sample might have been recovered from); guided (only when some records were collected --answer-guided: solved episodes where the
answer key changed a pick); action pass (played actions that passed every check); failed actions by
class (structure, toolname, arguments, execution); kept (by the filter, --filter mode); mean steps;
and, when candidates were sampled, the pass rate of every sampled candidate.
When the file sits beside its collect.json, the collection's cost follows: model requests, prompt
and completion tokens, wall time per trajectory and per kept trajectory (JSON: "cost").
--html OUT also writes a self-contained page charting the pass rates per template and the failed
actions by error class (inline SVG).`,
  async run(argv, io) {
    const flags = parseFlags(argv, { json: { type: 'boolean' }, filter: { type: 'string' }, html: { type: 'string' } }, true);
    const input = inputFile(flags.positionals, io.cwd);
    const filter = optionalString(flags, 'filter') ?? 'both';
    if (!isFilterMode(filter)) throw new CliError(`--filter must be one of ${FILTER_MODES.join(', ')}, got ${JSON.stringify(filter)}`);
    const report = await statsOf(io, input, filter);
    const html = optionalString(flags, 'html');
    if (html !== undefined) {
      const file = new AtomicFile(html, io.cwd);
      await file.write(statsPage(report, `lamsim stats: ${flags.positionals[0]}`));
      await file.commit();
      io.stderr.write(`wrote ${html}\n`);
    }
    const cost = collectionCost(input);
    if (flags.values['json'] === true) io.stdout.write(`${JSON.stringify({ ...report, cost }, null, 2)}\n`);
    else io.stdout.write(`${formatStatsTable(report)}\n${cost ? `cost (${cost.runs} run${cost.runs === 1 ? '' : 's'}): ${describeAccounting(cost)}\n` : ''}`);
    return 0;
  },
};
