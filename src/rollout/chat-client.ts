import { OpenAI, APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { Rng } from '../core/rng.js';
import { keepAliveFetch } from './http-fetch.js';
import { requestJson } from './request-json.js';
import { ResponseCache } from './response-cache.js';
import { backoffMs, retryableStatus, retryAfterMs, sleep } from './retry.js';

/** Sent as the key to servers that want none (vLLM, Ollama, llama.cpp) when no key is configured. */
export const PLACEHOLDER_API_KEY = 'lamsim-no-key';
const OPENAI_BASE_URL = 'https://api.openai.com/v1';

export interface ChatClientOptions {
  model: string;
  /** Default: OPENAI_BASE_URL, else api.openai.com. */
  baseURL?: string | undefined;
  /** Default: OPENAI_API_KEY; a placeholder when a base URL or a cache is given and no key is set. */
  apiKey?: string | undefined;
  /** Per attempt. Default 60 s. */
  timeoutMs?: number | undefined;
  /** Further attempts after the first on 408/429/5xx and network errors. Default 3. */
  maxRetries?: number | undefined;
  /** Folder of the on-disk response cache; none by default. */
  cacheDir?: string | undefined;
  /** Requests in flight at once. Default 8. */
  concurrency?: number | undefined;
  /** Where OPENAI_API_KEY and OPENAI_BASE_URL are read (default process.env). */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** The fetch the client sends with (default `keepAliveFetch`), e.g. one through a proxy. */
  fetch?: typeof fetch | undefined;
}

/** The request without its model: the client adds it. */
export type ChatRequest = Omit<ChatCompletionCreateParamsNonStreaming, 'model'>;

export interface ChatFailure {
  /** http: the server answered with an error status; timeout/network: no answer; bad_response: an answer that is not a completion. */
  readonly kind: 'http' | 'timeout' | 'network' | 'bad_response';
  readonly status: number | null;
  readonly message: string;
  readonly attempts: number;
}

export type ChatOutcome = { readonly ok: true; readonly completion: ChatCompletion; readonly cached: boolean } | { readonly ok: false; readonly failure: ChatFailure };

export interface ChatStats {
  /** HTTP requests sent (every attempt counts). */
  requests: number;
  retries: number;
  /** Requests given up on after their retries. */
  failures: number;
  cacheHits: number;
  promptTokens: number;
  completionTokens: number;
}

/**
 * A setting that no retry can fix (bad key, no access, unknown model or path). Thrown instead of
 * being turned into a failed action, so a misconfigured run stops at once.
 */
export class ChatConfigurationError extends Error {
  override name = 'ChatConfigurationError';
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

const CONFIGURATION_STATUSES = new Set([401, 403, 404]);

/**
 * The client's telemetry headers (its language, version, OS, runtime, retry count and timeout),
 * unset: no chat server reads them, and each costs work on both sides of every request (built,
 * validated, copied, logged, written, parsed). Accept, User-Agent, Authorization and Content-Type
 * stay; Content-Type is a default because every request is a JSON body given as bytes (the client
 * sends bytes as they are and adds no type of its own), so no request needs headers of its own.
 * As pairs (a documented form of `defaultHeaders`), which the client reads without copying them
 * into entries and clearing each name first on every request.
 */
const DEFAULT_HEADERS: ReadonlyArray<Array<string | null>> = [
  ...['Lang', 'Package-Version', 'OS', 'Arch', 'Runtime', 'Runtime-Version', 'Retry-Count', 'Timeout'].map((name) => [`X-Stainless-${name}`, null]),
  ['Content-Type', 'application/json'],
];

/** Bounds the requests in flight; waiters are served in arrival order. */
class Limiter {
  #free: number;
  readonly #waiting: Array<() => void> = [];
  constructor(size: number) {
    this.#free = size;
  }
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((go) => this.#waiting.push(go));
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}

function isCompletion(value: unknown): value is ChatCompletion {
  if (typeof value !== 'object' || value === null) return false;
  const choices = (value as { choices?: unknown }).choices;
  return Array.isArray(choices) && choices.length > 0 && choices.every((c) => typeof c === 'object' && c !== null && typeof (c as { message?: unknown }).message === 'object' && (c as { message?: unknown }).message !== null);
}

function positiveInt(value: number | undefined, fallback: number, name: string, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
  return value;
}

/**
 * Chat completions through the `openai` client, with our own retries (seeded jitter, honouring
 * Retry-After), a bound on requests in flight, an optional response cache and running counts.
 * The client's own retries are off so every attempt is visible here.
 */
export class ChatClient {
  readonly model: string;
  readonly baseURL: string;
  readonly stats: ChatStats = { requests: 0, retries: 0, failures: 0, cacheHits: 0, promptTokens: 0, completionTokens: 0 };
  /** The last request given up on (null when none has failed). */
  lastError: ChatFailure | null = null;
  readonly #openai: OpenAI;
  readonly #cache: ResponseCache | null;
  /** With a cache, an identical request already on its way is awaited rather than sent twice. */
  readonly #pending = new Map<string, Promise<ChatOutcome>>();
  readonly #limiter: Limiter;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;

  constructor(options: ChatClientOptions) {
    if (typeof options.model !== 'string' || options.model === '') throw new ChatConfigurationError('a model name is required');
    const env = options.env ?? process.env;
    const baseURL = options.baseURL ?? nonEmpty(env['OPENAI_BASE_URL']);
    const apiKey = options.apiKey ?? nonEmpty(env['OPENAI_API_KEY']) ?? (baseURL !== undefined || options.cacheDir !== undefined ? PLACEHOLDER_API_KEY : undefined);
    if (apiKey === undefined) throw new ChatConfigurationError('no API key: set OPENAI_API_KEY or pass an apiKey (a local server needs only a base URL)');
    this.model = options.model;
    this.baseURL = baseURL ?? OPENAI_BASE_URL;
    this.#timeoutMs = positiveInt(options.timeoutMs, 60_000, 'timeoutMs', 1);
    this.#maxRetries = positiveInt(options.maxRetries, 3, 'maxRetries', 0);
    this.#limiter = new Limiter(positiveInt(options.concurrency, 8, 'concurrency', 1));
    this.#cache = options.cacheDir === undefined ? null : new ResponseCache(options.cacheDir);
    this.#openai = new OpenAI({ apiKey, baseURL: this.baseURL, timeout: this.#timeoutMs, maxRetries: 0, fetch: options.fetch ?? keepAliveFetch, defaultHeaders: DEFAULT_HEADERS });
  }

  /**
   * One chat completion. `variant` joins the request body in the cache key (e.g. which candidates
   * the request serves, so equal bodies sampled twice are cached twice). `rng` draws the backoff
   * jitter. Resolves to a failure instead of throwing, except for configuration errors.
   */
  async complete(request: ChatRequest, rng: Rng, variant: unknown = null): Promise<ChatOutcome> {
    const body: ChatCompletionCreateParamsNonStreaming = { model: this.model, ...request };
    const cache = this.#cache;
    if (cache === null) return this.#send(body, rng, null);
    const cacheRequest = variant === null ? body : { body, variant };
    const key = ResponseCache.key(cacheRequest);
    const pending = this.#pending.get(key);
    if (pending) {
      this.stats.cacheHits++;
      return pending.then((outcome) => (outcome.ok ? { ...outcome, cached: true } : outcome));
    }
    const lookup = (async (): Promise<ChatOutcome> => {
      const hit = await cache.get(key);
      if (isCompletion(hit)) {
        this.stats.cacheHits++;
        return { ok: true, completion: hit, cached: true };
      }
      return this.#send(body, rng, { cache, key, request: cacheRequest });
    })();
    this.#pending.set(key, lookup);
    try {
      return await lookup;
    } finally {
      this.#pending.delete(key);
    }
  }

  async #send(body: ChatCompletionCreateParamsNonStreaming, rng: Rng, store: { cache: ResponseCache; key: string; request: unknown } | null): Promise<ChatOutcome> {
    let attempt = 0;
    for (;;) {
      attempt++;
      const result = await this.#limiter.run(() => this.#attempt(body));
      if ('completion' in result) {
        if (store) await store.cache.set(store.key, store.request, result.completion);
        return { ok: true, completion: result.completion, cached: false };
      }
      const failure: ChatFailure = { ...result.failure, attempts: attempt };
      if (!result.retryable || attempt > this.#maxRetries) {
        this.stats.failures++;
        this.lastError = failure;
        return { ok: false, failure };
      }
      this.stats.retries++;
      await sleep(result.waitMs ?? backoffMs(attempt - 1, rng));
    }
  }

  async #attempt(body: ChatCompletionCreateParamsNonStreaming): Promise<{ completion: ChatCompletion } | { failure: Omit<ChatFailure, 'attempts'>; retryable: boolean; waitMs: number | null }> {
    this.stats.requests++;
    let response: unknown;
    try {
      // The body goes as bytes joined from the parts earlier requests already serialised and encoded.
      response = await this.#openai.chat.completions.create(body, { body: requestJson(body) });
    } catch (error) {
      if (error instanceof APIConnectionTimeoutError) return { failure: { kind: 'timeout', status: null, message: `no answer within ${this.#timeoutMs} ms` }, retryable: true, waitMs: null };
      if (error instanceof APIConnectionError) return { failure: { kind: 'network', status: null, message: describe(error) }, retryable: true, waitMs: null };
      if (error instanceof APIError && typeof error.status === 'number') {
        const status = error.status;
        const message = `HTTP ${status}: ${describe(error)}`;
        if (CONFIGURATION_STATUSES.has(status)) throw new ChatConfigurationError(`${this.baseURL} refused model ${this.model}: ${message}`, status);
        return { failure: { kind: 'http', status, message }, retryable: retryableStatus(status, error.headers), waitMs: retryAfterMs(error.headers) };
      }
      return { failure: { kind: 'bad_response', status: null, message: describe(error) }, retryable: false, waitMs: null };
    }
    if (!isCompletion(response)) return { failure: { kind: 'bad_response', status: null, message: 'the answer is not a chat completion (no choices[].message)' }, retryable: false, waitMs: null };
    this.stats.promptTokens += response.usage?.prompt_tokens ?? 0;
    this.stats.completionTokens += response.usage?.completion_tokens ?? 0;
    return { completion: response };
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function describe(error: unknown): string {
  const message = (error as Error)?.message ?? String(error);
  return message.split('\n')[0]!.slice(0, 500);
}
