import { z } from 'zod';
import type { Rng } from '../core/rng.js';
import type { QueryInstance, SolutionCall } from '../tasks/instance.js';
import { answerMistake, argumentsMistake, encodeCall, structureMistake, toolnameMistake, type MistakeKind, type MistakeScope } from './mistakes.js';
import { oraclePlan } from './oracle.js';
import type { Policy, PolicyContext } from './policy.js';

/**
 * How often the noisy oracle errs. `structure`, `toolname` and `arguments` are per-action
 * probabilities of that mistake; `answer` is the probability that the final answer is wrong; `fix`
 * is the probability that the action right after a failed one is the correct one.
 */
export const NoiseConfigSchema = z
  .object({
    structure: z.number().min(0).max(1).default(0.06),
    toolname: z.number().min(0).max(1).default(0.05),
    arguments: z.number().min(0).max(1).default(0.07),
    answer: z.number().min(0).max(1).default(0.12),
    fix: z.number().min(0).max(1).default(0.85),
  })
  .strict()
  .refine((c) => c.structure + c.toolname + c.arguments <= 1, { message: 'structure + toolname + arguments must be at most 1' });
export type NoiseConfig = z.infer<typeof NoiseConfigSchema>;
export type NoiseConfigInput = z.input<typeof NoiseConfigSchema>;

const ACTION_MISTAKES = ['structure', 'toolname', 'arguments'] as const;

/**
 * The oracle with seeded mistakes: structure, tool-name and argument errors and wrong final
 * answers at configured rates, usually fixed by the next action. Its rollouts hold every case the
 * filter and the pair builder handle: clean successes, fixed errors, unfixed errors, wrong answers
 * and truncations. All randomness comes from the context's stream (one child per candidate).
 */
export class NoisyOraclePolicy implements Policy {
  readonly name = 'noisy';
  readonly noise: NoiseConfig;
  readonly #plans = new WeakMap<QueryInstance, SolutionCall[]>();

  constructor(noise: NoiseConfigInput = {}) {
    this.noise = NoiseConfigSchema.parse(noise);
  }

  #plan(ctx: PolicyContext): SolutionCall[] {
    let plan = this.#plans.get(ctx.instance);
    if (!plan) {
      plan = oraclePlan(ctx.environment, ctx.instance);
      this.#plans.set(ctx.instance, plan);
    }
    return plan;
  }

  /** Which mistake to make now, or null for the correct action. */
  #mistake(ctx: PolicyContext, rng: Rng, final: boolean): MistakeKind | null {
    const noise = this.noise;
    const recovering = ctx.lastAction !== undefined && !ctx.lastAction.ok;
    if (recovering) {
      if (rng.chance(noise.fix)) return final && rng.chance(noise.answer) ? 'answer' : null;
      const total = noise.structure + noise.toolname + noise.arguments;
      if (total <= 0) return null;
      let x = rng.next() * total;
      for (const kind of ACTION_MISTAKES) {
        x -= noise[kind];
        if (x < 0) return kind;
      }
      return 'arguments';
    }
    let x = rng.next();
    for (const kind of ACTION_MISTAKES) {
      x -= noise[kind];
      if (x < 0) return kind;
    }
    return final && rng.chance(noise.answer) ? 'answer' : null;
  }

  #one(ctx: PolicyContext, rng: Rng): unknown {
    const plan = this.#plan(ctx);
    const index = Math.min(ctx.tallies.passed, plan.length - 1);
    const call = plan[index]!;
    const scope: MistakeScope = { environment: ctx.environment, instance: ctx.instance, format: ctx.format, step: ctx.step + 1 };
    const kind = this.#mistake(ctx, rng, index === plan.length - 1);
    const mistakeRng = rng.child('mistake');
    let action: unknown | null = null;
    if (kind === 'structure') action = structureMistake(scope, call, mistakeRng);
    else if (kind === 'toolname') action = toolnameMistake(scope, call, mistakeRng);
    else if (kind === 'arguments') action = argumentsMistake(scope, call, mistakeRng);
    else if (kind === 'answer') action = answerMistake(scope, mistakeRng);
    return action ?? encodeCall(scope, call);
  }

  async act(ctx: PolicyContext, n: number): Promise<unknown[]> {
    return Array.from({ length: n }, (_, i) => this.#one(ctx, i === 0 ? ctx.rng : ctx.rng.child(`candidate/${i}`)));
  }
}
