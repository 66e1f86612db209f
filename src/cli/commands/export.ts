import type { Command } from '../command.js';
import { AtomicFile } from '../files.js';
import { optionalString, parseFlags, requireString } from '../flags.js';
import { CliError, type CliIo } from '../io.js';
import { progress } from '../progress.js';
import { fileKiB, inputFile, readingInput } from '../record-input.js';
import { EXPORT_FORMATS, ExportError, exportLines, isExportFormat, PAIR_LEVELS, type ExportCounts, type ExportOptions, type PairLevel } from '../../data/export.js';

/** Writes an export of a trajectory file, whole or not at all. */
export async function exportToFile(io: CliIo, input: string, options: ExportOptions, out: string): Promise<ExportCounts> {
  const counts: ExportCounts = { records: 0, used: 0, lines: 0 };
  const file = new AtomicFile(out, io.cwd, [input]);
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

const formatList = Object.entries(EXPORT_FORMATS)
  .map(([name, f]) => `  ${name.padEnd(13)} ${f.summary}${f.kind === 'pairs' ? ` (levels: ${f.levels.join(', ')})` : ''}`)
  .join('\n');

export const exportCommand: Command = {
  name: 'export',
  summary: 'turn trajectories into SFT or DPO data for trainers (TRL, OpenAI, LLaMA-Factory, xLAM)',
  usage: `lamsim export FILE --format ${Object.keys(EXPORT_FORMATS).join('|')} [--level step|trajectory] --out FILE [--with-errors] [--unfiltered]`,
  help: `Formats:
${formatList}

SFT formats write the trajectories the filter keeps (--unfiltered: all), without their failed and
fixed steps (--with-errors: with them). Preference formats write step-level pairs by default (a
passing and a failing candidate sampled at the same step; collect with --samples-per-step > 1), or
with --level trajectory pairs of a kept and a failed trajectory of the same instance (collect with
--attempts > 1, and export the unfiltered file).`,
  async run(argv, io) {
    const flags = parseFlags(argv, { format: { type: 'string' }, level: { type: 'string' }, out: { type: 'string' }, 'with-errors': { type: 'boolean' }, unfiltered: { type: 'boolean' } }, true);
    const input = inputFile(flags.positionals, io.cwd);
    const format = requireString(flags, 'format');
    if (!isExportFormat(format)) throw new CliError(`--format must be one of ${Object.keys(EXPORT_FORMATS).join(', ')}, got ${JSON.stringify(format)}`);
    const level = optionalString(flags, 'level');
    if (level !== undefined && !(PAIR_LEVELS as readonly string[]).includes(level)) throw new CliError(`--level must be step or trajectory, got ${JSON.stringify(level)}`);
    const out = requireString(flags, 'out');
    const options: ExportOptions = {
      format,
      ...(level !== undefined ? { level: level as PairLevel } : {}),
      withErrors: flags.values['with-errors'] === true,
      unfiltered: flags.values['unfiltered'] === true,
    };
    const counts = await exportToFile(io, input, options, out);
    const what = EXPORT_FORMATS[format].kind === 'sft' ? `lines from ${counts.used} of ${counts.records} trajectories` : `${level ?? 'step'}-level pairs`;
    io.stdout.write(`wrote ${counts.lines} ${format} ${what} to ${out}\n`);
    return 0;
  },
};
