import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Template } from '@huggingface/jinja';
import { mintCallId } from '../../src/data/call-ids.js';
import { appendUserText, argumentsObject, callsAsText } from '../../src/data/chat-form.js';

/** The chat-template fixtures (`../shared/fixtures/chat-templates` beside the repo), or null when absent. */
export const TEMPLATE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'fixtures', 'chat-templates');

export function loadTemplates(): { name: string; template: Template }[] | null {
  if (!existsSync(TEMPLATE_DIR)) return null;
  return readdirSync(TEMPLATE_DIR)
    .filter((f) => f.endsWith('.jinja'))
    .sort()
    .map((f) => ({ name: f.replace(/\.jinja$/, ''), template: new Template(readFileSync(join(TEMPLATE_DIR, f), 'utf8')) }));
}

type Msg = Record<string, unknown> & { role: string };
export interface ChatRow {
  messages: Msg[];
  tools: unknown[];
}

/**
 * What a trainer renders from an exported row: a conversation (for a preference row, the prompt
 * with each side) and the tools. TRL rows are used as they are; OpenAI rows as the OpenAI format
 * defines them, with each call's JSON-string arguments parsed (a call whose arguments are not a JSON
 * object is one the model wrote malformed: it is rendered as the text written, as TRL rows carry
 * it); ShareGPT rows as LLaMA-Factory reads them (function_call values are JSON).
 */
export function chatsOf(format: string, row: Record<string, unknown>): ChatRow[] {
  const tools = (typeof row['tools'] === 'string' ? JSON.parse(row['tools']) : row['tools']) as unknown[];
  switch (format) {
    case 'trl-sft':
      return [{ messages: row['messages'] as Msg[], tools }];
    case 'trl-dpo': {
      const prompt = row['prompt'] as Msg[];
      return [{ messages: [...prompt, ...(row['chosen'] as Msg[])], tools }, { messages: [...prompt, ...(row['rejected'] as Msg[])], tools }];
    }
    case 'openai-sft':
      return [{ messages: fromOpenAi(row['messages'] as Msg[]), tools }];
    case 'openai-dpo': {
      const input = row['input'] as { messages: Msg[]; tools: unknown[] };
      const prompt = input.messages;
      return [
        { messages: fromOpenAi([...prompt, ...(row['preferred_output'] as Msg[])]), tools: input.tools },
        { messages: fromOpenAi([...prompt, ...(row['non_preferred_output'] as Msg[])]), tools: input.tools },
      ];
    }
    case 'sharegpt':
      return [{ messages: fromShareGpt(row['system'] as string, row['conversations'] as Turn[]), tools: shareGptTools(tools) }];
    case 'sharegpt-dpo': {
      const turns = row['conversations'] as Turn[];
      const system = row['system'] as string;
      return [
        { messages: fromShareGpt(system, [...turns, row['chosen'] as Turn]), tools: shareGptTools(tools) },
        { messages: fromShareGpt(system, [...turns, row['rejected'] as Turn]), tools: shareGptTools(tools) },
      ];
    }
    default:
      throw new Error(`no chat form for ${format}`);
  }
}

function fromOpenAi(messages: Msg[]): Msg[] {
  const out: Msg[] = [];
  let textCalls = new Set<string>();
  for (const message of messages) {
    if (message.role === 'tool' && textCalls.has(message['tool_call_id'] as string)) {
      appendUserText(out, message['content'] as string);
      continue;
    }
    if (message.role === 'user') {
      appendUserText(out, message['content'] as string);
      continue;
    }
    if (message.role === 'assistant') textCalls = new Set();
    const calls = message['tool_calls'] as { id: string; function: { name: string; arguments: string } }[] | undefined;
    if (!calls) {
      out.push(message);
      continue;
    }
    const parsed = calls.map((c) => argumentsObject(c.function.arguments));
    if (parsed.some((p) => p === null)) {
      textCalls = new Set(calls.map((c) => c.id));
      out.push({ role: 'assistant', content: callsAsText(message as never) });
    } else out.push({ ...message, tool_calls: calls.map((c, i) => ({ ...c, function: { name: c.function.name, arguments: parsed[i] } })) });
  }
  return out;
}

interface Turn {
  from: string;
  value: string;
}

function shareGptTools(tools: unknown[]): unknown[] {
  return tools.map((fn) => ({ type: 'function', function: fn }));
}

/** LLaMA-Factory's reading of ShareGPT turns, with ids minted in order (the format has none). */
function fromShareGpt(system: string, turns: Turn[]): Msg[] {
  const messages: Msg[] = [{ role: 'system', content: system }];
  let n = 0;
  let open: string[] = [];
  for (const turn of turns) {
    if (turn.from === 'human') messages.push({ role: 'user', content: turn.value });
    else if (turn.from === 'gpt') messages.push({ role: 'assistant', content: turn.value });
    else if (turn.from === 'function_call') {
      const value = JSON.parse(turn.value) as { name: string; arguments: object } | { name: string; arguments: object }[];
      const calls = Array.isArray(value) ? value : [value];
      open = calls.map(() => mintCallId('sharegpt', n++));
      messages.push({ role: 'assistant', content: '', tool_calls: calls.map((c, i) => ({ id: open[i], type: 'function', function: c })) });
    } else {
      const replies = open.length > 1 ? (JSON.parse(turn.value) as string[]) : [turn.value];
      replies.forEach((content, i) => messages.push({ role: 'tool', tool_call_id: open[i] ?? mintCallId('sharegpt', n++), content }));
    }
  }
  return messages;
}

/** Renders a conversation as a trainer does; a string means the template refused it. */
export function render(template: Template, chat: ChatRow): string {
  return template.render({ messages: chat.messages, tools: chat.tools, bos_token: '<s>', eos_token: '</s>', add_generation_prompt: false });
}

/** A tool call whose arguments were rendered as a JSON string holding an object: double-encoded. */
export const DOUBLE_ENCODED = /"(arguments|parameters)":\s*"\s*\{/;
