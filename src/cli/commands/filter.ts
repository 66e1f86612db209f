import type { Command } from '../command.js';
import { AtomicFile } from '../files.js';
import { optionalString, parseFlags, requireString } from '../flags.js';
import { CliError, type CliIo } from '../io.js';
import { progress } from '../progress.js';
import { fileKiB, inputFile, readingInput } from '../record-input.js';
import { FILTER_MODES, filterVerdict, isFilterMode, type FilterMode } from '../../rollout/filter.js';
import { readRecords } from '../../rollout/record-file.js';
import type { Rejection } from '../../rollout/record.js';

export interface FilterCounts {
  records: number;
  kept: number;
  /** Rejected trajectories by reason code (a trajectory may have several). */
  reasons: Record<Rejection['code'], number>;
}

/**
 * Splits a trajectory file into kept records (unchanged lines) and, optionally, rejected ones
 * (each with a `rejection` list of reasons). Both files are written whole or not at all.
 */
export async function filterToFiles(io: CliIo, input: string, keptPath: string, rejectedPath?: string, mode: FilterMode = 'both'): Promise<FilterCounts> {
  const counts: FilterCounts = { records: 0, kept: 0, reasons: { 'no-answer': 0, 'gave-up': 0, 'wrong-answer': 0, 'unfixed-error': 0 } };
  const kept = new AtomicFile(keptPath, io.cwd);
  const rejected = rejectedPath === undefined ? null : new AtomicFile(rejectedPath, io.cwd);
  const bar = progress(io.stderr, io.interactive, 'filter (KiB)', fileKiB(input));
  try {
    await readingInput(async () => {
      for await (const { record, line } of readRecords(input)) {
        counts.records++;
        const verdict = filterVerdict(record, mode);
        if (verdict.keep) {
          counts.kept++;
          await kept.write(`${line.text}\n`);
        } else {
          for (const code of new Set(verdict.reasons.map((r) => r.code))) counts.reasons[code]++;
          if (rejected) await rejected.write(`${JSON.stringify({ ...record, rejection: verdict.reasons })}\n`);
        }
        bar.tick(Math.ceil(line.end / 1024));
      }
    });
    await kept.commit();
    await rejected?.commit();
    bar.done();
  } catch (error) {
    await kept.abort();
    await rejected?.abort();
    throw error;
  }
  return counts;
}

export function describeFilter(counts: FilterCounts): string {
  const reasons = Object.entries(counts.reasons)
    .filter(([, n]) => n > 0)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  return `kept ${counts.kept} of ${counts.records} trajectories${reasons ? `; rejected for: ${reasons}` : ''}`;
}

export const filterCommand: Command = {
  name: 'filter',
  summary: 'keep trajectories with a right answer whose every error is fixed by the next action',
  usage: 'lamsim filter FILE --out FILE [--rejected FILE] [--filter both|actions|answer|none]',
  help: `The filter of the LAM Simulator paper: a trajectory is kept when its final answer is right and
every failed action is followed by one that passes. Kept lines are copied unchanged; with --rejected,
the others are written with a "rejection" list of reasons (codes: no-answer, gave-up, wrong-answer,
unfixed-error). --filter picks the checks for the paper's ablations: both (default), actions (every
error fixed by the next action, whatever the answer), answer (the final answer only), none.`,
  async run(argv, io) {
    const flags = parseFlags(argv, { out: { type: 'string' }, rejected: { type: 'string' }, filter: { type: 'string' } }, true);
    const input = inputFile(flags.positionals, io.cwd);
    const mode = optionalString(flags, 'filter') ?? 'both';
    if (!isFilterMode(mode)) throw new CliError(`--filter must be one of ${FILTER_MODES.join(', ')}, got ${JSON.stringify(mode)}`);
    const counts = await filterToFiles(io, input, requireString(flags, 'out'), optionalString(flags, 'rejected'), mode);
    io.stdout.write(`${describeFilter(counts)}\n`);
    return 0;
  },
};
