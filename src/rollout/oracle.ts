import type { Environment } from '../core/environment.js';
import { encodeAction } from '../actions/encode.js';
import type { QueryInstance, SolutionCall } from '../tasks/instance.js';
import { realiseCall } from '../tasks/realise.js';
import type { Policy, PolicyContext } from './policy.js';
import { encodeMessage } from '../users/plain-message.js';
import { conversationMoves, type OracleMove } from './conversation-plan.js';

/**
 * The oracle's plan: the instance's solution path realised with the tools actually offered
 * (alternate providers with adapted arguments where the canonical tool is not offered), then the
 * final answer through the environment's terminal tool. Throws if the path cannot be realised.
 */
export function oraclePlan(environment: Environment, instance: QueryInstance): SolutionCall[] {
  const offered = new Set(instance.tools);
  const plan = instance.solution.calls.map((call) => {
    const realised = realiseCall(environment.registry, offered, call);
    if (!realised) throw new Error(`instance ${instance.id}: solution call ${call.tool} cannot be realised with the offered tools`);
    return realised;
  });
  const finish = environment.definition.finish;
  plan.push({ tool: finish.tool, arguments: finish.args(instance.solution.answer) });
  return plan;
}

/** The oracle's moves: its plan's calls, or for a multi-turn instance its questions, calls and answers. */
export function oracleMoves(environment: Environment, instance: QueryInstance): OracleMove[] {
  if (instance.conversation) return conversationMoves(environment, instance);
  return oraclePlan(environment, instance).map((call) => ({ kind: 'call', call }));
}

/** A move as an action in the context's format. */
export function moveAction(ctx: Pick<PolicyContext, 'format' | 'step' | 'environment'>, move: OracleMove): unknown {
  if (move.kind === 'say') return encodeMessage(ctx.format, move.text);
  return encodeAction(ctx.format, [{ name: move.call.tool, arguments: move.call.arguments }], ctx.step + 1, undefined, ctx.environment.definition.parsers);
}

/** The action the oracle plays when `done` calls of its plan have succeeded. */
export function oracleAction(ctx: PolicyContext, plan: readonly SolutionCall[]): unknown {
  const call = plan[Math.min(ctx.tallies.passed, plan.length - 1)]!;
  return encodeAction(ctx.format, [{ name: call.tool, arguments: call.arguments }], ctx.step + 1, undefined, ctx.environment.definition.parsers);
}

/**
 * Follows the solution path. A failed call (an injected fault) is simply retried: it reads its
 * progress from the count of passed actions.
 */
export class OraclePolicy implements Policy {
  readonly name = 'oracle';
  #plans = new WeakMap<QueryInstance, SolutionCall[]>();
  #moves = new WeakMap<QueryInstance, OracleMove[]>();
  plan(ctx: PolicyContext): SolutionCall[] {
    let plan = this.#plans.get(ctx.instance);
    if (!plan) {
      plan = oraclePlan(ctx.environment, ctx.instance);
      this.#plans.set(ctx.instance, plan);
    }
    return plan;
  }
  async act(ctx: PolicyContext, n: number): Promise<unknown[]> {
    const action = ctx.instance.conversation ? this.#conversationAction(ctx) : oracleAction(ctx, this.plan(ctx));
    return Array.from({ length: n }, () => action);
  }
  /** Multi-turn: the move after the passed ones (questions and answers the user accepted count as passed). */
  #conversationAction(ctx: PolicyContext): unknown {
    let moves = this.#moves.get(ctx.instance);
    if (!moves) {
      moves = conversationMoves(ctx.environment, ctx.instance);
      this.#moves.set(ctx.instance, moves);
    }
    return moveAction(ctx, moves[Math.min(ctx.tallies.passed, moves.length - 1)]!);
  }
}
