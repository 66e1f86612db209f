import type { TrajectoryRecord } from '../rollout/record.js';
import { argumentsObject, callsAsText, hasMalformedCall } from './chat-form.js';
import { trainingConversation, type Message } from './conversation.js';
import type { PreferencePair } from './pairs.js';
import { templateSafeTools } from './tool-schema.js';

/** LLaMA-Factory's ShareGPT style: human/observation turns at odd positions, gpt/function_call at even ones. */
export interface ShareGptTurn {
  from: 'human' | 'gpt' | 'function_call' | 'observation';
  value: string;
}

/**
 * Turns of a conversation without its system message; several tool replies of one step become one
 * observation (or, followed by a user turn, part of that human turn). A turn with a malformed call is a `gpt` turn holding exactly what was written
 * (LLaMA-Factory parses every `function_call` value as JSON and would refuse it).
 */
export function shareGptTurns(messages: readonly Message[]): ShareGptTurn[] {
  const turns: ShareGptTurn[] = [];
  let replies: string[] = [];
  const flush = (): void => {
    if (replies.length === 0) return;
    turns.push({ from: 'observation', value: replies.length === 1 ? replies[0]! : JSON.stringify(replies) });
    replies = [];
  };
  for (const message of messages) {
    if (message.role === 'tool') {
      replies.push(message.content);
      continue;
    }
    // A user turn right after tool replies follows the terminal tool's receipt (a multi-turn user's
    // next request): the receipt says nothing, and ShareGPT allows no observation before a human turn.
    if (message.role === 'user' && replies.length > 0) replies = [];
    flush();
    if (message.role === 'system') continue;
    if (message.role === 'user') turns.push({ from: 'human', value: message.content });
    else if (message.tool_calls && message.tool_calls.length > 0 && hasMalformedCall(message)) turns.push({ from: 'gpt', value: callsAsText(message) });
    else if (message.tool_calls && message.tool_calls.length > 0) {
      const calls = message.tool_calls.map((c) => ({ name: c.function.name, arguments: argumentsObject(c.function.arguments)! }));
      turns.push({ from: 'function_call', value: JSON.stringify(calls.length === 1 ? calls[0] : calls) });
    } else turns.push({ from: 'gpt', value: message.content ?? '' });
  }
  flush();
  return turns;
}

/** The tools as LLaMA-Factory reads them: a JSON string of function objects. */
export function shareGptTools(tools: TrajectoryRecord['tools']): string {
  return JSON.stringify(templateSafeTools(tools).map((t) => t.function));
}

export function shareGptSft(record: TrajectoryRecord, options: { withErrors?: boolean } = {}): object {
  return { conversations: shareGptTurns(trainingConversation(record, options)), system: record.system, tools: shareGptTools(record.tools) };
}

/** Preference data (`"ranking": true` in dataset_info): one turn per side, so step-level pairs only. */
export function shareGptDpo(pair: PreferencePair): object {
  const [chosen] = shareGptTurns(pair.chosen);
  const [rejected] = shareGptTurns(pair.rejected);
  return { conversations: shareGptTurns(pair.prompt), chosen, rejected, system: pair.system, tools: shareGptTools(pair.tools) };
}
