/** One policy's result on one (split, template), with the threshold it is judged against. */
export interface ExploitResult {
  readonly name: string;
  readonly successes: number;
  readonly trials: number;
  /** successes / trials (0 with no trials). */
  readonly rate: number;
  /** The most the rate may be (the oracle: the least). */
  readonly threshold: number;
  readonly flagged: boolean;
  /** e.g. which constant was best. */
  readonly detail?: string;
}

export interface TemplateAudit {
  readonly split: string;
  readonly template: string;
  readonly instances: number;
  /** Distinct answers seen over the audited and learning instances. */
  readonly possibleAnswers: number;
  readonly oracle: ExploitResult;
  readonly exploits: readonly ExploitResult[];
  readonly flagged: boolean;
}

/**
 * How a rate is judged:
 * - `zero`: any success is flagged (sprays; padding or stalling that beat the oracle's return);
 * - `all`: anything below 100% is flagged (the oracle);
 * - `constant`: at most 20%, or near-uniform (1/k + 10 points, at most 60%) for a template with k < 5 answers;
 * - `above`: at most `value` (the lookup table: the best constant or 1/k for k answers, whichever is higher, + 2 points).
 * Rate limits are judged on the 95% Wilson lower bound, so a small sample is not flagged for noise.
 */
export type Threshold = { kind: 'zero' } | { kind: 'all' } | { kind: 'constant'; possible: number } | { kind: 'above'; value: number };

export const MAX_CONSTANT_SHARE = 0.2;

/** The lower end of the 95% Wilson interval of successes / trials. */
export function wilsonLower(successes: number, trials: number): number {
  if (trials === 0) return 0;
  const z = 1.96;
  const p = successes / trials;
  const denom = 1 + (z * z) / trials;
  const centre = p + (z * z) / (2 * trials);
  const spread = z * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials));
  return (centre - spread) / denom;
}

export function exploitResult(name: string, t: { successes: number; trials: number }, threshold: Threshold, detail?: string): ExploitResult {
  const rate = t.trials > 0 ? t.successes / t.trials : 0;
  let limit: number;
  let flagged: boolean;
  switch (threshold.kind) {
    case 'zero':
      limit = 0;
      flagged = t.successes > 0;
      break;
    case 'all':
      limit = 1;
      flagged = t.successes < t.trials;
      break;
    case 'constant':
      // A template with a single answer is never near-uniform: the cap of 60% covers two answers.
      limit = threshold.possible < 5 ? Math.max(MAX_CONSTANT_SHARE, Math.min(0.6, 1 / Math.max(1, threshold.possible) + 0.1)) : MAX_CONSTANT_SHARE;
      flagged = wilsonLower(t.successes, t.trials) > limit;
      break;
    case 'above':
      limit = Math.min(1, threshold.value);
      flagged = wilsonLower(t.successes, t.trials) > limit;
      break;
  }
  return { name, successes: t.successes, trials: t.trials, rate, threshold: limit, flagged, ...(detail !== undefined ? { detail } : {}) };
}
