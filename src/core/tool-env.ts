import { resolveParsers } from '../actions/formats.js';
import { defaultObservation, handleAction, type ActionContext, type ActionReport } from '../actions/handler.js';
import type { ActionParser } from '../actions/parse-result.js';
import type { QueryInstance } from '../tasks/instance.js';
import type { Environment } from './environment.js';
import { EnvUsageError, type AnswerReport, type Env, type EnvSnapshot, type EnvSpec, type Observation, type RenderMode, type ResetResult, type StepResult } from './env.js';
import { judgeAnswer, MAX_ANSWER_CHARS } from './answer-check.js';
import { checkCallerShape } from './caller-shape.js';
import { cloneTallies, type Episode } from './episode-state.js';
import { readSnapshotData, snapshotData } from './env-snapshot.js';
import { markGenerated } from './trusted-instances.js';
import { startEpisode, type ResetHost } from './episode-start.js';
import { stableJson, type JsonValue } from './json.js';
import type { ChatMessage } from './messages.js';
import { describeZodError, EnvOptionsSchema, type EnvOptions } from './options.js';
import { renderEpisode } from './episode-render.js';
import { mergeRewards, type RewardConfig } from './rewards.js';
import type { Seed } from './rng.js';
import { assistantTurn, stepMessages, truncate, type TranscriptStyle } from './transcript.js';
import { plainMessage } from '../users/plain-message.js';
import { hearAnswer, hearMessage, startUser, type UserTurnReport } from '../users/simulated-user.js';
import { conversationAnswer, judgeIntent, penaltyMessage } from '../users/episode-grading.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export { MAX_ANSWER_CHARS } from './answer-check.js';
export { MAX_CALLER_DEPTH } from './caller-shape.js';

/** The base environment: the Env contract over an Environment's world, tools and templates. */
export class ToolEnv<W = any, S = any> implements Env {
  readonly spec: EnvSpec;
  readonly #env: Environment<W, S>;
  readonly #options: ReturnType<typeof EnvOptionsSchema.parse>;
  readonly #transcript: TranscriptStyle;
  readonly #maxCalls: number;
  /** The env's reward config, merged once; a reset that overrides rewards merges its own. */
  readonly #defaultRewards: RewardConfig;
  readonly #parserCache = new Map<string, { parsers: ActionParser[]; names: string[] }>();
  readonly #worldOptions: Record<string, unknown>;
  /** The world seed `make` pinned for every episode, or null: each episode's split pool decides. */
  readonly #pinnedWorld: Seed | null;
  #episode: Episode | null = null;
  /** The action context of #ctxEpisode (see #actionContext). */
  #ctx: Mutable<ActionContext> | null = null;
  #ctxEpisode: Episode | null = null;
  /** The current episode's drawn instance until it is handed out (then marked generated), else null. */
  #unmarked: QueryInstance | null = null;
  #episodes = 0;
  #closed = false;
  readonly #host: ResetHost<W, S>;

