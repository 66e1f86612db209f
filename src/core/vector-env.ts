import type { Env, ResetResult, StepResult } from './env.js';
import { deriveSeed, type Seed } from './rng.js';

export interface VectorStep {
  readonly results: StepResult[];
  /** For each sub-env that finished on this step, the reset that started its next episode. */
  readonly resets: (ResetResult | null)[];
}

/**
 * N envs stepped together, as Gymnasium's SyncVectorEnv: a finished sub-env is reset at once
 * (seeded from the vector's seed and its episode count, so a run is reproducible).
 */
export class VectorEnv {
  readonly envs: Env[];
  #seed: Seed = 0;
  #episodes: number[];
  constructor(factories: readonly (() => Env)[]) {
    this.envs = factories.map((f) => f());
    this.#episodes = this.envs.map(() => 0);
  }
  get size(): number {
    return this.envs.length;
  }
  #seedFor(i: number): number {
    return deriveSeed(this.#seed, 'vector', String(i), String(this.#episodes[i]!++));
  }
  reset(args: { seed?: Seed; options?: Record<string, unknown> } = {}): ResetResult[] {
    this.#seed = args.seed ?? 0;
    this.#episodes = this.envs.map(() => 0);
    return this.envs.map((env, i) => env.reset({ seed: this.#seedFor(i), ...(args.options ? { options: args.options } : {}) }));
  }
  step(actions: readonly unknown[]): VectorStep {
    if (actions.length !== this.envs.length) throw new RangeError(`VectorEnv.step: ${actions.length} actions for ${this.envs.length} envs`);
    const results: StepResult[] = [];
    const resets: (ResetResult | null)[] = [];
    this.envs.forEach((env, i) => {
      const result = env.step(actions[i]);
      results.push(result);
      resets.push(result.terminated || result.truncated ? env.reset({ seed: this.#seedFor(i) }) : null);
    });
    return { results, resets };
  }
  close(): void {
    for (const env of this.envs) env.close();
  }
}
