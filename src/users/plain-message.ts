import { unfence } from '../actions/parse-xlam.js';
import { actionText, type ActionParser } from '../actions/parse-result.js';

/** Longest message to the user that is read; the transcript keeps the agent's text bounded anyway. */
const MAX_MESSAGE_CHARS = 20_000;

/**
 * The text of an action that talks to the user rather than acting: a string, or an assistant
 * message with text content and no tool call, that no accepted text format would read as an
 * action (no ReAct `Action:` line, no JSON object for xLAM). Null for anything else, which the
 * action handler reads as usual. Only multi-turn episodes ask this; in a single-turn one such an
 * action stays a structure error.
 */
export function plainMessage(action: unknown, parsers: readonly ActionParser[]): string | null {
  if (typeof action === 'object' && action !== null && !Array.isArray(action)) {
    const calls = (action as Record<string, unknown>)['tool_calls'];
    if (calls !== undefined && calls !== null && !(Array.isArray(calls) && calls.length === 0)) return null;
  } else if (typeof action !== 'string') {
    return null;
  }
  const text = actionText(action);
  if (text === null) return null;
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > MAX_MESSAGE_CHARS) return null;
  if (trimmed.startsWith('{') || trimmed.startsWith('[') || unfence(trimmed).startsWith('{')) return null;
  for (const parser of parsers) if (parser.readsMessages !== true && parser.detect(trimmed)) return null;
  return trimmed;
}

/** A message to the user in `format`: the assistant message for OpenAI tool calling, the bare text for text formats. */
export function encodeMessage(format: string, text: string): unknown {
  return format === 'openai' ? { role: 'assistant', content: text } : text;
}