  constructor(env: Environment<W, S>, options: EnvOptions = {}) {
    checkCallerShape(`invalid options for ${env.id}`, options);
    const parsed = EnvOptionsSchema.safeParse(options);
    if (!parsed.success) throw new EnvUsageError(`invalid options for ${env.id}: ${describeZodError(parsed.error)}`);
    this.#options = parsed.data;
    this.#env = env;
    const def = env.definition;
    const worldOptions = env.definition.world.options?.safeParse(parsed.data.world);
    if (worldOptions && !worldOptions.success) throw new EnvUsageError(`invalid world options for ${env.id}: ${describeZodError(worldOptions.error)}`);
    this.#worldOptions = parsed.data.world;
    this.#pinnedWorld = parsed.data.worldSeed ?? null;
    this.#transcript = { observe: def.observe ?? defaultObservation, maxObservation: parsed.data.maxObservationChars ?? def.maxObservationChars ?? 20_000 };
    this.#maxCalls = def.maxCallsPerStep ?? 1;
    this.#defaultRewards = mergeRewards(def.rewards, parsed.data.rewards);
    if (parsed.data.split !== undefined) env.split(parsed.data.split);
    const formats = this.#formats(parsed.data.actionFormat);
    this.spec = Object.freeze({
      id: env.id,
      version: env.version,
      description: def.description,
      maxSteps: parsed.data.maxSteps ?? def.maxSteps ?? 20,
      actionFormats: formats.names,
      splits: [...env.splits.keys()],
      defaultSplit: parsed.data.split ?? def.defaultSplit,
      renderModes: ['ansi', 'json', 'html'] as const,
    });
    this.#host = {
      env,
      options: this.#options,
      defaultSplit: this.spec.defaultSplit,
      defaultRewards: this.#defaultRewards,
      formats: (choice) => this.#formats(choice),
      world: (seed) => this.#world(seed),
      worldSeedFor: (seed, split, instance) => this.#worldSeedFor(seed, split, instance),
      nextEpisode: () => this.#episodes++,
    };
  }

  /**
   * The current episode's world; before the first reset, the pinned world or the default split's
   * first pool world.
   */
  get world(): W {
    if (this.#episode !== null) return this.#episode.world as W;
    return this.#env.world(this.#pinnedWorld ?? this.#env.worldSeedFor({ seed: 0, split: this.spec.defaultSplit }), this.#worldOptions);
  }

  /** The seed of the current episode's world (see `world`). */
  get worldSeed(): Seed {
    return this.#episode?.worldSeed ?? this.#pinnedWorld ?? this.#env.worldSeedFor({ seed: 0, split: this.spec.defaultSplit });
  }

  /** The world an episode plays in: the instance's own, else the pinned one, else the split's pool's. */
  #worldSeedFor(seed: Seed, split: string, instance?: QueryInstance): Seed {
    if (instance?.worldSeed !== undefined) return instance.worldSeed;
    return this.#pinnedWorld ?? this.#env.worldSeedFor({ seed, split });
  }

  /** The environment this env runs (its registry, splits, templates). */
  get environment(): Environment<W, S> {
    return this.#env;
  }

  /** The instance of the current episode (with its ground truth), or null before the first reset. */
  get instance(): QueryInstance | null {
    return this.#episode === null ? null : this.#handOut(this.#episode.instance);
  }

  /** The action format agents should write this episode (the first accepted one). */
  get actionFormat(): string {
    return this.#episode?.formatNames[0] ?? this.spec.actionFormats[0]!;
  }

  /** The current episode state (read-only by convention; mutate only through tools). */
  get state(): S | null {
    return (this.#episode?.state as S) ?? null;
  }

  #formats(choice: string | readonly string[] | undefined): { parsers: ActionParser[]; names: string[] } {
    const key = choice === undefined ? 'auto' : typeof choice === 'string' ? choice : choice.join(',');
    let cached = this.#parserCache.get(key);
    if (!cached) {
      const names = choice === undefined || choice === 'auto' ? [...this.#env.formats] : typeof choice === 'string' ? [choice] : [...choice];
      for (const name of names) {
        if (!this.#env.formats.includes(name)) throw new EnvUsageError(`${this.#env.id} does not accept action format ${JSON.stringify(name)} (accepted: ${this.#env.formats.join(', ')})`);
      }
      cached = { parsers: resolveParsers(names, this.#env.definition.parsers), names };
      this.#parserCache.set(key, cached);
    }
    return cached;
  }

  reset(args: { seed?: Seed; options?: Record<string, unknown> } = {}): ResetResult {
    if (this.#closed) throw new EnvUsageError('reset() on a closed env');
    const { episode, drawn } = startEpisode(this.#host, args);
    this.#episode = episode;
    // A drawn instance is marked as this process's (trusted-instances) when it is handed out.
    this.#unmarked = drawn ? episode.instance : null;
    const { instance, seed } = episode;
    return {
      observation: { messages: episode.messages, tools: episode.tools },
      info: {
        instance: { id: instance.id, template: instance.template, split: instance.split, seed },
        tallies: cloneTallies(episode.tallies),
      },
    };
  }

  /** Marks the current drawn instance as generated here once it leaves the env (env.instance, snapshots). */
  #handOut(instance: QueryInstance): QueryInstance {
    if (this.#unmarked === instance) {
      markGenerated(instance);
      this.#unmarked = null;
    }
    return instance;
  }

  step(action: unknown): StepResult {
    const ep = this.#episode;
    if (ep === null) throw new EnvUsageError('step() before reset()');
    if (ep.terminated || ep.truncated) throw new EnvUsageError('step() on a finished episode: call reset()');
    const step = ep.step + 1;
    const conversation = ep.user !== null ? ep.instance.conversation : undefined;
    if (conversation !== undefined) {
      const said = plainMessage(action, ep.parsers);
      if (said !== null) return this.#talk(ep, step, action, said);
    }
    let report = handleAction(action, this.#actionContext(ep, step));
    let heard: ReturnType<typeof hearAnswer> | null = null;
    if (conversation !== undefined && report.final !== null) {
      heard = hearAnswer(conversation, ep.user!, report.final, ep.seed, (intent, answer) => this.#judgeIntent(ep, intent, answer));
      ep.user = heard.state;
      if (heard.report.penalty !== null) report = { ...report, ok: false, message: penaltyMessage(conversation, heard.report) };
    }
    const added = stepMessages(action, report, heard?.report.reply ?? null, this.#transcript, ep.parsers);
    const rewards = ep.rewards;
    let reward = rewards.stepCost;
    const tallies = ep.tallies;
    tallies.steps = step;
    if (report.ok) {
      tallies.passed++;
      if (rewards.actionPass !== 0 && this.#firstTimeCall(ep, report)) reward += rewards.actionPass;
    } else if (heard?.report.penalty != null) {
      reward += rewards.penalties[heard.report.penalty];
    } else {
      const cls = report.errorClass ?? 'structure';
      tallies.errors[cls]++;
      const injected = report.calls.some((c) => c.fault !== null);
      reward += injected ? rewards.penalties.injectedFault : rewards.penalties[cls];
    }
    let answer: AnswerReport | undefined;
    let terminated = report.final !== null;
    if (heard !== null && conversation !== undefined) {
      const graded = heard.report.graded;
      const share = 1 / conversation.intents.length;
      if (graded) reward += (graded.correct ? rewards.success : rewards.failure) * share;
      if (report.final!.gaveUp) reward += rewards.giveUp;
      terminated = heard.done;
      if (terminated) answer = conversationAnswer(conversation, ep.user!, report.final!);
    } else if (report.final !== null) {
      const { instance } = ep;
      const verdict = judgeAnswer(report.final.gaveUp ? null : report.final.answer, instance);
      let correct = verdict.correct;
      let detail = verdict.detail;
      const problem = correct ? this.#stateProblem(ep) : null;
      if (problem !== null) {
        correct = false;
        detail = `the answer matches but the final state is wrong: ${problem}`;
      }
      answer = { answer: report.final.answer, gaveUp: report.final.gaveUp, correct, score: correct ? verdict.score : verdict.correct ? 0 : verdict.score, detail, groundTruth: instance.groundTruth as JsonValue };
      reward += correct ? rewards.success : report.final.gaveUp ? rewards.giveUp : rewards.failure;
    }
    return this.#record(ep, step, report, added, reward, terminated, answer, heard?.report);
  }

  /** What handleAction reads for a step of `ep`: made once per episode (all but the step number are the episode's). */
  #actionContext(ep: Episode, step: number): ActionContext {
    let ctx = this.#ctx;
    if (ctx === null || this.#ctxEpisode !== ep) {
      ctx = this.#ctx = {
        registry: this.#env.registry,
        offered: ep.offered,
        offeredList: ep.instance.tools,
        parsers: ep.parsers,
        world: ep.world,
        state: ep.state,
        episodeSeed: ep.seed,
        step,
        faults: ep.faults,
        maxCallsPerStep: this.#maxCalls,
        observe: this.#transcript.observe,
        readFinal: this.#env.definition.finish.read,
      };
      this.#ctxEpisode = ep;
    }
    ctx.step = step;
    return ctx;
  }

  /** A plain message to the simulated user: its reply, and the penalty of a redundant or unneeded question. */
  #talk(ep: Episode, step: number, action: unknown, said: string): StepResult {
    const conversation = ep.instance.conversation!;
    const heard = hearMessage(conversation, ep.user!, said, ep.seed);
    ep.user = heard.state;
    const penalty = heard.report.penalty;
    const report: ActionReport = { format: ep.formatNames[0]!, ok: penalty === null, errorClass: null, message: penalty === null ? null : penaltyMessage(conversation, heard.report), thought: null, calls: [], final: null };
    const added: ChatMessage[] = [assistantTurn(action, report), { role: 'user', content: truncate(heard.report.reply ?? '', this.#transcript.maxObservation) }];
    const rewards = ep.rewards;
    ep.tallies.steps = step;
    if (penalty === null) ep.tallies.passed++;
    const reward = rewards.stepCost + (penalty === null ? 0 : rewards.penalties[penalty]);
    return this.#record(ep, step, report, added, reward, false, undefined, heard.report);
  }

  /** An intent's verdict: its own truth and rule, the answer-length bound, and the template's final-state check. */
  #judgeIntent(ep: Episode, intent: NonNullable<QueryInstance['conversation']>['intents'][number], answer: string | null) {
    const verdict = judgeIntent(ep.instance, intent, answer, MAX_ANSWER_CHARS);
    if (!verdict.correct) return verdict;
    const problem = this.#stateProblem(ep);
    return problem === null ? verdict : { correct: false, score: 0, detail: `the answer matches but the final state is wrong: ${problem}` };
  }

  #stateProblem(ep: Episode): string | null {
    const template = this.#env.templates.get(ep.instance.template);
    return template?.checkState ? template.checkState({ state: ep.state as S, world: ep.world as W, values: ep.instance.values }) : null;
  }

  /** Books a step: truncation, the return, the render verdict, the transcript, and the result. */
  #record(ep: Episode, step: number, report: ActionReport, added: readonly ChatMessage[], reward: number, terminated: boolean, answer: AnswerReport | undefined, user: UserTurnReport | undefined): StepResult {
    const tallies = ep.tallies;
    const truncated = !terminated && step >= this.spec.maxSteps;
    if (truncated) reward += ep.rewards.truncation;
    tallies.return += reward;
    ep.step = step;
    const conversational = user?.penalty != null;
    ep.verdicts.set(step, { ok: report.ok, errorClass: report.ok ? null : conversational ? 'conversation' : (report.errorClass ?? 'structure'), message: report.message ?? null, reward });
    ep.messages = ep.messages.concat(added);
    ep.terminated = terminated;
    ep.truncated = truncated;
    ep.answer = answer ?? null;
    const base = answer ? { step, action: report, tallies: cloneTallies(tallies), answer } : { step, action: report, tallies: cloneTallies(tallies) };
    const info = user ? { ...base, user } : base;
    return { observation: { messages: ep.messages, tools: ep.tools }, reward, terminated, truncated, info };
  }

  /** The current observation, as the last reset or step returned it. */
  observation(): Observation {
    const ep = this.#requireEpisode();
    return { messages: ep.messages, tools: ep.tools };
  }

  render(mode: RenderMode = 'ansi'): string {
    return renderEpisode(this.#env.id, this.#requireEpisode(), mode);
  }

  snapshot(): EnvSnapshot {
    const ep = this.#requireEpisode();
    this.#handOut(ep.instance);
    return { env: this.#env.id, data: snapshotData(ep, this.#episodes) };
  }

  restore(snapshot: EnvSnapshot): void {
    if (snapshot.env !== this.#env.id) throw new EnvUsageError(`snapshot of ${snapshot.env} cannot be restored into ${this.#env.id}`);
    const data = readSnapshotData(this.#env.id, snapshot.data);
    const instance = { data: data.instance };
    const formats = this.#formats(data.formats);
    const registry = this.#env.registry;
    const tools = instance.data.tools.map((name) => {
      const entry = registry.get(name);
      if (!entry) throw new EnvUsageError(`snapshot offers unknown tool ${name}`);
      return entry.spec;
    });
    this.#episodes = data.episodes;
    this.#unmarked = null;
    let world: W;
    try {
      world = this.#world(data.worldSeed);
    } catch (error) {
      throw new EnvUsageError(`snapshot's world ${String(data.worldSeed)} cannot be built: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.#episode = {
      instance: instance.data,
      world,
      worldSeed: data.worldSeed,
      seed: data.seed,
      step: data.step,
      messages: data.messages,
      tools,
      offered: new Set(instance.data.tools),
      state: structuredClone(data.state),
      tallies: cloneTallies(data.tallies),
      rewards: data.rewards,
      faults: data.faults,
      parsers: formats.parsers,
      formatNames: formats.names,
      terminated: data.terminated,
      truncated: data.truncated,
      answer: data.answer,
      verdicts: new Map(),
      paid: new Set(data.paid),
      user: instance.data.conversation ? (data.user ?? startUser()) : null,
    };
  }

  close(): void {
    this.#closed = true;
    this.#episode = null;
    this.#ctx = null;
    this.#ctxEpisode = null;
  }

  /**
   * Whether a passing action earns `actionPass`: it makes a non-terminal call not paid before in
   * this episode, and the episode has been paid fewer times than its solution has calls.
   */
  #firstTimeCall(ep: Episode, report: ActionReport): boolean {
    if (ep.paid.size >= ep.instance.solution.calls.length) return false;
    let fresh = false;
    for (const call of report.calls) {
      if (!call.executed || !call.ok || this.#env.registry.get(call.name)?.tool.terminal === true) continue;
      const key = `${call.name}\u0000${stableJson(call.args as JsonValue)}`;
      if (!ep.paid.has(key)) {
        ep.paid.add(key);
        fresh = true;
      }
    }
    return fresh;
  }

  #world(seed: Seed): W {
    return this.#env.world(seed, this.#worldOptions);
  }

  #requireEpisode(): Episode {
    if (this.#episode === null) throw new EnvUsageError('no episode: call reset() first');
    return this.#episode;
  }
}
