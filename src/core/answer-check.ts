import { compareAnswer, type Verdict } from '../tasks/compare.js';
import type { QueryInstance } from '../tasks/instance.js';
import type { JsonValue } from './json.js';

/**
 * Longest final answer that is compared with the ground truth; a longer one is judged wrong
 * unread. No ground truth is near this long, and it bounds the cost of every answer rule.
 */
export const MAX_ANSWER_CHARS = 20_000;

/** The verdict on a final answer (null when the agent gave up) under the instance's rule. */
export function judgeAnswer(answer: string | null, instance: QueryInstance): Verdict {
  if (answer !== null && answer.length > MAX_ANSWER_CHARS) {
    return { correct: false, score: 0, detail: `the answer is too long to check (${answer.length} characters; at most ${MAX_ANSWER_CHARS})` };
  }
  return compareAnswer(answer, instance.groundTruth as JsonValue, instance.compare, { rivals: instance.rivals, query: instance.query });
}
