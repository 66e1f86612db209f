import type { JsonValue } from '../../src/core/json.js';
import type { Figure } from './figure.js';
import type { RunPlan } from './measure.js';

export interface BenchContext {
  /** Tiny counts: checks the harness works, measures nothing meaningful. */
  readonly quick: boolean;
  readonly plan: RunPlan;
  /** The repository root (children run from there). */
  readonly repo: string;
  readonly log: (line: string) => void;
}

export interface BenchOutcome {
  readonly figures: readonly Figure[];
  /** Raw numbers behind the figures (per-run values, counts, configurations). */
  readonly details: Record<string, JsonValue>;
  /** What could not be measured, and why (e.g. an environment that is not built yet). */
  readonly skipped: readonly string[];
}

export interface Benchmark {
  readonly name: string;
  readonly title: string;
  run(ctx: BenchContext): Promise<BenchOutcome>;
}
