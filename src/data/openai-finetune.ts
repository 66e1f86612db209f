import type { TrajectoryRecord } from '../rollout/record.js';
import { trainingConversation, type Message } from './conversation.js';
import type { PreferencePair } from './pairs.js';

/** OpenAI fine-tuning's chat format: tool calls carry ids and JSON-string arguments; tool replies name the call id. */
export type OpenAiMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content?: string; tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export function openAiMessage(message: Message): OpenAiMessage {
  switch (message.role) {
    case 'system':
    case 'user':
      return { role: message.role, content: message.content };
    case 'tool':
      return { role: 'tool', tool_call_id: message.tool_call_id, content: message.content };
    case 'assistant': {
      const out: OpenAiMessage = { role: 'assistant' };
      if (message.tool_calls && message.tool_calls.length > 0) {
        if (message.content) out.content = message.content;
        out.tool_calls = message.tool_calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.function.name, arguments: c.function.arguments } }));
      } else {
        out.content = message.content ?? '';
      }
      return out;
    }
  }
}

export function openAiSft(record: TrajectoryRecord, options: { withErrors?: boolean } = {}): object {
  return { messages: trainingConversation(record, options).map(openAiMessage), tools: record.tools, parallel_tool_calls: false };
}

/** OpenAI preference data takes one assistant message per side: only step-level pairs fit. */
export function openAiDpo(pair: PreferencePair): object {
  return {
    input: { messages: pair.prompt.map(openAiMessage), tools: pair.tools, parallel_tool_calls: false },
    preferred_output: pair.chosen.map(openAiMessage),
    non_preferred_output: pair.rejected.map(openAiMessage),
  };
}
