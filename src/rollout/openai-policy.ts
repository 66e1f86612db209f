import type { ChatCompletion, ChatCompletionFunctionTool, ChatCompletionMessage } from 'openai/resources/chat/completions';
import { BUILTIN_PARSERS } from '../actions/formats.js';
import type { ToolSpec } from '../core/messages.js';
import { ChatClient, type ChatFailure, type ChatRequest, type ChatStats } from './chat-client.js';
import { ACTION_FORMAT_OF_MODE, CHAT_MODES, modeForFormat, textTranscript, toolsTranscript, type ChatMode } from './chat-transcript.js';
import type { Policy, PolicyContext } from './policy.js';
import { PhaseGate } from './phase-gate.js';
import { jsonList, withJson } from './request-json.js';

export interface OpenAIChatPolicyOptions {
  model: string;
  /** An OpenAI-compatible server, e.g. http://localhost:8000/v1 (vLLM) or http://localhost:11434/v1 (Ollama). Default: OPENAI_BASE_URL, else OpenAI. */
  baseURL?: string;
  /** Default: OPENAI_API_KEY; a placeholder when a base URL (or a cache) is given and no key is set. */
  apiKey?: string;
  /** Native tool calls, or a text format. Default: the one matching the env's action format. */
  mode?: ChatMode;
  /** Candidate i samples at temperatures[i % length]. Default [0]. */
  temperatures?: number[];
  /** Ask for several candidates of one temperature in one request (`n`); otherwise one request per candidate. */
  useN?: boolean;
  /** Per attempt. Default 60 000. */
  timeoutMs?: number;
  /** Further attempts on 408/429/5xx and network errors. Default 3. */
  maxRetries?: number;
  /** Replay folder: responses are stored under a hash of the request and reused. */
  cacheDir?: string;
  maxTokens?: number;
  /** Requests in flight at once, across every episode using this policy. Default 8. */
  concurrency?: number;
  /**
   * Send each request a `seed` drawn from the episode's stream (so from its attempt) and the
   * candidate index, for servers that sample reproducibly with one (OpenAI, vLLM, Ollama,
   * llama.cpp). Default true; the cache keys by that seed either way.
   */
  sendSeed?: boolean;
  /** The fetch the `openai` client sends with (default `keepAliveFetch`). */
  fetch?: typeof fetch;
}

const failedActions = new WeakSet<object>();
const SOLE_CANDIDATE: readonly number[] = [0];

/** Each tool as the API takes it, made and serialised once per spec (specs are shared by every episode of an env). */
const chatToolEntries = new WeakMap<ToolSpec, ChatCompletionFunctionTool>();
/** The tools as the API takes them, per tool list (an episode's list is the same array at every step), its bytes joined once. */
const chatToolLists = new WeakMap<readonly ToolSpec[], ChatCompletionFunctionTool[]>();

function chatTools(tools: readonly ToolSpec[]): ChatCompletionFunctionTool[] {
  let listed = chatToolLists.get(tools);
  if (listed === undefined) {
    const entries: ChatCompletionFunctionTool[] = new Array(tools.length);
    for (let i = 0; i < tools.length; i++) {
      const t = tools[i]!;
      let entry = chatToolEntries.get(t);
      if (entry === undefined) {
        entry = withJson({ type: 'function' as const, function: { name: t.function.name, description: t.function.description, parameters: t.function.parameters } });
        chatToolEntries.set(t, entry);
      }
      entries[i] = entry;
    }
    listed = jsonList(entries, true);
    chatToolLists.set(tools, listed);
  }
  return listed;
}

/**
 * True for the placeholder action a policy returns when the server could not be reached or kept
 * failing: the env scores it as a structure error, but it says nothing about the model, so a
 * collector should not use it as a negative example.
 */
export function isFailedAction(action: unknown): boolean {
  return typeof action === 'object' && action !== null && failedActions.has(action);
}

function failedAction(): { role: 'assistant'; content: string } {
  const action = { role: 'assistant' as const, content: '' };
  failedActions.add(action);
  return action;
}

