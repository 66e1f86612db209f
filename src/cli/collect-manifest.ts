import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { stableJson } from '../core/json.js';
import { CliError, oneLine } from './io.js';

/** What one run (a first run or a resume) of `collect` cost. Wall times are the host's, so they live here, never in records. */
export interface RunAccounting {
  /** Records written by this run, and of those the ones the filter keeps. */
  trajectories: number;
  kept: number;
  failed: number;
  /** Model requests sent over HTTP (every retry counts), requests answered from the cache, and tokens the server reported. */
  requests: number;
  cacheHits: number;
  promptTokens: number;
  completionTokens: number;
  wallMs: number;
  /** wallMs / trajectories and wallMs / kept (null when there are none). */
  msPerTrajectory: number | null;
  msPerKept: number | null;
}

export type AccountingTotals = RunAccounting & { runs: number };

const perUnit = (ms: number, n: number): number | null => (n > 0 ? Math.round(ms / n) : null);

export function accounting(base: Omit<RunAccounting, 'msPerTrajectory' | 'msPerKept'>): RunAccounting {
  return { ...base, msPerTrajectory: perUnit(base.wallMs, base.trajectories), msPerKept: perUnit(base.wallMs, base.kept) };
}

export function totalOf(runs: readonly RunAccounting[]): AccountingTotals {
  const sum = (key: keyof RunAccounting): number => runs.reduce((s, r) => s + (r[key] ?? 0), 0);
  return { runs: runs.length, ...accounting({ trajectories: sum('trajectories'), kept: sum('kept'), failed: sum('failed'), requests: sum('requests'), cacheHits: sum('cacheHits'), promptTokens: sum('promptTokens'), completionTokens: sum('completionTokens'), wallMs: sum('wallMs') }) };
}

/** Keys of collect.json that are not settings: a resume does not compare them. */
const BOOKKEEPING = new Set(['runs', 'totals']);

export function readManifest(path: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${oneLine(error)}`);
  }
}

/** A resume must use the settings of the run it continues. */
export function checkManifest(path: string, manifest: Record<string, unknown>): void {
  const previous = readManifest(path);
  for (const key of Object.keys(manifest)) {
    if (BOOKKEEPING.has(key)) continue;
    if (stableJson(previous[key] ?? null) !== stableJson(manifest[key])) {
      throw new CliError(`--resume with different settings: ${key} was ${stableJson(previous[key] ?? null)}, now ${stableJson(manifest[key])} (use the same flags, or another --out)`);
    }
  }
}

/** The runs recorded so far in a manifest (none when it has no valid list). */
export function previousRuns(manifest: Record<string, unknown> | null): RunAccounting[] {
  const runs = manifest?.['runs'];
  return Array.isArray(runs) ? (runs.filter((r) => typeof r === 'object' && r !== null) as RunAccounting[]) : [];
}

export function writeManifest(path: string, manifest: Record<string, unknown>): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(tmp, path);
}

export function describeAccounting(a: RunAccounting | AccountingTotals): string {
  const ms = (x: number | null): string => (x === null ? '-' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x} ms`);
  const model = a.requests + a.cacheHits > 0 ? `${a.requests} requests (${a.cacheHits} from cache), ${a.promptTokens} prompt + ${a.completionTokens} completion tokens; ` : '';
  return `${model}${ms(a.wallMs)} wall, ${ms(a.msPerTrajectory)} per trajectory, ${ms(a.msPerKept)} per kept trajectory`;
}
