import fc from 'fast-check';
import { z } from 'zod';
import { ERROR_CLASSES } from '../actions/errors.js';
import type { Env, StepResult } from '../core/env.js';
import { stableJson } from '../core/json.js';
import { ChatMessageSchema, ToolSpecSchema } from '../core/messages.js';
import { ToolEnv } from '../core/tool-env.js';
import { moveAction, oracleMoves } from '../rollout/oracle.js';
import { askFor } from '../rollout/conversation-plan.js';
import { encodeMessage } from '../users/plain-message.js';
import { hostileAction } from './arbitraries.js';

const ObservationSchema = z.object({ messages: z.array(ChatMessageSchema).min(1), tools: z.array(ToolSpecSchema).min(1) });

export interface CheckEnvOptions {
  /** Reset seeds to check (default: 0..4). */
  seeds?: readonly number[];
  /** How many hostile actions `step` must survive (default 200). */
  hostileActions?: number;
  /**
   * Produces a valid action for the current episode (default: the oracle, for envs built on
   * defineEnvironment). Without one, only hostile input is replayed.
   */
  validAction?: (env: Env, passed: number) => unknown;
}

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly message: string;
}

export class EnvCheckError extends Error {
  override name = 'EnvCheckError';
  constructor(readonly results: readonly CheckResult[]) {
    super(`checkEnv failed:\n${results.filter((r) => !r.ok).map((r) => `- ${r.name}: ${r.message}`).join('\n')}`);
  }
}

function oracleFor(env: Env): ((env: Env, passed: number) => unknown) | undefined {
  if (!(env instanceof ToolEnv)) return undefined;
  return (e, passed) => {
    const tenv = e as ToolEnv;
    const instance = tenv.instance!;
    const moves = oracleMoves(tenv.environment, instance);
    return moveAction({ format: tenv.actionFormat, step: passed, environment: tenv.environment }, moves[Math.min(passed, moves.length - 1)]!);
  };
}

/**
 * Checks an env against the contract, as Gymnasium's check_env: reset and step determinism by
 * seed, snapshot/restore equivalence (also through JSON), valid observations and tool specs,
 * rendering, and that `step` survives hostile input with a classified result. Throws an
 * EnvCheckError listing every failed check; returns the results otherwise.
 */
export function checkEnv(env: Env, options: CheckEnvOptions = {}): CheckResult[] {
  const seeds = options.seeds ?? [0, 1, 2, 3, 4];
  const validAction = options.validAction ?? oracleFor(env);
  const results: CheckResult[] = [];
  const check = (name: string, fn: () => string | null): void => {
    try {
      const problem = fn();
      results.push({ name, ok: problem === null, message: problem ?? 'ok' });
    } catch (error) {
      results.push({ name, ok: false, message: `threw ${(error as Error)?.stack ?? String(error)}` });
    }
  };

  check('spec', () => {
    const s = env.spec;
    if (!/-v\d+$/.test(s.id)) return `id ${s.id} has no version suffix`;
    if (!(s.maxSteps > 0)) return 'maxSteps must be positive';
    if (s.actionFormats.length === 0) return 'no action formats';
    if (!s.splits.includes(s.defaultSplit)) return `default split ${s.defaultSplit} is not among ${s.splits.join(', ')}`;
    return null;
  });

  const play = (seed: number, actions: readonly unknown[]): string[] => {
    const out = [stableJson(env.reset({ seed }))];
    for (const action of actions) {
      const r = env.step(action);
      out.push(stableJson(r));
      if (r.terminated || r.truncated) break;
    }
    return out;
  };
  const scriptFor = (seed: number): unknown[] => {
    env.reset({ seed });
    const actions: unknown[] = [];
    let passed = 0;
    for (let i = 0; i < env.spec.maxSteps; i++) {
      const action = i % 3 === 2 || !validAction ? { role: 'assistant', content: `not a tool call ${i}` } : validAction(env, passed);
      actions.push(action);
      const r = env.step(action);
      if (r.info.action.ok) passed++;
      if (r.terminated || r.truncated) break;
    }
    return actions;
  };

  check('reset is deterministic by seed and observations are valid', () => {
    for (const seed of seeds) {
      const a = env.reset({ seed });
      const parsed = ObservationSchema.safeParse(a.observation);
      if (!parsed.success) return `seed ${seed}: invalid observation: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`;
      if (stableJson(a) !== stableJson(env.reset({ seed }))) return `seed ${seed}: two resets differ`;
    }
    return null;
  });

  check('step is deterministic and observations stay valid', () => {
    for (const seed of seeds) {
      const actions = scriptFor(seed);
      const first = play(seed, actions);
      const second = play(seed, actions);
      const at = first.findIndex((line, i) => line !== second[i]);
      if (at !== -1 || first.length !== second.length) return `seed ${seed}: replay differs at step ${at}`;
      env.reset({ seed });
      for (const action of actions) {
        const r = env.step(action);
        const parsed = ObservationSchema.safeParse(r.observation);
        if (!parsed.success) return `seed ${seed}: invalid observation after a step: ${parsed.error.issues[0]?.message}`;
        if (!Number.isFinite(r.reward)) return `seed ${seed}: reward ${r.reward} is not finite`;
        if (r.terminated || r.truncated) break;
      }
    }
    return null;
  });

  check('snapshot/restore replays exactly (also through JSON)', () => {
    for (const seed of seeds) {
      const actions = scriptFor(seed);
      const cut = Math.floor(actions.length / 2);
      env.reset({ seed });
      for (const action of actions.slice(0, cut)) env.step(action);
      const snap = env.snapshot();
      const json = JSON.parse(JSON.stringify(snap)) as typeof snap;
      const rest = actions.slice(cut);
      const runRest = (): string[] => rest.map((a) => stableJson(env.step(a)));
      const direct = runRest();
      env.restore(snap);
      if (stableJson(runRest()) !== stableJson(direct)) return `seed ${seed}: replay after restore differs`;
      env.restore(json);
      if (stableJson(runRest()) !== stableJson(direct)) return `seed ${seed}: replay after restoring a JSON copy differs`;
    }
    return null;
  });

  check('render works in every mode', () => {
    env.reset({ seed: seeds[0] ?? 0 });
    for (const mode of env.spec.renderModes) {
      const text = env.render(mode);
      if (typeof text !== 'string' || text.length === 0) return `render(${mode}) returned nothing`;
      if (mode === 'json') JSON.parse(text);
      if (mode === 'html' && !text.includes('<html')) return 'render(html) is not a page';
    }
    return null;
  });

  check('step survives hostile input with a classified result', () => {
    const toolNames = env.reset({ seed: seeds[0] ?? 0 }).observation.tools.map((t) => t.function.name);
    const actions = fc.sample(hostileAction(toolNames), { numRuns: options.hostileActions ?? 200, seed: 42 });
    let live = false;
    for (const action of actions) {
      if (!live) env.reset({ seed: seeds[0] ?? 0 });
      let r: StepResult;
      try {
        r = env.step(action);
      } catch (error) {
        return `step threw ${(error as Error)?.message} on ${String(JSON.stringify(action))?.slice(0, 200)}`;
      }
      const report = r.info.action;
      if (!report.ok && !ERROR_CLASSES.includes(report.errorClass!) && r.info.user?.penalty == null) return `unclassified failure: ${report.message}`;
      if (({} as Record<string, unknown>)['polluted'] !== undefined) return 'Object.prototype was polluted';
      live = !(r.terminated || r.truncated);
    }
    return null;
  });

  if (env instanceof ToolEnv) check('the simulated user of multi-turn episodes', () => userProblem(env, seeds));

  if (results.some((r) => !r.ok)) throw new EnvCheckError(results);
  return results;
}

