import { z } from 'zod';
import type { Rng } from '../core/rng.js';
import type { QueryInstance, SolutionCall } from '../tasks/instance.js';
import { answerMistake, argumentsMistake, encodeCall, structureMistake, toolnameMistake, type MistakeKind, type MistakeScope } from './mistakes.js';
import { moveAction, oraclePlan } from './oracle.js';
import { conversationMoves, type OracleMove } from './conversation-plan.js';
import { encodeMessage } from '../users/plain-message.js';
import { knownBefore, redundantQuestion } from './conversation-mistakes.js';
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
    /** Multi-turn: probability of answering instead of asking for what is missing (default 0.25). */
    premature: z.number().min(0).max(1).optional(),
    /** Multi-turn: per-move probability of asking again for something the user already said (default 0.08). */
    redundant: z.number().min(0).max(1).optional(),
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
  readonly #conversations = new WeakMap<QueryInstance, OracleMove[]>();

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

  #moves(ctx: PolicyContext): OracleMove[] {
    let moves = this.#conversations.get(ctx.instance);
    if (!moves) {
      moves = conversationMoves(ctx.environment, ctx.instance);
      this.#conversations.set(ctx.instance, moves);
    }
    return moves;
  }

  /**
   * Multi-turn: besides the usual mistakes on calls, answering before asking for what is missing
   * and asking again for what the user already said; each fixed by the next move with \`fix\`.
   */
  #conversationOne(ctx: PolicyContext, rng: Rng): unknown {
    const moves = this.#moves(ctx);
    const index = Math.min(ctx.tallies.passed, moves.length - 1);
    const move = moves[index]!;
    const talk = rng.child('conversation');
    const recovering = ctx.lastAction !== undefined && !ctx.lastAction.ok;
    const erring = !recovering || !talk.chance(this.noise.fix);
    const conversation = ctx.instance.conversation!;
    if (erring && move.kind === 'say' && talk.chance(this.noise.premature ?? 0.25)) {
      const answer = moves.slice(index).find((m) => m.kind === 'call' && m.call.tool === ctx.environment.definition.finish.tool)!;
      return moveAction(ctx, answer);
    }
    const known = knownBefore(conversation, moves, index);
    if (erring && known.length > 0 && talk.chance(this.noise.redundant ?? 0.08)) return encodeMessage(ctx.format, redundantQuestion(conversation, talk.pick(known)));
    if (move.kind === 'say') return moveAction(ctx, move);
    const finish = ctx.environment.definition.finish.tool;
    const intent = conversation.intents[moves.slice(0, index).filter((m) => m.kind === 'call' && m.call.tool === finish).length] ?? conversation.intents.at(-1)!;
    // A wrong answer is wrong against the open intent's truth.
    const asked = { ...ctx.instance, solution: { ...ctx.instance.solution, answer: intent.answer }, groundTruth: intent.groundTruth, compare: intent.compare, query: intent.text };
    return this.#callMove({ ...ctx, instance: asked }, rng, move.call, move.call.tool === finish);
  }

  #one(ctx: PolicyContext, rng: Rng): unknown {
    if (ctx.instance.conversation) return this.#conversationOne(ctx, rng);
    const plan = this.#plan(ctx);
    const index = Math.min(ctx.tallies.passed, plan.length - 1);
    return this.#callMove(ctx, rng, plan[index]!, index === plan.length - 1);
  }

  #callMove(ctx: PolicyContext, rng: Rng, call: SolutionCall, final: boolean): unknown {
    const scope: MistakeScope = { environment: ctx.environment, instance: ctx.instance, format: ctx.format, step: ctx.step + 1 };
    const kind = this.#mistake(ctx, rng, final);
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
