import { rngStream } from '../core/rng.js';
import { ChatClient, type ChatStats } from '../rollout/chat-client.js';
import { normalizeText } from '../tasks/compare.js';
import type { Conversation, QueryInstance } from '../tasks/instance.js';
import { checkParaphrase, type ParaphraseOptions } from '../tasks/paraphrase.js';

const SYSTEM_PROMPT = [
  'You rewrite what a customer says to an assistant in a chat, in the customer\'s own voice.',
  'Say the same thing in different words, as another person might type it. Keep its meaning; add no detail, number, name or date it does not state.',
  'Each text listed under "Keep verbatim" must appear in your version character for character.',
  'Reply with the rewritten message only.',
].join('\n');

export type VoiceOptions = Omit<ParaphraseOptions, 'environment'>;

/** What the voice did to a batch. */
export interface VoiceReport {
  readonly instances: QueryInstance[];
  /** User texts rewritten. */
  readonly rewritten: number;
  /** Rewrites refused by the fact check (a value lost, a new number, an answer stated): originals kept. */
  readonly rejected: number;
  /** Requests that failed after their retries: originals kept. */
  readonly failed: number;
}

/** The words of a text that carry facts: numbers, and capitalised words past its first. */
function factWords(text: string): Set<string> {
  const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}.'-]*/gu) ?? [];
  return new Set(words.filter((w, i) => /\p{N}/u.test(w) || (i > 0 && /^\p{Lu}/u.test(w))).map((w) => normalizeText(w)));
}

/**
 * Null when `rewrite` may replace `original`, else why not: every value the original states
 * survives verbatim (the paraphraser's check), no number appears that neither the original nor the
 * user's own values hold, and no answer the user was never told is stated.
 */
export function checkVoice(rewrite: string, original: string, conversation: Conversation): string | null {
  const values = conversation.topics.map((t) => t.value).concat(conversation.intents.flatMap((i) => (i.sets ? [i.sets.value] : [])));
  const kept = checkParaphrase(rewrite, original, values.filter((v) => v !== '' && original.includes(v)));
  if (kept !== null) return kept;
  const allowed = new Set([...factWords(original), ...values.flatMap((v) => [...factWords(` ${v}`)])]);
  const added = [...factWords(rewrite)].filter((w) => !allowed.has(w) && !normalizeText(original).includes(w));
  if (added.some((w) => /\p{N}/u.test(w))) return `states numbers the user never gave: ${added.filter((w) => /\p{N}/u.test(w)).join(', ')}`;
  const said = normalizeText(rewrite);
  for (const intent of conversation.intents) {
    const truth = normalizeText(intent.answer);
    if (truth.length >= 3 && said.includes(truth) && !normalizeText(original).includes(truth) && !values.some((v) => normalizeText(v) === truth)) return `states the answer of ${intent.id}`;
  }
  return null;
}

/**
 * An LLM voice for the simulated user: rewrites a multi-turn instance's user texts (its follow-up
 * and correction requests, and its replies giving withheld values) through an OpenAI-compatible
 * model, offline and before play, so `step` stays synchronous and deterministic. Replies are cached
 * under a hash of the request (`cacheDir`); every rewrite passes `checkVoice` or the original is
 * kept. What the user knows and wants (values, intents, ground truths) never changes; the opening
 * is the query, which the query paraphraser owns.
 */
export class UserVoice {
  readonly #client: ChatClient;
  readonly #temperature: number;
  readonly totals = { rewritten: 0, rejected: 0, failed: 0 };

  constructor(options: VoiceOptions) {
    this.#client = new ChatClient(options);
    this.#temperature = options.temperature ?? 0.7;
  }

  get stats(): Readonly<ChatStats> {
    return this.#client.stats;
  }

  async #rewrite(instance: QueryInstance, conversation: Conversation, text: string, label: string, counts: { rewritten: number; rejected: number; failed: number }): Promise<string> {
    const values = conversation.topics.map((t) => t.value).filter((v) => v !== '' && text.includes(v));
    const keep = values.length > 0 ? `\nKeep verbatim:\n${values.map((v) => `- ${v}`).join('\n')}` : '';
    const outcome = await this.#client.complete(
      { messages: [{ role: 'system', content: SYSTEM_PROMPT }, { role: 'user', content: `Message: ${text}${keep}` }], temperature: this.#temperature },
      rngStream(instance.seed, 'voice', instance.id, label),
    );
    if (!outcome.ok) {
      counts.failed++;
      return text;
    }
    const rewrite = (outcome.completion.choices[0]?.message.content ?? '').trim();
    if (rewrite === text) return text;
    if (checkVoice(rewrite, text, conversation) !== null) {
      counts.rejected++;
      return text;
    }
    counts.rewritten++;
    return rewrite;
  }

  async voice(instances: readonly QueryInstance[]): Promise<VoiceReport> {
    const counts = { rewritten: 0, rejected: 0, failed: 0 };
    const out = await Promise.all(
      instances.map(async (instance): Promise<QueryInstance> => {
        const conversation = instance.conversation;
        if (!conversation) return instance;
        const intents = await Promise.all(conversation.intents.map(async (intent, i) => (i === 0 ? intent : { ...intent, text: await this.#rewrite(instance, conversation, intent.text, `intent/${intent.id}`, counts) })));
        const topics = await Promise.all(
          conversation.topics.map(async (topic) => ({ ...topic, replies: await Promise.all(topic.replies.map((reply, k) => this.#rewrite(instance, conversation, reply, `reply/${topic.name}/${k}`, counts))) })),
        );
        return { ...instance, conversation: { topics, intents } };
      }),
    );
    for (const key of Object.keys(counts) as (keyof typeof counts)[]) this.totals[key] += counts[key];
    return { instances: out, ...counts };
  }
}
