import type { Rejection, StepRecord, TrajectoryRecord } from './record.js';

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
 */
export function filterVerdict(record: Pick<TrajectoryRecord, 'outcome' | 'steps'>): FilterVerdict {
  const reasons: Rejection[] = [];
  const { outcome, steps } = record;
  if (outcome.status === 'truncated') reasons.push({ code: 'no-answer', message: outcome.detail });
  else if (outcome.status === 'gave-up') reasons.push({ code: 'gave-up', message: 'the agent gave up instead of answering' });
  else if (!outcome.correct) reasons.push({ code: 'wrong-answer', message: `wrong final answer ${JSON.stringify(outcome.answer)}: ${outcome.detail}` });
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
  return { keep: reasons.length === 0, reasons };
}
