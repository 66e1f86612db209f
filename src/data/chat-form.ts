import { parseJson } from '../actions/safe-json.js';
import type { JsonValue } from '../core/json.js';
import type { RecordAssistantMessage } from '../rollout/record.js';
import type { Message } from './conversation.js';

type JsonObject = { [key: string]: JsonValue };

/** A call's arguments as an object, or null when the text is not a JSON object (a malformed call). */
export function argumentsObject(text: string): JsonObject | null {
  const parsed = parseJson(text);
  return parsed.ok && typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value) ? parsed.value : null;
}

/** Whether any call of an assistant turn has arguments that are not a JSON object. */
export function hasMalformedCall(message: RecordAssistantMessage): boolean {
  return (message.tool_calls ?? []).some((c) => argumentsObject(c.function.arguments) === null);
}

/**
 * A malformed turn written out as text: any content, then one line per call,
 * `{"name": NAME, "arguments": TEXT}` with TEXT byte for byte what the policy wrote. A template
 * would render arguments kept as a string as a clean quoted string, which is not what was written.
 */
export function callsAsText(message: RecordAssistantMessage): string {
  const calls = (message.tool_calls ?? []).map((c) => `{"name": ${JSON.stringify(c.function.name)}, "arguments": ${c.function.arguments}}`);
  return [...(message.content ? [message.content] : []), ...calls].join('\n');
}

/**
 * Adds a user-side text, joined to the previous message when that is a user turn too: Mistral
 * Nemo's template demands strict user/assistant alternation on the turns that are not tool calls
 * or tool replies, and joining keeps every word.
 */
export function appendUserText<M extends { role: string; content?: unknown }>(out: (M | { role: 'user'; content: string })[], content: string): void {
  const last = out[out.length - 1];
  if (last?.role === 'user' && typeof last.content === 'string') out[out.length - 1] = { ...last, content: `${last.content}\n\n${content}` };
  else out.push({ role: 'user', content });
}
