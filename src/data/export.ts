import { filterVerdict, type FilterMode } from '../rollout/filter.js';
import { readRecords } from '../rollout/record-file.js';
import type { TrajectoryRecord } from '../rollout/record.js';
import { openAiDpo, openAiSft } from './openai-finetune.js';
import { stepPairs, trajectoryPairs, type PreferencePair } from './pairs.js';
import { shareGptDpo, shareGptSft } from './sharegpt.js';
import { trlDpo, trlSft } from './trl.js';
import { xlamRow } from './xlam.js';

export const PAIR_LEVELS = ['step', 'trajectory'] as const;
export type PairLevel = (typeof PAIR_LEVELS)[number];

interface SftFormat {
  readonly kind: 'sft';
  readonly summary: string;
  row(record: TrajectoryRecord, options: { withErrors: boolean; id: number }): object;
}
interface PairFormat {
  readonly kind: 'pairs';
  readonly summary: string;
  readonly levels: readonly PairLevel[];
  row(pair: PreferencePair): object;
}

/** Every export format, by the name `lamsim export --format` takes. */
export const EXPORT_FORMATS = {
  'trl-sft': { kind: 'sft', summary: 'TRL conversational SFT with tools', row: (r, o) => trlSft(r, o) },
  'trl-dpo': { kind: 'pairs', summary: 'TRL conversational preference (explicit prompt)', levels: ['step', 'trajectory'], row: trlDpo },
  'openai-sft': { kind: 'sft', summary: 'OpenAI chat fine-tuning with tools', row: (r, o) => openAiSft(r, o) },
  'openai-dpo': { kind: 'pairs', summary: 'OpenAI preference fine-tuning (one assistant message per side)', levels: ['step'], row: openAiDpo },
  sharegpt: { kind: 'sft', summary: 'LLaMA-Factory ShareGPT with function calls', row: (r, o) => shareGptSft(r, o) },
  'sharegpt-dpo': { kind: 'pairs', summary: 'LLaMA-Factory ShareGPT preference (ranking)', levels: ['step'], row: shareGptDpo },
  xlam: { kind: 'sft', summary: 'xLAM / APIGen rows: query, tools, answers', row: (r, o) => xlamRow(r, o.id) },
} as const satisfies Record<string, SftFormat | PairFormat>;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

export function isExportFormat(name: string): name is ExportFormat {
  return Object.prototype.hasOwnProperty.call(EXPORT_FORMATS, name);
}

export class ExportError extends Error {
  override name = 'ExportError';
}

export interface ExportOptions {
  readonly format: ExportFormat;
  /** Pair formats: step-level (default) or trajectory-level pairs. */
  readonly level?: PairLevel;
  /**
   * SFT formats: keep the failed-and-fixed steps of kept trajectories, with the feedback that
   * follows each (default true, as the paper does, so a model learns to recover; false drops them).
   */
  readonly withErrors?: boolean;
  /** SFT formats: export every record, not only those the filter keeps (same as filter `none`). */
  readonly unfiltered?: boolean;
  /** Which checks decide what is kept (SFT records; kept and failed sides of trajectory pairs). Default both. */
  readonly filter?: FilterMode;
  /** Pair formats: leave out step-level pairs from trajectories the filter rejects. */
  readonly keptOnly?: boolean;
}

export interface ExportCounts {
  records: number;
  /** Records an SFT format used (kept ones unless unfiltered). */
  used: number;
  lines: number;
}

/** The lines (JSON, no newline) of an export of a trajectory file, streamed; `counts` fills as it goes. */
export async function* exportLines(path: string, options: ExportOptions, counts: ExportCounts = { records: 0, used: 0, lines: 0 }, onProgress?: (bytesRead: number) => void): AsyncGenerator<string> {
  const format: SftFormat | PairFormat = EXPORT_FORMATS[options.format];
  if (format.kind === 'sft') {
    if (options.level !== undefined) throw new ExportError(`--level applies to preference formats, not ${options.format}`);
    for await (const { record, line } of readRecords(path)) {
      counts.records++;
      onProgress?.(line.end);
      if (!options.unfiltered && !filterVerdict(record, options.filter).keep) continue;
      counts.used++;
      counts.lines++;
      yield JSON.stringify(format.row(record, { withErrors: options.withErrors !== false, id: counts.lines }));
    }
    return;
  }
  const level = options.level ?? 'step';
  if (!format.levels.includes(level)) {
    throw new ExportError(`${options.format} holds one assistant message per side, so only --level ${format.levels.join('|')} fits (use trl-dpo for trajectory-level pairs)`);
  }
  if (options.withErrors !== undefined || options.unfiltered) throw new ExportError('--with-errors, --drop-errors and --unfiltered apply to SFT formats');
  const row = (pair: PreferencePair): string => JSON.stringify(options.format === 'openai-dpo' ? format.row(pair) : { ...format.row(pair), from_kept_trajectory: pair.source.kept });
  if (level === 'step') {
    for await (const { record, line } of readRecords(path)) {
      counts.records++;
      onProgress?.(line.end);
      const pairs = stepPairs(record, options.filter).filter((p) => !options.keptOnly || p.source.kept);
      if (pairs.length > 0) counts.used++;
      for (const pair of pairs) {
        counts.lines++;
        yield row(pair);
      }
    }
    return;
  }
  for await (const pair of trajectoryPairs(path, options.filter)) {
    counts.lines++;
    yield row(pair);
  }
}
