import type { ActionReport, CallReport, ObservationFormatter } from '../actions/handler.js';
import type { ActionParser } from '../actions/parse-result.js';
import { boundedJson } from './bounded-json.js';
import type { AssistantMessage, ChatMessage, ToolCall } from './messages.js';

const MAX_ECHO_CHARS = 20_000;

/** The agent's value as transcript text, at most MAX_ECHO_CHARS: cost and depth bounded whatever it sent. */
function safeEcho(value: unknown): string {
  if (typeof value === 'string') return value.length > MAX_ECHO_CHARS ? `${value.slice(0, MAX_ECHO_CHARS)}...` : value;
  const { text, cut } = boundedJson(value, MAX_ECHO_CHARS);
  return cut ? `${text}...` : text;
}

/** A tool call of the transcript: the call's id and name, and the arguments as the agent wrote them. */
function echoCall(call: CallReport, raw: unknown): ToolCall {
  const args = (raw as { function?: { arguments?: unknown } } | undefined)?.function?.arguments;
  return { id: call.id, type: 'function', function: { name: safeEcho(call.name), arguments: typeof args === 'string' ? safeEcho(args) : safeEcho(args ?? {}) } };
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
      // One call, the common case: an array literal, no closure.
      if (calls.length === 1) return { role: 'assistant', content, tool_calls: [echoCall(calls[0]!, rawCalls[0])] };
      return { role: 'assistant', content, tool_calls: calls.map((call, i) => echoCall(call, rawCalls[i])) };
    }
    return { role: 'assistant', content: content ?? safeEcho(action) };
  }
  return { role: 'assistant', content: safeEcho(action) };
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}... [truncated ${text.length - max} characters]` : text;
}

function toolMessage(call: CallReport, max: number): ChatMessage {
  return { role: 'tool', tool_call_id: call.id, name: call.name, content: truncate(call.observation, max) };
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
    // One call and no reply, the common case: an array literal (a pushed-to array takes a 17-slot store).
    if (calls.length === 1 && userReply === null) return [assistant, toolMessage(calls[0]!, max)];
    const added: ChatMessage[] = [assistant];
    for (const call of calls) added.push(toolMessage(call, max));
    if (userReply !== null) added.push({ role: 'user', content: truncate(userReply, max) });
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
