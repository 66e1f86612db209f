import type { AnswerReport } from '../core/env.js';
import type { JsonValue } from '../core/json.js';
import { compareAnswer } from '../tasks/compare.js';
import type { Conversation, ConversationIntent, QueryInstance } from '../tasks/instance.js';
import { listed } from './replies.js';
import type { UserState, UserTurnReport } from './simulated-user.js';

/**
 * One intent's verdict against its own ground truth and rule. The first intent's answer also
 * must not name the instance's rivals; numbers any user turn stated so far may be repeated.
 */
export function judgeIntent(instance: QueryInstance, intent: ConversationIntent, answer: string | null, maxChars: number): { correct: boolean; score: number; detail: string } {
  if (answer !== null && answer.length > maxChars) return { correct: false, score: 0, detail: `the answer is too long to check (${answer.length} characters; at most ${maxChars})` };
  const intents = instance.conversation?.intents ?? [];
  const index = intents.indexOf(intent);
  const query = intents
    .slice(0, index + 1)
    .map((i) => i.text)
    .join('\n');
  return compareAnswer(answer, intent.groundTruth as JsonValue, intent.compare, { rivals: index === 0 ? instance.rivals : undefined, query });
}

/**
 * The episode's verdict when the conversation ends: correct only when every intent was answered
 * correctly; the score is the mean over all intents (an unanswered one scores 0).
 */
export function conversationAnswer(conversation: Conversation, user: UserState, final: { answer: string | null; gaveUp: boolean }): AnswerReport {
  const n = conversation.intents.length;
  const grades = user.grades;
  const details = conversation.intents.map((intent, i) => `${intent.id}: ${grades[i]?.detail ?? 'not answered'}`);
  const correct = grades.length === n && grades.every((g) => g.correct);
  const score = grades.reduce((sum, g) => sum + g.score, 0) / n;
  const groundTruth: JsonValue = n === 1 ? (conversation.intents[0]!.groundTruth as JsonValue) : conversation.intents.map((i) => i.groundTruth as JsonValue);
  return { answer: final.answer, gaveUp: final.gaveUp, correct, score, detail: details.join('; '), groundTruth };
}

/** Why a conversational move was penalised, for `info.action.message`. */
export function penaltyMessage(conversation: Conversation, report: UserTurnReport): string {
  const label = (name: string) => conversation.topics.find((t) => t.name === name)?.label ?? name;
  switch (report.penalty) {
    case 'redundantQuestion':
      return `asked again for what the user already said: ${listed(report.redundant.map(label))}`;
    case 'unneededQuestion':
      return 'the message asks the user for nothing it has or the task needs';
    case 'prematureAnswer':
      return `answered before asking the user for: ${listed(report.premature.map(label))}`;
    default:
      return '';
  }
}
