import type { TrajectoryRecord } from '../rollout/record.js';
import { CallIds } from './call-ids.js';
import { appendUserText, argumentsObject, callsAsText, hasMalformedCall } from './chat-form.js';
import { trainingConversation, type Message } from './conversation.js';
import type { PreferencePair } from './pairs.js';
import { templateSafeTools } from './tool-schema.js';

/**
 * Hugging Face TRL's conversational formats, in the form every common chat template renders:
 * tool-call `arguments` are objects, every call and tool reply carries a 9-character alphanumeric
 * id, and every message has `content`. A turn with a malformed call (arguments that are not a JSON
 * object, only ever on a rejected side or with --with-errors) is a text turn holding exactly what
 * was written (`callsAsText`), and the replies to it are user text. Consecutive user texts are
 * joined, so the turns alternate as Mistral Nemo's template demands.
 */
export type TrlMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: object } }[] }
  | { role: 'tool'; tool_call_id: string; name: string; content: string };

export function trlMessages(messages: readonly Message[], ids: CallIds): TrlMessage[] {
  const out: TrlMessage[] = [];
  // replies to a turn written as text answer no structured call: they become user text
  let textCalls = new Set<string>();
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        out.push({ role: 'system', content: message.content });
        break;
      case 'user':
        appendUserText(out, message.content);
        break;
      case 'tool':
        if (textCalls.has(message.tool_call_id)) appendUserText(out, message.content);
        else out.push({ role: 'tool', tool_call_id: ids.reply(message.tool_call_id), name: message.name, content: message.content });
        break;
      case 'assistant': {
        const calls = message.tool_calls ?? [];
        textCalls = new Set();
        if (calls.length === 0) out.push({ role: 'assistant', content: message.content ?? '' });
        else if (hasMalformedCall(message)) {
          textCalls = new Set(calls.map((c) => c.id));
          out.push({ role: 'assistant', content: callsAsText(message) });
        } else {
          const tool_calls = calls.map((c) => ({ id: ids.call(c.id), type: 'function' as const, function: { name: c.function.name, arguments: argumentsObject(c.function.arguments)! } }));
          out.push({ role: 'assistant', content: message.content ?? '', tool_calls });
        }
      }
    }
  }
  return out;
}

export interface TrlOptions {
  readonly withErrors?: boolean;
  /** `tools` as a JSON string (for `datasets` versions that cannot load mixed schemas). */
  readonly toolsAsJsonString?: boolean;
}

function trlTools(tools: TrajectoryRecord['tools'], options: TrlOptions): unknown {
  const safe = templateSafeTools(tools);
  return options.toolsAsJsonString ? JSON.stringify(safe) : safe;
}

export function trlSft(record: TrajectoryRecord, options: TrlOptions = {}): object {
  return { messages: trlMessages(trainingConversation(record, options), CallIds.forRow(record.hash)), tools: trlTools(record.tools, options) };
}

export function trlDpo(pair: PreferencePair, options: TrlOptions = {}): object {
  const ids = CallIds.forRow(pair.source.chosen);
  const prompt = trlMessages(pair.prompt, ids);
  return { prompt, chosen: trlMessages(pair.chosen, ids.fork()), rejected: trlMessages(pair.rejected, ids.fork()), tools: trlTools(pair.tools, options) };
}
