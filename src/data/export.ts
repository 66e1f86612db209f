import { filterVerdict, type FilterMode } from '../rollout/filter.js';
import { readRecords } from '../rollout/record-file.js';
import type { TrajectoryRecord } from '../rollout/record.js';
import { trainingConversation, type Message } from './conversation.js';
import { openAiDpo, openAiSft } from './openai-finetune.js';
import { stepPairs, trajectoryPairs, type PreferencePair } from './pairs.js';
import { shareGptDpo, shareGptSft } from './sharegpt.js';
import { TokenCounter, trimmedToBudget, type OverBudget } from './token-budget.js';
import { trlDpo, trlSft } from './trl.js';
import { xlamRows } from './xlam.js';

export const PAIR_LEVELS = ['step', 'trajectory'] as const;
export type PairLevel = (typeof PAIR_LEVELS)[number];

interface RowOptions {
  readonly withErrors: boolean;
  readonly id: number;
  readonly toolsAsJsonString: boolean;
}
interface SftFormat {
  readonly kind: 'sft';
  readonly summary: string;
  /** Whether the rows hold the training conversation (so a budget can trim it at a step boundary). */
  readonly conversational: boolean;
  rows(record: TrajectoryRecord, options: RowOptions): object[];
}
interface PairFormat {
  readonly kind: 'pairs';
  readonly summary: string;
  readonly levels: readonly PairLevel[];
  /** Why a pair cannot be a row of this format, or null when it can. */
  unfit?(pair: PreferencePair): string | null;
  /** The token budget a row must fit when none is given. */
  readonly defaultMaxTokens?: number;
  row(pair: PreferencePair, options: RowOptions): object;
}

const hasCalls = (messages: readonly Message[]): boolean => messages.some((m) => m.role === 'assistant' && (m.tool_calls?.length ?? 0) > 0);

/**
 * OpenAI's preference fine-tuning trains on text: each side is one assistant message with text
 * content and no tool calls; examples are bounded by the model's training context (65,536 tokens
 * for the gpt-4.1 and gpt-4o-mini families).
 */
const openAiDpoUnfit = (pair: PreferencePair): string | null => (hasCalls(pair.chosen) || hasCalls(pair.rejected) ? 'an output with tool calls (OpenAI DPO trains on text outputs only)' : null);

/** Every export format, by the name `lamsim export --format` takes. */
export const EXPORT_FORMATS = {
  'trl-sft': { kind: 'sft', summary: 'TRL conversational SFT with tools', conversational: true, rows: (r, o) => [trlSft(r, o)] },
  'trl-dpo': { kind: 'pairs', summary: 'TRL conversational preference (explicit prompt)', levels: ['step', 'trajectory'], row: (p, o) => trlDpo(p, o) },
  'openai-sft': { kind: 'sft', summary: 'OpenAI chat fine-tuning with tools', conversational: true, rows: (r, o) => [openAiSft(r, o)] },
  'openai-dpo': { kind: 'pairs', summary: 'OpenAI preference fine-tuning (one text assistant message per side)', levels: ['step'], unfit: openAiDpoUnfit, defaultMaxTokens: 65_536, row: (p) => openAiDpo(p) },
  sharegpt: { kind: 'sft', summary: 'LLaMA-Factory ShareGPT with function calls', conversational: true, rows: (r, o) => [shareGptSft(r, o)] },
  'sharegpt-dpo': { kind: 'pairs', summary: 'LLaMA-Factory ShareGPT preference (ranking)', levels: ['step'], row: (p) => shareGptDpo(p) },
  xlam: { kind: 'sft', summary: 'xLAM / APIGen rows, one per step: query, tools, answers, system, history', conversational: false, rows: (r, o) => xlamRows(r, o) },
} as const satisfies Record<string, SftFormat | PairFormat>;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

/** Formats whose `tools` field is an array of specs (the others already store it as a JSON string). */
const TOOLS_AS_STRING_FORMATS: readonly ExportFormat[] = ['trl-sft', 'trl-dpo'];

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
  /** TRL formats: `tools` as a JSON string (older `datasets` cannot load mixed tool schemas). */
  readonly toolsAsJsonString?: boolean;
  /** Token budget per row (o200k_base tokens); openai-dpo defaults to 65,536. */
  readonly maxTokens?: number;
  /** A row over budget: dropped (default), or (conversational SFT formats) trimmed at a step boundary. */
  readonly overBudget?: OverBudget;
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
  /** Rows over the token budget: dropped, or trimmed at a step boundary and written. */
  overBudget: { dropped: number; trimmed: number };
  /** Pairs the format cannot hold, by reason (e.g. openai-dpo and tool-call outputs). */
  unfit: Record<string, number>;
}

