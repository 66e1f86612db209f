import type { Environment } from '../core/environment.js';
import type { JsonValue } from '../core/json.js';
import { rngStream } from '../core/rng.js';
import { ChatClient, type ChatStats } from '../rollout/chat-client.js';
import type { QueryInstance } from './instance.js';
import type { TaskTemplate } from './template.js';

export interface ParaphraseOptions {
  model: string;
  /** An OpenAI-compatible server; default OPENAI_BASE_URL, else OpenAI. */
  baseURL?: string | undefined;
  /** Default OPENAI_API_KEY (a placeholder for a local server). */
  apiKey?: string | undefined;
  /** Replies stored under a hash of the request: a rerun asks the model nothing. */
  cacheDir?: string | undefined;
  /** Default 0.7. */
  temperature?: number | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  concurrency?: number | undefined;
  /** The instances' environment: the check then writes values with their placeholder's own `format`. */
  environment?: Environment | undefined;
  /** Where OPENAI_API_KEY / OPENAI_BASE_URL are read (default process.env). */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** Why an instance kept its original query. */
export interface ParaphraseProblem {
  readonly id: string;
  readonly kind: 'rejected' | 'failed';
  readonly reason: string;
}

export interface ParaphraseReport {
  /** The instances in input order; only `query` may differ. */
  readonly instances: QueryInstance[];
  readonly paraphrased: number;
  /** The model returned the query unchanged. */
  readonly unchanged: number;
  /** Paraphrases refused by the check (a value went missing, empty, too long): originals kept. */
  readonly rejected: number;
  /** Requests that failed after their retries: originals kept. */
  readonly failed: number;
  readonly problems: ParaphraseProblem[];
}

const SYSTEM_PROMPT = [
  'You reword requests that a user sends to an assistant.',
  'Write the same request in different words, the way another person might type it. Keep its meaning and every detail.',
  'Each text listed under "Keep verbatim" must appear in your version character for character (same spelling, case and punctuation).',
  'Do not answer or comment on the request. Reply with the reworded request only.',
].join('\n');

function valueText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The texts of placeholder values as the query shows them: each must survive a paraphrase
 * verbatim. A value written with its placeholder's `format` is looked for in that form; list values
 * element by element. A value the query does not show is not required.
 */
export function placeholderTexts(instance: QueryInstance, template?: TaskTemplate): string[] {
  const required: string[] = [];
  const need = (text: string): void => {
    if (text !== '' && instance.query.includes(text) && !required.includes(text)) required.push(text);
  };
  for (const [name, value] of Object.entries(instance.values)) {
    const format = template?.placeholders[name]?.format;
    const formatted = format ? format(value) : null;
    if (formatted !== null && formatted !== '' && instance.query.includes(formatted) && !Array.isArray(value)) need(formatted);
    else if (Array.isArray(value)) for (const item of value) need(valueText(item));
    else need(valueText(value));
  }
  return required;
}

/** Null when the paraphrase may replace the query, else why not. */
export function checkParaphrase(paraphrase: string, original: string, required: readonly string[]): string | null {
  if (paraphrase === '') return 'empty paraphrase';
  if (paraphrase.length > original.length * 4 + 200) return `paraphrase too long (${paraphrase.length} characters for a ${original.length}-character query)`;
  const missing = required.filter((text) => !paraphrase.includes(text));
  return missing.length === 0 ? null : `dropped ${missing.map((t) => JSON.stringify(t)).join(', ')}`;
}

const QUOTES: Readonly<Record<string, string>> = { '"': '"', "'": "'", '\u201c': '\u201d', '`': '`' };

/** The model's reply as a query: trimmed, and unwrapped from quotes the original did not have. */
function cleanReply(reply: string, original: string): string {
  let text = reply.trim();
  const close = QUOTES[text[0] ?? ''];
  if (close !== undefined && text.length > 1 && text.endsWith(close) && !original.startsWith(text[0]!)) text = text.slice(1, -1).trim();
  return text;
}

/**
 * Rewrites instance queries with a chat model (as the LAM Simulator paper does with gpt-4o). Only
 * the query text changes: values, tools, solution and ground truth stay as generation computed
 * them, and a paraphrase that loses any placeholder value is refused. Keeps running totals across
 * batches.
 */
export class QueryParaphraser {
  readonly #client: ChatClient;
  readonly #temperature: number;
  readonly #environment: Environment | undefined;
  readonly totals = { paraphrased: 0, unchanged: 0, rejected: 0, failed: 0 };

  constructor(options: ParaphraseOptions) {
    this.#client = new ChatClient(options);
    this.#temperature = options.temperature ?? 0.7;
    this.#environment = options.environment;
  }

  get stats(): Readonly<ChatStats> {
    return this.#client.stats;
  }

  async paraphrase(instances: readonly QueryInstance[]): Promise<ParaphraseReport> {
    const problems: Array<ParaphraseProblem & { at: number }> = [];
    const counts = { paraphrased: 0, unchanged: 0, rejected: 0, failed: 0 };
    const out = await Promise.all(
      instances.map(async (instance, at): Promise<QueryInstance> => {
        const template = this.#environment?.templates.get(instance.template);
        const required = placeholderTexts(instance, template);
        const keep = required.length > 0 ? `\nKeep verbatim:\n${required.map((t) => `- ${t}`).join('\n')}` : '';
        const outcome = await this.#client.complete(
          {
            messages: [
              { role: 'system', content: SYSTEM_PROMPT },
              { role: 'user', content: `Request: ${instance.query}${keep}` },
            ],
            temperature: this.#temperature,
          },
          rngStream(instance.seed, 'paraphrase', instance.id),
        );
        if (!outcome.ok) {
          counts.failed++;
          problems.push({ at, id: instance.id, kind: 'failed', reason: outcome.failure.message });
          return instance;
        }
        const text = cleanReply(outcome.completion.choices[0]?.message.content ?? '', instance.query);
        const problem = checkParaphrase(text, instance.query, required);
        if (problem !== null) {
          counts.rejected++;
          problems.push({ at, id: instance.id, kind: 'rejected', reason: problem });
          return instance;
        }
        if (text === instance.query) {
          counts.unchanged++;
          return instance;
        }
        counts.paraphrased++;
        return { ...instance, query: text };
      }),
    );
    for (const key of Object.keys(counts) as (keyof typeof counts)[]) this.totals[key] += counts[key];
    problems.sort((a, b) => a.at - b.at);
    return { instances: out, ...counts, problems: problems.map(({ id, kind, reason }) => ({ id, kind, reason })) };
  }
}

/** Paraphrases a batch of instances; see QueryParaphraser. */
export function paraphraseInstances(instances: readonly QueryInstance[], options: ParaphraseOptions): Promise<ParaphraseReport> {
  return new QueryParaphraser(options).paraphrase(instances);
}
