import type { FaultConfigInput } from '../tools/faults.js';
import type { Env, EnvSnapshot, EnvSpec, RenderMode, ResetResult, StepResult } from './env.js';
import type { JsonValue } from './json.js';
import type { RewardConfigInput } from './rewards.js';
import type { Seed } from './rng.js';

/** Changes one thing about an env without touching it; everything else passes through. */
export class Wrapper implements Env {
  constructor(readonly env: Env) {}
  get spec(): EnvSpec {
    return this.env.spec;
  }
  /** The innermost env. */
  get unwrapped(): Env {
    return this.env instanceof Wrapper ? this.env.unwrapped : this.env;
  }
  reset(args?: { seed?: Seed; options?: Record<string, unknown> }): ResetResult {
    return this.env.reset(args);
  }
  step(action: unknown): StepResult {
    return this.env.step(action);
  }
  render(mode?: RenderMode): string {
    return this.env.render(mode);
  }
  snapshot(): EnvSnapshot {
    return this.env.snapshot();
  }
  restore(snapshot: EnvSnapshot): void {
    this.env.restore(snapshot);
  }
  close(): void {
    this.env.close();
  }
}

/** Truncates episodes after `maxSteps` steps (sooner than the env's own limit). */
export class TimeLimit extends Wrapper {
  #steps = 0;
  constructor(env: Env, readonly maxSteps: number) {
    super(env);
  }
  override get spec(): EnvSpec {
    return { ...this.env.spec, maxSteps: Math.min(this.maxSteps, this.env.spec.maxSteps) };
  }
  override reset(args?: { seed?: Seed; options?: Record<string, unknown> }): ResetResult {
    this.#steps = 0;
    return super.reset(args);
  }
  override step(action: unknown): StepResult {
    const result = super.step(action);
    this.#steps++;
    if (!result.terminated && !result.truncated && this.#steps >= this.maxSteps) return { ...result, truncated: true };
    return result;
  }
  override snapshot(): EnvSnapshot {
    const inner = super.snapshot();
    return { env: inner.env, data: { inner: inner.data, steps: this.#steps } };
  }
  override restore(snapshot: EnvSnapshot): void {
    const data = snapshot.data as { inner: JsonValue; steps: number };
    super.restore({ env: snapshot.env, data: data.inner });
    this.#steps = data.steps;
  }
}

/** Maps every step reward, e.g. to scale it or add shaping. */
export class TransformReward extends Wrapper {
  constructor(env: Env, readonly transform: (reward: number, result: StepResult) => number) {
    super(env);
  }
  override step(action: unknown): StepResult {
    const result = super.step(action);
    return { ...result, reward: this.transform(result.reward, result) };
  }
}

/** Merges fixed options into every reset: an action format, a reward config, fault injection. */
export class ResetDefaults extends Wrapper {
  constructor(env: Env, readonly defaults: Record<string, unknown>) {
    super(env);
  }
  override reset(args: { seed?: Seed; options?: Record<string, unknown> } = {}): ResetResult {
    return super.reset({ ...args, options: { ...this.defaults, ...args.options } });
  }
}

export const withActionFormat = (env: Env, format: string | string[]): Env => new ResetDefaults(env, { actionFormat: format });
export const withRewards = (env: Env, rewards: RewardConfigInput): Env => new ResetDefaults(env, { rewards });
export const withFaults = (env: Env, faults: FaultConfigInput): Env => new ResetDefaults(env, { faults });

export interface RecordedEpisode {
  readonly reset: ResetResult;
  readonly actions: unknown[];
  readonly steps: StepResult[];
}

/** Hands every finished episode (reset, actions, step results) to a callback. */
export class RecordEpisodes extends Wrapper {
  #current: RecordedEpisode | null = null;
  constructor(env: Env, readonly onEpisode: (episode: RecordedEpisode) => void) {
    super(env);
  }
  override reset(args?: { seed?: Seed; options?: Record<string, unknown> }): ResetResult {
    const reset = super.reset(args);
    this.#current = { reset, actions: [], steps: [] };
    return reset;
  }
  override step(action: unknown): StepResult {
    const result = super.step(action);
    if (this.#current) {
      this.#current.actions.push(action);
      this.#current.steps.push(result);
      if (result.terminated || result.truncated) {
        this.onEpisode(this.#current);
        this.#current = null;
      }
    }
    return result;
  }
}
