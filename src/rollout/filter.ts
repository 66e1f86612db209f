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
  return `${step.errorClass ?? step.user?.penalty ?? 'error'}: ${step.message ?? 'failed'}`;
}

/**
 * A failed step that nonetheless moved the conversation on: a message that asked again for
 * something (penalised) while asking for a withheld detail the user then gave. Dropping it would
 * leave later steps using a fact no turn of the training conversation holds, so it is kept there
 * (see `trainingConversation`) and the filter treats it as not fixable.
 */
export function changesConversation(step: StepRecord): boolean {
  return !step.ok && step.user !== undefined && (step.user.revealed.length > 0 || step.user.graded !== undefined);
}

/**
 * The paper's filter: keep a trajectory whose final answer is right and whose every failed action
 * is fixed by the very next action (the next action passes every check). Reports all reasons.
 * `mode` drops one or both checks (see `FilterMode`).
 *
 * Multi-turn episodes: a message to the user is an action. One the user penalises (a redundant
 * question, an unneeded one, an answer before asking for what is missing) is a failed action,
 * fixed when the next action passes; a needed question passes. The outcome is right only when
 * every intent was answered right. A penalised message that also drew a withheld detail cannot be
 * dropped from the training conversation, so it counts as unfixed (`changesConversation`).
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
      if (changesConversation(step)) {
        reasons.push({ code: 'unfixed-error', step: i, message: `step ${i + 1} failed (${describeFailure(step)}) but the user's reply to it gave ${step.user!.revealed.join(', ')}, so it cannot be dropped` });
      } else if (next === undefined) {
        reasons.push({ code: 'unfixed-error', step: i, message: `step ${i + 1} failed (${describeFailure(step)}) and was the last action` });
      } else if (!next.ok) {
        reasons.push({ code: 'unfixed-error', step: i, message: `step ${i + 1} failed (${describeFailure(step)}) and step ${i + 2} did not fix it (${describeFailure(next)})` });
      }
    }
  }
  return { keep: reasons.length === 0, reasons };
}
