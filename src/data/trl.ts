import { parseJson } from '../actions/safe-json.js';
import type { TrajectoryRecord } from '../rollout/record.js';
import { trainingConversation, type Message } from './conversation.js';
import type { PreferencePair } from './pairs.js';

/**
 * Hugging Face TRL's conversational formats. Tool-call `arguments` are objects, as in TRL's
 * examples; arguments that are not a JSON object (a malformed call, only ever on a rejected side)
 * stay the string the model wrote.
 */
export type TrlMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content?: string; tool_calls?: { type: 'function'; function: { name: string; arguments: unknown } }[] }
  | { role: 'tool'; name: string; content: string };

function callArguments(text: string): unknown {
  const parsed = parseJson(text);
  return parsed.ok && typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value) ? parsed.value : text;
}

export function trlMessage(message: Message): TrlMessage {
  switch (message.role) {
    case 'system':
    case 'user':
      return { role: message.role, content: message.content };
    case 'tool':
      return { role: 'tool', name: message.name, content: message.content };
    case 'assistant': {
      const out: TrlMessage = { role: 'assistant' };
      if (message.tool_calls && message.tool_calls.length > 0) {
        if (message.content) out.content = message.content;
        out.tool_calls = message.tool_calls.map((c) => ({ type: 'function', function: { name: c.function.name, arguments: callArguments(c.function.arguments) } }));
      } else {
        out.content = message.content ?? '';
      }
      return out;
    }
  }
}

export function trlSft(record: TrajectoryRecord, options: { withErrors?: boolean } = {}): object {
  return { messages: trainingConversation(record, options).map(trlMessage), tools: record.tools };
}

export function trlDpo(pair: PreferencePair): object {
  return { prompt: pair.prompt.map(trlMessage), chosen: pair.chosen.map(trlMessage), rejected: pair.rejected.map(trlMessage), tools: pair.tools };
}
