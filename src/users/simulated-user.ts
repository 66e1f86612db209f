import { z } from 'zod';
import { rngStream, type Seed } from '../core/rng.js';
import type { Conversation, ConversationIntent } from '../tasks/instance.js';
import { readMessage } from './reading.js';
import { listed, phrase, USER_PHRASES } from './replies.js';

/** How one intent was graded when the agent answered it. */
export interface IntentGrade {
  readonly id: string;
  readonly answer: string | null;
  readonly correct: boolean;
  readonly score: number;
  readonly detail: string;
}

/** Where the user is in its conversation: JSON, part of every snapshot of a multi-turn episode. */
export interface UserState {
  /** The index of the open intent (the number of intents, once all are answered). */
  readonly intent: number;
  /** Withheld topics the user has given. */
  readonly revealed: readonly string[];
  /** User turns so far: the key of the next reply's random stream. */
  readonly turns: number;
  readonly grades: readonly IntentGrade[];
}

export const UserStateSchema = z.object({
  intent: z.number().int().min(0),
  revealed: z.array(z.string()),
  turns: z.number().int().min(0),
  grades: z.array(z.object({ id: z.string(), answer: z.string().nullable(), correct: z.boolean(), score: z.number(), detail: z.string() })),
});

/** The reward config keys of the conversational penalties. */
export type UserPenalty = 'redundantQuestion' | 'unneededQuestion' | 'prematureAnswer';

/** What the user made of one step, in the step's `info.user`. */
export interface UserTurnReport {
  /** The user's turn, or null when it said nothing (the last intent was answered, or the agent gave up). */
  readonly reply: string | null;
  /** Withheld topics the agent asked for and the user gave now. */
  readonly revealed: readonly string[];
  /** Topics asked for again that the user had already given. */
  readonly redundant: readonly string[];
  /** The message asked for nothing the user has or the task needs. */
  readonly unneeded: boolean;
  /** An answer came before these withheld topics were asked for; it was not graded. */
  readonly premature: readonly string[];
  readonly penalty: UserPenalty | null;
  /** Present when this step answered an intent. */
  readonly graded?: IntentGrade;
  /** The open intent after this step. */
  readonly intent: number;
}

export const startUser = (): UserState => ({ intent: 0, revealed: [], turns: 0, grades: [] });

/** What the user has said by now, topic name -> value (corrections in effect). */
export function knownTopics(conversation: Conversation, state: UserState): Map<string, string> {
  const known = new Map<string, string>();
  const revealed = new Set(state.revealed);
  for (const topic of conversation.topics) {
    const said = topic.withheld ? revealed.has(topic.name) : topic.saidBy !== null && topic.saidBy <= state.intent;
    if (said) known.set(topic.name, topic.value);
  }
  conversation.intents.forEach((intent, i) => {
    if (intent.sets && i <= state.intent) known.set(intent.sets.topic, intent.sets.value);
  });
  return known;
}

/** The needs of the open intent that the user keeps back and has not given. */
export function missingNeeds(conversation: Conversation, state: UserState): string[] {
  const intent = conversation.intents[state.intent];
  if (!intent) return [];
  const revealed = new Set(state.revealed);
  return intent.needs.filter((need) => conversation.topics.some((t) => t.name === need && t.withheld) && !revealed.has(need) && need !== intent.sets?.topic);
}

const labelOf = (conversation: Conversation, name: string): string => conversation.topics.find((t) => t.name === name)?.label ?? name;

/**
 * The user's reply to a plain message of the agent: the withheld values it asks for (one seeded
 * reply each), a reminder of what was already said, or a polite "that is not what I need". The
 * reply is a function of (conversation, state, message, seed) alone.
 */
export function hearMessage(conversation: Conversation, state: UserState, text: string, seed: Seed): { state: UserState; report: UserTurnReport } {
  const rng = rngStream(seed, 'user', String(state.turns));
  const known = knownTopics(conversation, state);
  const reading = readMessage(text, conversation.topics, known);
  const parts: string[] = [];
  for (const name of reading.missing) {
    const topic = conversation.topics.find((t) => t.name === name)!;
    if (topic.replies.length > 0) parts.push(rng.child(`reveal/${name}`).pick(topic.replies));
  }
  if (reading.redundant.length > 0) {
    const items = reading.redundant.map((name) => USER_PHRASES.saidItem[0].replace('{label}', labelOf(conversation, name)).replace('{value}', known.get(name)!));
    parts.push(phrase('alreadySaid', rng.child('already'), { said: listed(items) }));
  }
  const unneeded = reading.missing.length === 0 && reading.redundant.length === 0;
  if (unneeded) parts.push(phrase('unneeded', rng.child('unneeded'), {}));
  const penalty: UserPenalty | null = reading.redundant.length > 0 ? 'redundantQuestion' : unneeded ? 'unneededQuestion' : null;
  const next: UserState = { ...state, revealed: [...state.revealed, ...reading.missing], turns: state.turns + 1 };
  return { state: next, report: { reply: parts.join(' '), revealed: reading.missing, redundant: reading.redundant, unneeded, premature: [], penalty, intent: next.intent } };
}

/** Grades an answer to an intent: the env's comparison with the intent's truth (and its final-state check). */
export type IntentJudge = (intent: ConversationIntent, answer: string | null) => { correct: boolean; score: number; detail: string };

/**
 * The user's side of a final answer. An answer given before the open intent's withheld needs were
 * asked for is not graded (the user points out what it has not said). Otherwise the intent is
 * graded, and the user makes its next request, or says nothing when none is left (`done`).
 * Giving up ends the conversation.
 */
export function hearAnswer(
  conversation: Conversation,
  state: UserState,
  final: { answer: string | null; gaveUp: boolean },
  seed: Seed,
  judge: IntentJudge,
): { state: UserState; report: UserTurnReport; done: boolean } {
  const empty = { revealed: [], redundant: [], unneeded: false };
  if (final.gaveUp) return { state, report: { reply: null, ...empty, premature: [], penalty: null, intent: state.intent }, done: true };
  const intent = conversation.intents[state.intent];
  if (!intent) return { state, report: { reply: null, ...empty, premature: [], penalty: null, intent: state.intent }, done: true };
  const rng = rngStream(seed, 'user', String(state.turns));
  const missing = missingNeeds(conversation, state);
  if (missing.length > 0) {
    const reply = phrase('premature', rng.child('premature'), { labels: listed(missing.map((name) => labelOf(conversation, name))) });
    return { state: { ...state, turns: state.turns + 1 }, report: { reply, ...empty, premature: missing, penalty: 'prematureAnswer', intent: state.intent }, done: false };
  }
  const verdict = judge(intent, final.answer);
  const graded: IntentGrade = { id: intent.id, answer: final.answer, correct: verdict.correct, score: verdict.score, detail: verdict.detail };
  const following = conversation.intents[state.intent + 1];
  const next: UserState = { ...state, intent: state.intent + 1, turns: state.turns + (following ? 1 : 0), grades: [...state.grades, graded] };
  const reply = following ? phrase('followUp', rng.child('follow-up'), { next: following.text }) : null;
  return { state: next, report: { reply, ...empty, premature: [], penalty: null, graded, intent: next.intent }, done: following === undefined };
}