export function emptyCounts(): ExportCounts {
  return { records: 0, used: 0, lines: 0, overBudget: { dropped: 0, trimmed: 0 }, unfit: {} };
}

function checkOptions(options: ExportOptions, format: SftFormat | PairFormat): void {
  if (options.toolsAsJsonString && !TOOLS_AS_STRING_FORMATS.includes(options.format)) throw new ExportError(`--tools-as-json-string applies to ${TOOLS_AS_STRING_FORMATS.join(' and ')} (${options.format} ${options.format.startsWith('openai') ? 'needs tools as an array' : 'stores tools as a JSON string already'})`);
  if (options.maxTokens !== undefined && (!Number.isInteger(options.maxTokens) || options.maxTokens < 1)) throw new ExportError(`--max-tokens must be a positive integer, got ${options.maxTokens}`);
  if (options.overBudget === 'trim' && !(format.kind === 'sft' && format.conversational)) throw new ExportError(`--over-budget trim applies to conversational SFT formats (trl-sft, openai-sft, sharegpt); ${options.format} rows over budget are dropped`);
}

/** The lines (JSON, no newline) of an export of a trajectory file, streamed; `counts` fills as it goes. */
export async function* exportLines(path: string, options: ExportOptions, counts: ExportCounts = emptyCounts(), onProgress?: (bytesRead: number) => void): AsyncGenerator<string> {
  const format: SftFormat | PairFormat = EXPORT_FORMATS[options.format];
  checkOptions(options, format);
  const maxTokens = options.maxTokens ?? (format.kind === 'pairs' ? format.defaultMaxTokens : undefined);
  const counter = maxTokens !== undefined ? await TokenCounter.load() : null;
  const rowOptions = { withErrors: options.withErrors !== false, toolsAsJsonString: options.toolsAsJsonString === true };
  if (format.kind === 'sft') {
    if (options.level !== undefined) throw new ExportError(`--level applies to preference formats, not ${options.format}`);
    const conversation = (r: TrajectoryRecord): Message[] => trainingConversation(r, rowOptions);
    for await (const { record, line } of readRecords(path)) {
      counts.records++;
      onProgress?.(line.end);
      if (!options.unfiltered && !filterVerdict(record, options.filter).keep) continue;
      counts.used++;
      let source = record;
      if (counter && maxTokens !== undefined && format.conversational && counter.conversation(conversation(record), record.tools) > maxTokens) {
        const cut = options.overBudget === 'trim' ? trimmedToBudget(record, maxTokens, counter, conversation) : null;
        if (!cut) {
          counts.overBudget.dropped++;
          continue;
        }
        counts.overBudget.trimmed++;
        source = cut;
      }
      for (const row of format.rows(source, { ...rowOptions, id: counts.lines + 1 })) {
        const text = JSON.stringify(row);
        if (counter && maxTokens !== undefined && !format.conversational && counter.text(text) > maxTokens) {
          counts.overBudget.dropped++;
          continue;
        }
        counts.lines++;
        yield text;
      }
    }
    return;
  }
  const level = options.level ?? 'step';
  if (!format.levels.includes(level)) {
    throw new ExportError(`${options.format} holds one assistant message per side, so only --level ${format.levels.join('|')} fits (use trl-dpo for trajectory-level pairs)`);
  }
  if (options.withErrors !== undefined || options.unfiltered) throw new ExportError('--with-errors, --drop-errors and --unfiltered apply to SFT formats');
  const emit = (pair: PreferencePair): string | null => {
    const reason = format.unfit?.(pair) ?? null;
    if (reason !== null) {
      counts.unfit[reason] = (counts.unfit[reason] ?? 0) + 1;
      return null;
    }
    if (counter && maxTokens !== undefined) {
      // both sides must fit: prompt + chosen and prompt + rejected
      const tokens = counter.conversation(pair.prompt, pair.tools) + Math.max(counter.messages(pair.chosen), counter.messages(pair.rejected));
      if (tokens > maxTokens) {
        counts.overBudget.dropped++;
        return null;
      }
    }
    counts.lines++;
    const row = format.row(pair, { ...rowOptions, id: counts.lines });
    return JSON.stringify(options.format === 'openai-dpo' ? row : { ...row, from_kept_trajectory: pair.source.kept });
  };
  if (level === 'step') {
    for await (const { record, line } of readRecords(path)) {
      counts.records++;
      onProgress?.(line.end);
      const pairs = stepPairs(record, options.filter).filter((p) => !options.keptOnly || p.source.kept);
      if (pairs.length > 0) counts.used++;
      for (const pair of pairs) {
        const text = emit(pair);
        if (text !== null) yield text;
      }
    }
    return;
  }
  for await (const pair of trajectoryPairs(path, options.filter)) {
    const text = emit(pair);
    if (text !== null) yield text;
  }
}