/** The assistant message as an env action: only the chat fields, no refusal/audio/annotations. */
function toolsAction(message: ChatCompletionMessage): unknown {
  const calls = (message.tool_calls ?? []).flatMap((c) => (c.type === 'function' ? [{ id: c.id, type: 'function' as const, function: { name: c.function.name, arguments: c.function.arguments } }] : []));
  return calls.length > 0 ? { role: 'assistant', content: message.content ?? null, tool_calls: calls } : { role: 'assistant', content: message.content ?? '' };
}

/** The reply text as an env action; a server that parsed the calls out of the text gets them written back. */
function textAction(message: ChatCompletionMessage, mode: Exclude<ChatMode, 'tools'>): unknown {
  const content = message.content ?? '';
  const calls = (message.tool_calls ?? []).flatMap((c) => (c.type === 'function' ? [c.function] : []));
  if (content.trim() !== '' || calls.length === 0) return content;
  const encoded = calls.map((fn) => {
    try {
      return { name: fn.name, arguments: JSON.parse(fn.arguments) as unknown };
    } catch {
      return { name: fn.name, arguments: fn.arguments };
    }
  });
  return BUILTIN_PARSERS[mode]!.encode?.(encoded, 0) ?? content;
}

/**
 * A policy that asks an OpenAI-compatible chat model (OpenAI, vLLM, Ollama, llama.cpp, ...) for
 * its next action, through the `openai` client.
 *
 * - `tools` mode sends the transcript and the tool specs (`parallel_tool_calls: false`) and plays
 *   the assistant message. `xlam`/`react` modes omit `tools`, describe the tools and the format
 *   in the system message, turn tool results into user "Observation:" turns, and play the text.
 * - Candidate i samples at `temperatures[i % length]`; with `useN`, candidates sharing a
 *   temperature come from one request with `n` (a server that returns fewer choices is asked
 *   again, one request per missing candidate). Each request carries a `seed` drawn from the
 *   episode's stream, so repeated attempts at an instance are distinct samples (and distinct
 *   cache entries), and a cached re-run replays exactly.
 * - A request that still fails after its retries does not throw: its candidates become an empty
 *   assistant message (a structure error for the env; see `isFailedAction`), `stats.failures`
 *   counts it and `lastError` says why. A bad key, a refused access or an unknown model throws
 *   `ChatConfigurationError` instead: no episode can succeed with those.
 */
export class OpenAIChatPolicy implements Policy {
  readonly name: string;
  readonly mode: ChatMode | undefined;
  readonly temperatures: readonly number[];
  readonly useN: boolean;
  readonly maxTokens: number | undefined;
  readonly sendSeed: boolean;
  readonly #client: ChatClient;
  /** Episodes take their actions back together, so their env steps run back to back (see phase-gate.ts). */
  readonly #gate = new PhaseGate();

  constructor(options: OpenAIChatPolicyOptions) {
    if (options.mode !== undefined && !CHAT_MODES.includes(options.mode)) throw new RangeError(`mode must be one of ${CHAT_MODES.join(', ')}, got ${JSON.stringify(options.mode)}`);
    const temperatures = options.temperatures ?? [0];
    if (temperatures.length === 0 || temperatures.some((t) => !Number.isFinite(t) || t < 0 || t > 2)) throw new RangeError(`temperatures must be a non-empty list of numbers in [0, 2], got ${JSON.stringify(options.temperatures)}`);
    if (options.maxTokens !== undefined && (!Number.isInteger(options.maxTokens) || options.maxTokens < 1)) throw new RangeError(`maxTokens must be a positive integer, got ${options.maxTokens}`);
    this.#client = new ChatClient(options);
    this.name = `openai:${options.model}`;
    this.mode = options.mode;
    this.temperatures = [...temperatures];
    this.useN = options.useN ?? false;
    this.maxTokens = options.maxTokens;
    this.sendSeed = options.sendSeed ?? true;
  }

  /** HTTP requests, retries, failures, cache hits and tokens so far. */
  get stats(): Readonly<ChatStats> {
    return this.#client.stats;
  }

