import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { JsonValue } from '../../src/core/json.js';
import type { BenchOutcome } from './benchmark.js';
import type { BoxReading } from './box-probe.js';
import type { Figure } from './figure.js';
import type { MachineInfo } from './machine.js';
import type { RunPlan } from './measure.js';

/** What `benchmarks/results/<name>.json` holds. */
export interface ResultFile {
  readonly benchmark: string;
  readonly title: string;
  readonly mode: 'quick' | 'full';
  readonly plan: RunPlan;
  readonly machine: MachineInfo;
  /** The box's state just before and just after the case's runs (see box-probe.ts). */
  readonly box: { readonly before: BoxReading; readonly after: BoxReading };
  readonly startedAt: string;
  readonly durationMs: number;
  readonly figures: readonly Figure[];
  readonly skipped: readonly string[];
  readonly details: Record<string, JsonValue>;
  /** Set when the benchmark itself failed (the figures are then empty). */
  readonly error?: string;
}

export function resultFile(fields: Omit<ResultFile, 'figures' | 'skipped' | 'details'>, outcome: BenchOutcome | null): ResultFile {
  return {
    ...fields,
    figures: outcome?.figures ?? [],
    skipped: outcome?.skipped ?? [],
    details: outcome?.details ?? {},
  };
}

/** Writes atomically (temp file then rename): a reader never sees half a file. */
export function writeResult(dir: string, result: ResultFile): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${result.benchmark}.json`);
  const temp = `${file}.${process.pid}.tmp.json`;
  writeFileSync(temp, `${JSON.stringify(result, null, 2)}\n`);
  renameSync(temp, file);
  return file;
}
