import type { Conversation } from '../tasks/instance.js';
import type { OracleMove } from './conversation-plan.js';

/**
 * The topics the user has surely said before move `index` of the oracle's moves: those the
 * opening states, and those asked for by earlier moves.
 */
export function knownBefore(conversation: Conversation, moves: readonly OracleMove[], index: number): string[] {
  const asked = new Set<string>();
  for (const move of moves.slice(0, index)) if (move.kind === 'say') for (const topic of move.topics) asked.add(topic);
  return conversation.topics.filter((t) => asked.has(t.name) || (!t.withheld && t.saidBy === 0)).map((t) => t.name);
}

/** A question about a topic the user already gave: "Sorry, which city was it again?" (its value left out). */
export function redundantQuestion(conversation: Conversation, topic: string): string {
  const label = conversation.topics.find((t) => t.name === topic)?.label ?? topic;
  return `Sorry, which ${label} was it again?`;
}
