import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { BUILTIN_PARSERS } from '../actions/formats.js';
import { parseJson } from '../actions/safe-json.js';
import type { Observation } from '../core/env.js';
import type { ChatMessage, ToolCall, ToolSpec } from '../core/messages.js';
import { jsonList, withJson } from './request-json.js';

/** How a model is asked to act: native tool calling, or one of the text formats the env parses. */
export type ChatMode = 'tools' | 'xlam' | 'react';
export const CHAT_MODES: readonly ChatMode[] = ['tools', 'xlam', 'react'];

/** The env action format each mode writes. */
export const ACTION_FORMAT_OF_MODE: Readonly<Record<ChatMode, string>> = { tools: 'openai', xlam: 'xlam', react: 'react' };

/** The mode that writes an env action format (native tool calls for anything but the text formats). */
export function modeForFormat(format: string): ChatMode {
  return format === 'xlam' || format === 'react' ? format : 'tools';
}

/** One message as a tool-calling server reads it (our tool messages carry a `name` the API does not take). */
function toolsMessage(m: ChatMessage): ChatCompletionMessageParam {
  switch (m.role) {
    case 'tool':
      return { role: 'tool', tool_call_id: m.tool_call_id, content: m.content };
    case 'assistant':
      return m.tool_calls !== undefined && m.tool_calls.length > 0
        ? { role: 'assistant', content: m.content ?? null, tool_calls: m.tool_calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.function.name, arguments: c.function.arguments } })) }
        : { role: 'assistant', content: m.content ?? '' };
    default:
      return { role: m.role, content: m.content };
  }
}

/** Each transcript message as sent, made and serialised once: a message never changes once in the transcript. */
const sentMessages = new WeakMap<ChatMessage, ChatCompletionMessageParam>();

/**
 * The transcript as a tool-calling server reads it. Each message is converted and serialised on
 * the step it joins the transcript, and reused by every later request (see `request-json.ts`).
 */
export function toolsTranscript(messages: readonly ChatMessage[]): ChatCompletionMessageParam[] {
  const sent: ChatCompletionMessageParam[] = new Array(messages.length);
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    let param = sentMessages.get(m);
    if (param === undefined) {
      param = withJson(toolsMessage(m));
      sentMessages.set(m, param);
    }
    sent[i] = param;
  }
  return jsonList(sent);
}

const toolListings = new WeakMap<readonly ToolSpec[], string>();

function toolListing(tools: readonly ToolSpec[]): string {
  let text = toolListings.get(tools);
  if (text === undefined) {
    const lines = tools.map((t) => JSON.stringify({ name: t.function.name, description: t.function.description, parameters: t.function.parameters }));
    text = `Functions you can call, one JSON object each (name, description, JSON Schema of the arguments):\n${lines.join('\n')}`;
    toolListings.set(tools, text);
  }
  return text;
}

/** What a text-mode model is told about writing its reply. */
export function formatInstructions(mode: Exclude<ChatMode, 'tools'>, finishTool: string): string {
  if (mode === 'xlam') {
    return [
      'Reply with a single JSON object and nothing else:',
      '{"thought": "<brief reasoning>", "tool_calls": [{"name": "<function name>", "arguments": {"<argument>": <value>}}]}',
      `Put exactly one call in "tool_calls". Results come back as "Observation: ..." messages. When you know the answer, call ${finishTool} with it.`,
    ].join('\n');
  }
  return [
    'Reply in exactly this layout, then stop:',
    'Thought: <brief reasoning>',
    'Action: <function name>',
    'Action Input: <JSON object of arguments>',
    `One action per reply. Its result comes back as "Observation: ...". When you know the answer, use ${finishTool} as the action.`,
  ].join('\n');
}

function callsAsText(mode: Exclude<ChatMode, 'tools'>, calls: readonly ToolCall[], thought: string | null | undefined): string {
  const encoded = calls.map((c) => {
    const parsed = parseJson(c.function.arguments);
    return { name: c.function.name, arguments: parsed.ok ? parsed.value : c.function.arguments };
  });
  const written = BUILTIN_PARSERS[mode]!.encode?.(encoded, 0, thought ?? undefined);
  return typeof written === 'string' ? written : JSON.stringify({ thought: thought ?? '', tool_calls: encoded });
}

/**
 * The transcript for a model that writes text: the tool specs and format instructions join the
 * system message, tool results become user "Observation:" turns (merged when consecutive, for chat
 * templates that insist on alternating roles), and earlier native tool calls are rewritten as text.
 */
export function textTranscript(observation: Observation, mode: Exclude<ChatMode, 'tools'>, finishTool: string): ChatCompletionMessageParam[] {
  const guide = `${toolListing(observation.tools)}\n\n${formatInstructions(mode, finishTool)}`;
  const out: ChatCompletionMessageParam[] = [];
  const messages = observation.messages;
  if (messages[0]?.role !== 'system') out.push({ role: 'system', content: guide });
  for (const m of messages) {
    let next: ChatCompletionMessageParam;
    if (m.role === 'system') next = { role: 'system', content: `${m.content}\n\n${guide}` };
    else if (m.role === 'tool') next = { role: 'user', content: `Observation: ${m.content}` };
    else if (m.role === 'assistant') next = { role: 'assistant', content: m.tool_calls !== undefined && m.tool_calls.length > 0 ? callsAsText(mode, m.tool_calls, m.content) : (m.content ?? '') };
    else next = { role: 'user', content: m.content };
    const last = out[out.length - 1];
    if (next.role === 'user' && last?.role === 'user') last.content = `${String(last.content)}\n${String(next.content)}`;
    else out.push(next);
  }
  return out;
}
