import type { Command } from '../command.js';
import { AtomicFile } from '../files.js';
import { intFlag, optionalString, parseFlags, requireString } from '../flags.js';
import { CliError, type CliIo } from '../io.js';
import { progress } from '../progress.js';
import { fileKiB, inputFile, readingInput } from '../record-input.js';
import { FILTER_MODES, isFilterMode } from '../../rollout/filter.js';
import { emptyCounts, EXPORT_FORMATS, ExportError, exportLines, isExportFormat, PAIR_LEVELS, type ExportCounts, type ExportOptions, type PairLevel } from '../../data/export.js';
import { OVER_BUDGET, type OverBudget } from '../../data/token-budget.js';

/** Writes an export of a trajectory file, whole or not at all. */
export async function exportToFile(io: CliIo, input: string, options: ExportOptions, out: string): Promise<ExportCounts> {
  const counts = emptyCounts();
  const file = new AtomicFile(out, io.cwd);
  const bar = progress(io.stderr, io.interactive, `${options.format} (KiB)`, fileKiB(input));
  try {
    await readingInput(async () => {
      for await (const line of exportLines(input, options, counts, (bytes) => bar.tick(Math.ceil(bytes / 1024)))) await file.write(`${line}\n`);
    });
    await file.commit();
    bar.done();
  } catch (error) {
    await file.abort();
    if (error instanceof ExportError) throw new CliError(error.message);
    throw error;
  }
  return counts;
}

/** What the export left out or cut, for the summary line ('' when nothing). */
export function describeSkips(counts: ExportCounts, options: ExportOptions): string {
  const parts: string[] = [];
  const budget = options.maxTokens ?? (options.format === 'openai-dpo' ? 65_536 : undefined);
  if (counts.overBudget.dropped > 0) parts.push(`dropped ${counts.overBudget.dropped} rows over ${budget} tokens`);
  if (counts.overBudget.trimmed > 0) parts.push(`trimmed ${counts.overBudget.trimmed} rows to ${budget} tokens at a step boundary`);
  for (const [reason, n] of Object.entries(counts.unfit)) parts.push(`dropped ${n} pairs with ${reason}`);
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

const formatList = Object.entries(EXPORT_FORMATS)
  .map(([name, f]) => `  ${name.padEnd(13)} ${f.summary}${f.kind === 'pairs' ? ` (levels: ${f.levels.join(', ')})` : ''}`)
  .join('\n');

export const exportCommand: Command = {
  name: 'export',
  summary: 'turn trajectories into SFT or DPO data for trainers (TRL, OpenAI, LLaMA-Factory, xLAM)',
  usage: `lamsim export FILE --format ${Object.keys(EXPORT_FORMATS).join('|')} [--level step|trajectory] --out FILE [--filter both|actions|answer|none] [--drop-errors] [--kept-only] [--tools-as-json-string] [--max-tokens N [--over-budget drop|trim]]`,
  help: `Formats:
${formatList}

SFT formats write the trajectories the filter keeps (--filter, default both: the paper's; actions,
answer and none are its ablations; --unfiltered is --filter none), with their failed-and-fixed steps
and the feedback after each, as the paper does (--drop-errors: without them).
Preference formats write step-level pairs by default (a passing and a failing candidate sampled at
the same step; collect with --samples-per-step > 1), or with --level trajectory pairs of a kept and a
failed trajectory of the same instance (collect with --attempts > 1, and export the unfiltered
file). Pair rows carry "from_kept_trajectory" (except openai-dpo, whose rows hold only its own
fields): false for a step-level pair from a trajectory the filter rejects; --kept-only leaves those out.

--tools-as-json-string (trl-sft, trl-dpo) writes \`tools\` as a JSON string, for \`datasets\` versions
that cannot load tool schemas of mixed shapes. --max-tokens N bounds each row (o200k_base tokens
of its messages and tool specs): a row over it is dropped, or with --over-budget trim (conversational
SFT formats) cut after its last step that fits. openai-dpo keeps OpenAI's limits: text outputs only
(pairs whose sides call tools are dropped) and 65,536 tokens unless --max-tokens says otherwise.
Everything dropped or trimmed is counted in the summary.`,
  async run(argv, io) {
    const flags = parseFlags(
      argv,
      { format: { type: 'string' }, level: { type: 'string' }, out: { type: 'string' }, filter: { type: 'string' }, 'with-errors': { type: 'boolean' }, 'drop-errors': { type: 'boolean' }, unfiltered: { type: 'boolean' }, 'kept-only': { type: 'boolean' }, 'tools-as-json-string': { type: 'boolean' }, 'max-tokens': { type: 'string' }, 'over-budget': { type: 'string' } },
      true,
    );
    const input = inputFile(flags.positionals, io.cwd);
    const format = requireString(flags, 'format');
    if (!isExportFormat(format)) throw new CliError(`--format must be one of ${Object.keys(EXPORT_FORMATS).join(', ')}, got ${JSON.stringify(format)}`);
    const level = optionalString(flags, 'level');
    if (level !== undefined && !(PAIR_LEVELS as readonly string[]).includes(level)) throw new CliError(`--level must be step or trajectory, got ${JSON.stringify(level)}`);
    const out = requireString(flags, 'out');
    const filter = optionalString(flags, 'filter');
    if (filter !== undefined && !isFilterMode(filter)) throw new CliError(`--filter must be one of ${FILTER_MODES.join(', ')}, got ${JSON.stringify(filter)}`);
    if (flags.values['with-errors'] === true && flags.values['drop-errors'] === true) throw new CliError('--with-errors and --drop-errors contradict each other');
    const sft = EXPORT_FORMATS[format].kind === 'sft';
    if (!sft && (flags.values['drop-errors'] !== undefined || flags.values['with-errors'] !== undefined)) throw new CliError('--with-errors and --drop-errors apply to SFT formats');
    if (sft && flags.values['kept-only'] !== undefined) throw new CliError('--kept-only applies to preference formats');
    const overBudget = optionalString(flags, 'over-budget');
    if (overBudget !== undefined && !(OVER_BUDGET as readonly string[]).includes(overBudget)) throw new CliError(`--over-budget must be ${OVER_BUDGET.join(' or ')}, got ${JSON.stringify(overBudget)}`);
    const maxTokens = flags.values['max-tokens'] !== undefined ? intFlag(flags, 'max-tokens', undefined, { min: 1 }) : undefined;
    if (overBudget !== undefined && maxTokens === undefined && format !== 'openai-dpo') throw new CliError('--over-budget needs --max-tokens');
    const options: ExportOptions = {
      format,
      ...(level !== undefined ? { level: level as PairLevel } : {}),
      ...(sft ? { withErrors: flags.values['drop-errors'] !== true } : {}),
      unfiltered: flags.values['unfiltered'] === true,
      ...(filter !== undefined ? { filter } : {}),
      keptOnly: flags.values['kept-only'] === true,
      toolsAsJsonString: flags.values['tools-as-json-string'] === true,
      ...(maxTokens !== undefined ? { maxTokens } : {}),
      ...(overBudget !== undefined ? { overBudget: overBudget as OverBudget } : {}),
    };
    const counts = await exportToFile(io, input, options, out);
    const what = EXPORT_FORMATS[format].kind === 'sft' ? `lines from ${counts.used} of ${counts.records} trajectories` : `${level ?? 'step'}-level pairs`;
    io.stdout.write(`wrote ${counts.lines} ${format} ${what} to ${out}${describeSkips(counts, options)}\n`);
    return 0;
  },
};
