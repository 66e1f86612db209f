/** A target a figure must meet: at least (`>=`) or at most (`<=`) a value. */
export interface Target {
  readonly op: '>=' | '<=';
  readonly value: number;
  /** What the target is, e.g. "ToolBench-style step >= 100k steps/s". */
  readonly label: string;
}

export type Verdict = 'PASS' | 'MISS';

/** One measured number, with its target when it has one. */
export interface Figure {
  /** What was measured, e.g. `ToolBench-v0 openai step`. */
  readonly name: string;
  /** The median over the measured runs. */
  readonly value: number;
  readonly unit: string;
  readonly min?: number;
  readonly max?: number;
  readonly target?: Target;
  readonly verdict?: Verdict;
  readonly note?: string;
}

export function meets(value: number, target: Target): boolean {
  return target.op === '>=' ? value >= target.value : value <= target.value;
}

/** A figure, judged against its target when one is given. */
export function figure(fields: Omit<Figure, 'verdict'>): Figure {
  if (!fields.target) return fields;
  return { ...fields, verdict: meets(fields.value, fields.target) ? 'PASS' : 'MISS' };
}
