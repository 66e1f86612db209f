import type { Rejection, StepRecord, TrajectoryRecord } from './record.js';

/**
 * Which checks the filter applies, for the paper's ablations (its Fig. 2): `both` (the paper's
 * filter), `actions` (action-level monitoring only: every error fixed by the next action),
 * `answer` (the final answer only) or `none` (every trajectory kept).
 */
export const FILTER_MODES = ['both', 'actions', 'answer', 'none'] as const;
export type FilterMode = (typeof FILTER_MODES)[number];

export function isFilterMode(value: string): value is FilterMode {
  return (FILTER_MODES as readonly string[]).includes(value);
}

export interface FilterVerdict {
  readonly keep: boolean;
  /** Every reason it is not kept (empty when kept). */
  readonly reasons: Rejection[];
}

function describeFailure(step: StepRecord): string {
  return `${step.errorClass ?? 'error'}: ${step.message ?? 'failed'}`;
}

/**
 * The paper's filter: keep a trajectory whose final answer is right and whose every failed action
 * is fixed by the very next action (the next action passes every check). Reports all reasons.
 * `mode` drops one or both checks (see `FilterMode`).
 */
export function filterVerdict(record: Pick<TrajectoryRecord, 'outcome' | 'steps'>, mode: FilterMode = 'both'): FilterVerdict {
  const reasons: Rejection[] = [];
  const { outcome, steps } = record;
  if (mode === 'both' || mode === 'answer') {
    if (outcome.status === 'truncated') reasons.push({ code: 'no-answer', message: outcome.detail });
    else if (outcome.status === 'gave-up') reasons.push({ code: 'gave-up', message: 'the agent gave up instead of answering' });
    else if (!outcome.correct) reasons.push({ code: 'wrong-answer', message: `wrong final answer ${JSON.stringify(outcome.answer)}: ${outcome.detail}` });
  }
  if (mode === 'both' || mode === 'actions') {
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      if (step.ok) continue;
      const next = steps[i + 1];
      if (next === undefined) {
        reasons.push({ code: 'unfixed-error', step: i, message: `step ${i + 1} failed (${describeFailure(step)}) and was the last action` });
      } else if (!next.ok) {
        reasons.push({ code: 'unfixed-error', step: i, message: `step ${i + 1} failed (${describeFailure(step)}) and step ${i + 2} did not fix it (${describeFailure(next)})` });
      }
    }
  }
  return { keep: reasons.length === 0, reasons };
}