/**
 * For each seed whose episode is multi-turn: the oracle's moves all pass and answer every intent; asking for everything the user keeps back is never penalised and the user
 * answers with text; asking again for what it said is penalised as redundant; a message about
 * nothing it knows is penalised as unneeded. Nothing to check when no episode is multi-turn.
 */
function userProblem(env: ToolEnv, seeds: readonly number[]): string | null {
  for (const seed of seeds) {
    env.reset({ seed });
    const instance = env.instance!;
    const conversation = instance.conversation;
    if (!conversation) continue;
    const moves = oracleMoves(env.environment, instance);
    let last: StepResult | null = null;
    for (let i = 0; i < moves.length && !(last?.terminated || last?.truncated); i++) {
      last = env.step(moveAction({ format: env.actionFormat, step: i, environment: env.environment }, moves[i]!));
      if (!last.info.action.ok) return `seed ${seed}: the oracle's move ${i + 1} failed: ${last.info.action.message}`;
    }
    if (!last?.terminated || last.info.answer?.correct !== true) return `seed ${seed}: the oracle did not answer every intent: ${last?.info.answer?.detail ?? 'not finished'}`;
    const withheld = conversation.topics.filter((t) => t.withheld).map((t) => t.name);
    env.reset({ seed });
    if (withheld.length > 0) {
      const r = env.step(encodeMessage(env.actionFormat, askFor(conversation, withheld)));
      if (r.info.user?.penalty !== null || !r.info.user.reply) return `seed ${seed}: asking for what is missing got ${r.info.user?.penalty ?? 'no reply'}`;
    }
    const said = conversation.topics.find((t) => !t.withheld && t.saidBy === 0) ?? conversation.topics.find((t) => t.withheld);
    if (said) {
      const r = env.step(encodeMessage(env.actionFormat, `Sorry, which ${said.label} was it again?`));
      if (r.info.user?.penalty !== 'redundantQuestion') return `seed ${seed}: a redundant question got ${r.info.user?.penalty ?? 'no user turn'}`;
    }
    const r = env.step(encodeMessage(env.actionFormat, 'Hmm, let me think for a moment.'));
    if (r.info.user?.penalty !== 'unneededQuestion') return `seed ${seed}: an unneeded message got ${r.info.user?.penalty ?? 'no user turn'}`;
  }
  return null;
}