  /** Why the last failed request failed, or null. */
  get lastError(): ChatFailure | null {
    return this.#client.lastError;
  }

  get baseURL(): string {
    return this.#client.baseURL;
  }

  /** The env action format this policy writes (undefined: whichever the env asks for). */
  get actionFormat(): string | undefined {
    return this.mode === undefined ? undefined : ACTION_FORMAT_OF_MODE[this.mode];
  }

  /** The sampling temperature of candidate `index`. */
  temperatureOf(index: number): number {
    return this.temperatures[index % this.temperatures.length]!;
  }

  async act(ctx: PolicyContext, n: number): Promise<unknown[]> {
    if (n <= 0) return [];
    const mode = this.mode ?? modeForFormat(ctx.format);
    const request = this.#request(ctx, mode);
    const actions: unknown[] = new Array(n);
    // one candidate (the common case): one request, no groups to build and join
    if (n === 1) await this.#fill(ctx, mode, request, SOLE_CANDIDATE, actions);
    else await Promise.all(this.#groups(n).map((indices) => this.#fill(ctx, mode, request, indices, actions)));
    await this.#gate.pass();
    return actions;
  }

  /** Asks for the candidates `indices` (one request, with `n` when several) and writes their actions into `actions`. */
  async #fill(ctx: PolicyContext, mode: ChatMode, request: ChatRequest, indices: readonly number[], actions: unknown[]): Promise<void> {
    const temperature = this.temperatureOf(indices[0]!);
    const seed = Math.floor(ctx.rng.child(`seed/${indices[0]}`).next() * 0x8000_0000);
    const sampling = { temperature, ...(indices.length > 1 ? { n: indices.length } : {}), ...(this.sendSeed ? { seed } : {}) };
    const body: ChatRequest = { ...request, ...sampling };
    // the key holds the whole body (model, messages, tools, temperature, n, seed) and which samples it serves
    const outcome = await this.#client.complete(body, ctx.rng.child(`chat/${indices[0]}`), { candidates: indices, attempt: ctx.attempt ?? 0, seed });
    if (!outcome.ok) {
      for (const i of indices) actions[i] = failedAction();
      return;
    }
    const messages = choiceMessages(outcome.completion);
    let missing: number[] | null = null;
    for (let k = 0; k < indices.length; k++) {
      const slot = indices[k]!;
      const message = messages[k];
      if (message === undefined) (missing ??= []).push(slot);
      else actions[slot] = mode === 'tools' ? toolsAction(message) : textAction(message, mode);
    }
    if (missing !== null) await Promise.all(missing.map((i) => this.#fill(ctx, mode, request, [i], actions)));
  }

  /** Candidate indices per request: one each, or (with `useN`) all those sharing a temperature. */
  #groups(n: number): number[][] {
    if (!this.useN) return Array.from({ length: n }, (_, i) => [i]);
    const byTemperature = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const t = this.temperatureOf(i);
      const group = byTemperature.get(t);
      if (group) group.push(i);
      else byTemperature.set(t, [i]);
    }
    return [...byTemperature.values()];
  }

  #request(ctx: PolicyContext, mode: ChatMode): ChatRequest {
    const limit = this.maxTokens === undefined ? {} : { max_tokens: this.maxTokens };
    const { observation } = ctx;
    if (mode === 'tools') {
      const tools = chatTools(observation.tools);
      return { messages: toolsTranscript(observation.messages), ...(tools.length > 0 ? { tools, parallel_tool_calls: false } : {}), ...limit };
    }
    const finish = ctx.environment.definition.finish.tool;
    return { messages: textTranscript(observation, mode, finish), ...(mode === 'react' ? { stop: ['\nObservation:'] } : {}), ...limit };
  }
}

/** The choices' messages in choice order (servers may list them in any order). */
function choiceMessages(completion: ChatCompletion): ChatCompletionMessage[] {
  if (completion.choices.length === 1) return [completion.choices[0]!.message];
  return [...completion.choices].sort((a, b) => (a.index ?? 0) - (b.index ?? 0)).map((c) => c.message);
}

export type { ChatMode } from './chat-transcript.js';
