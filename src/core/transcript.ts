import type { ActionReport, ObservationFormatter } from '../actions/handler.js';
import type { ActionParser } from '../actions/parse-result.js';
import { boundedJson } from './bounded-json.js';
import type { AssistantMessage, ChatMessage } from './messages.js';

const MAX_ECHO_CHARS = 20_000;

/** The agent's value as transcript text, at most MAX_ECHO_CHARS: cost and depth bounded whatever it sent. */
function safeEcho(value: unknown): string {
  if (typeof value === 'string') return value.length > MAX_ECHO_CHARS ? `${value.slice(0, MAX_ECHO_CHARS)}...` : value;
  const { text, cut } = boundedJson(value, MAX_ECHO_CHARS);
  return cut ? `${text}...` : text;
}

/** The assistant turn as it enters the transcript: the agent's own message, cleaned to the chat shape. */
export function assistantTurn(action: unknown, report: ActionReport): AssistantMessage {
  // A text format's reply enters the transcript as read: only the action block that was executed.
  if (report.text !== undefined) return { role: 'assistant', content: safeEcho(report.text) };
  if (typeof action === 'string') return { role: 'assistant', content: safeEcho(action) };
  if (typeof action === 'object' && action !== null && !Array.isArray(action)) {
    const raw = action as Record<string, unknown>;
    const content = typeof raw['content'] === 'string' ? safeEcho(raw['content']) : null;
    if (report.format === 'openai' && Array.isArray(raw['tool_calls']) && report.calls.length > 0) {
      const rawCalls = raw['tool_calls'] as unknown[];
      const calls = report.calls;
      const tool_calls = new Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>(calls.length);
      for (let i = 0; i < calls.length; i++) {
        const call = calls[i]!;
        const fn = (rawCalls[i] as { function?: { arguments?: unknown } } | undefined)?.function;
        const args = fn?.arguments;
        tool_calls[i] = { id: call.id, type: 'function', function: { name: safeEcho(call.name), arguments: typeof args === 'string' ? safeEcho(args) : safeEcho(args ?? {}) } };
      }
      return { role: 'assistant', content, tool_calls };
    }
    return { role: 'assistant', content: content ?? safeEcho(action) };
  }
  return { role: 'assistant', content: safeEcho(action) };
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}... [truncated ${text.length - max} characters]` : text;
}

/** How the transcript of a step is written: the observation text bound and the formatter. */
export interface TranscriptStyle {
  readonly maxObservation: number;
  readonly observe: ObservationFormatter;
}

/**
 * The messages a tool step adds: the assistant turn, then the calls' observations (tool messages
 * for a message format, one user "Observation:" for a text format, format feedback when nothing
 * was called), then the simulated user's reply when there is one.
 */
export function stepMessages(action: unknown, report: ActionReport, userReply: string | null, style: TranscriptStyle, parsers: readonly ActionParser[]): ChatMessage[] {
  const assistant = assistantTurn(action, report);
  const max = style.maxObservation;
  const calls = report.calls;
  if (assistant.tool_calls !== undefined) {
    // Made at its final length: a pushed-to array takes a 17-slot store.
    const added = new Array<ChatMessage>(1 + calls.length + (userReply !== null ? 1 : 0));
    added[0] = assistant;
    for (let i = 0; i < calls.length; i++) {
      const call = calls[i]!;
      added[i + 1] = { role: 'tool', tool_call_id: call.id, name: call.name, content: truncate(call.observation, max) };
    }
    if (userReply !== null) added[calls.length + 1] = { role: 'user', content: truncate(userReply, max) };
    return added;
  }
  let observed: ChatMessage | null = null;
  if (calls.length > 0) {
    // A text format's answer to an intent: the user's reply takes the place of the terminal tool's receipt.
    if (userReply === null || calls.length > 1) observed = { role: 'user', content: truncate(`Observation: ${calls.length === 1 ? calls[0]!.observation : calls.map((c) => c.observation).join('\n')}`, max) };
  } else {
    const feedback = style.observe({ ok: false, tool: '', errorClass: 'structure', message: `${report.message ?? 'unreadable action'}. Expected: ${parsers[0]?.hint ?? ''}`, status: 'bad_format' });
    observed = { role: 'user', content: truncate(feedback, max) };
  }
  const reply: ChatMessage | null = userReply !== null ? { role: 'user', content: truncate(userReply, max) } : null;
  if (observed === null) return reply === null ? [assistant] : [assistant, reply];
  return reply === null ? [assistant, observed] : [assistant, observed, reply];
}
