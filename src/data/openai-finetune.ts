import type { TrajectoryRecord } from '../rollout/record.js';
import { CallIds } from './call-ids.js';
import { trainingConversation, type Message } from './conversation.js';
import type { PreferencePair } from './pairs.js';
import { templateSafeTools } from './tool-schema.js';

/**
 * OpenAI fine-tuning's chat format: tool calls carry ids and JSON-string arguments (a malformed
 * call's arguments are the exact text written); tool replies name the call id. Ids are minted
 * per row as for TRL (9 alphanumerics), and a tool-call turn has empty `content`, so the same rows
 * also render with Hugging Face chat templates once arguments are parsed.
 */
export type OpenAiMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export function openAiMessages(messages: readonly Message[], ids: CallIds): OpenAiMessage[] {
  return messages.map((message): OpenAiMessage => {
    switch (message.role) {
      case 'system':
      case 'user':
        return { role: message.role, content: message.content };
      case 'tool':
        return { role: 'tool', tool_call_id: ids.reply(message.tool_call_id), content: message.content };
      case 'assistant': {
        const calls = message.tool_calls ?? [];
        if (calls.length === 0) return { role: 'assistant', content: message.content ?? '' };
        return { role: 'assistant', content: message.content ?? '', tool_calls: calls.map((c) => ({ id: ids.call(c.id), type: 'function', function: { name: c.function.name, arguments: c.function.arguments } })) };
      }
    }
  });
}

export function openAiSft(record: TrajectoryRecord, options: { withErrors?: boolean } = {}): object {
  return { messages: openAiMessages(trainingConversation(record, options), CallIds.forRow(record.hash)), tools: templateSafeTools(record.tools), parallel_tool_calls: false };
}

/** OpenAI preference data takes one assistant message per side: only step-level pairs fit. */
export function openAiDpo(pair: PreferencePair): object {
  const ids = CallIds.forRow(pair.source.chosen);
  return {
    input: { messages: openAiMessages(pair.prompt, ids), tools: templateSafeTools(pair.tools), parallel_tool_calls: false },
    preferred_output: openAiMessages(pair.chosen, ids.fork()),
    non_preferred_output: openAiMessages(pair.rejected, ids.fork()),
  };
}
