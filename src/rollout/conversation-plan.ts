import type { Environment } from '../core/environment.js';
import type { Conversation, QueryInstance, SolutionCall } from '../tasks/instance.js';
import { realiseCall } from '../tasks/realise.js';
import { listed } from '../users/replies.js';

/** One move of a scripted policy in a multi-turn episode: a tool call, or a message to the user. */
export type OracleMove = { readonly kind: 'call'; readonly call: SolutionCall } | { readonly kind: 'say'; readonly text: string; readonly topics: readonly string[] };

/** The message that asks the user for these topics, by their labels (so the user recognises each). */
export function askFor(conversation: Conversation, topics: readonly string[]): string {
  const labels = topics.map((name) => conversation.topics.find((t) => t.name === name)?.label ?? name);
  return `Could you tell me the ${listed(labels)}?`;
}

/**
 * The oracle's moves in a multi-turn instance, intent by intent: ask for exactly the withheld
 * topics the intent needs that were not asked for yet, make its calls (realised with the offered
 * tools), answer it through the terminal tool. A correction's own topic is never asked: the user
 * has just said it.
 */
export function conversationMoves(environment: Environment, instance: QueryInstance): OracleMove[] {
  const conversation = instance.conversation!;
  const offered = new Set(instance.tools);
  const withheld = new Set(conversation.topics.filter((t) => t.withheld).map((t) => t.name));
  const asked = new Set<string>();
  const finish = environment.definition.finish;
  const moves: OracleMove[] = [];
  for (const intent of conversation.intents) {
    const missing = intent.needs.filter((need) => withheld.has(need) && !asked.has(need) && need !== intent.sets?.topic);
    if (missing.length > 0) {
      moves.push({ kind: 'say', text: askFor(conversation, missing), topics: missing });
      for (const need of missing) asked.add(need);
    }
    if (intent.sets) asked.add(intent.sets.topic);
    for (const call of intent.calls) {
      const realised = realiseCall(environment.registry, offered, call);
      if (!realised) throw new Error(`instance ${instance.id}: solution call ${call.tool} cannot be realised with the offered tools`);
      moves.push({ kind: 'call', call: realised });
    }
    moves.push({ kind: 'call', call: { tool: finish.tool, arguments: finish.args(intent.answer) } });
  }
  return moves;
}
