/** One timed run: how many operations were done and how long the timed part took. */
export interface Sample {
  readonly ops: number;
  readonly ms: number;
}

/** The spread of a figure over the measured runs (warm-up runs excluded). */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly values: readonly number[];
}

export interface RunPlan {
  /** Runs whose figures are kept; the median is reported. */
  readonly runs: number;
  /** Runs done first and thrown away, so the JIT and caches settle. */
  readonly warmup: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A figure kept to two decimals in reports. */
export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), values };
}

/** Runs `run` warm-up + measured times; returns every measured sample. */
export async function repeat<T>(plan: RunPlan, run: (index: number) => T | Promise<T>): Promise<T[]> {
  for (let i = 0; i < plan.warmup; i++) await run(-1 - i);
  const kept: T[] = [];
  for (let i = 0; i < plan.runs; i++) kept.push(await run(i));
  return kept;
}

/** Operations per second of each sample. */
export function rates(samples: readonly Sample[]): Spread {
  return spread(samples.map((s) => (s.ms > 0 ? (s.ops * 1000) / s.ms : Number.POSITIVE_INFINITY)));
}

/** Milliseconds per operation of each sample. */
export function latencies(samples: readonly Sample[]): Spread {
  return spread(samples.map((s) => s.ms / Math.max(1, s.ops)));
}

/** Wall-clock milliseconds since `start` (a `performance.now()` reading). */
export function since(start: number): number {
  return performance.now() - start;
}
