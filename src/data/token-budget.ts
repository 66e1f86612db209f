import { Tiktoken } from 'js-tiktoken/lite';
import type { TrajectoryRecord } from '../rollout/record.js';
import type { Message } from './conversation.js';

export const OVER_BUDGET = ['drop', 'trim'] as const;
export type OverBudget = (typeof OVER_BUDGET)[number];

let encoding: Promise<Tiktoken> | undefined;

/** Tokens each message costs beyond its text (role and separators), as OpenAI counts chat messages. */
const PER_MESSAGE = 4;

/**
 * Counts a conversation's tokens with OpenAI's o200k_base encoding (shipped inside js-tiktoken, so
 * no download): every message's content, each call's name and arguments, the tool specs once, and
 * 4 tokens per message. Special-token text is counted as ordinary text.
 */
export class TokenCounter {
  private readonly cache = new WeakMap<object, number>();

  private constructor(private readonly encoding: Tiktoken) {}

  static async load(): Promise<TokenCounter> {
    encoding ??= import('js-tiktoken/ranks/o200k_base').then(({ default: ranks }) => new Tiktoken(ranks));
    return new TokenCounter(await encoding);
  }

  private readonly texts = new Map<string, number>();

  text(text: string): number {
    if (text.length < 64) return text.length === 0 ? 0 : this.encoding.encode(text, [], []).length;
    // long texts (system prompts, tool outputs) recur across the rows of a record
    let known = this.texts.get(text);
    if (known === undefined) {
      if (this.texts.size > 4096) this.texts.clear();
      this.texts.set(text, (known = this.encoding.encode(text, [], []).length));
    }
    return known;
  }

  message(message: Message): number {
    let known = this.cache.get(message);
    if (known !== undefined) return known;
    known = PER_MESSAGE + this.text(message.content ?? '');
    if (message.role === 'assistant') for (const call of message.tool_calls ?? []) known += this.text(call.function.name) + this.text(call.function.arguments);
    this.cache.set(message, known);
    return known;
  }

  tools(tools: TrajectoryRecord['tools']): number {
    let known = this.cache.get(tools);
    if (known === undefined) this.cache.set(tools, (known = this.text(JSON.stringify(tools))));
    return known;
  }

  messages(messages: readonly Message[]): number {
    let total = 0;
    for (const message of messages) total += this.message(message);
    return total;
  }

  conversation(messages: readonly Message[], tools: TrajectoryRecord['tools']): number {
    return this.tools(tools) + this.messages(messages);
  }
}

/**
 * The record cut after its last step whose training conversation still fits `maxTokens` (a step
 * boundary: the conversation ends with that step's assistant turn), or null when not even the first
 * step fits. `conversation` builds the training conversation of a record.
 */
export function trimmedToBudget(record: TrajectoryRecord, maxTokens: number, counter: TokenCounter, conversation: (r: TrajectoryRecord) => Message[]): TrajectoryRecord | null {
  for (let keep = record.steps.length - 1; keep >= 1; keep--) {
    const cut = { ...record, steps: record.steps.slice(0, keep) };
    const messages = conversation(cut);
    if (messages.some((m) => m.role === 'assistant') && counter.conversation(messages, record.tools) <= maxTokens) return cut;
  }
  return null;
}
