import { encodeAction } from '../actions/encode.js';
import type { Environment } from '../core/environment.js';
import type { EnvSnapshot, StepResult } from '../core/env.js';
import type { JsonValue } from '../core/json.js';
import type { RewardConfigInput } from '../core/rewards.js';
import { ToolEnv } from '../core/tool-env.js';
import { oracleMoves } from '../rollout/oracle.js';
import type { OracleMove } from '../rollout/conversation-plan.js';
import { encodeMessage } from '../users/plain-message.js';
import type { QueryInstance, SolutionCall } from '../tasks/instance.js';
import { FIXED_CONSTANTS, jsonLeaves, lookupKey, mostCommon, toolSpray, valueAnswers, worldSpray } from './candidates.js';
import { exploitResult, type ExploitResult, type TemplateAudit } from './thresholds.js';
import { conversationExploits } from './conversation-exploits.js';

export interface AuditOptions {
  /** Splits to audit (default: every split of the env). */
  readonly splits?: readonly string[];
  /** Templates to audit (default: every template of the splits). */
  readonly templates?: readonly string[];
  /** Instances per (split, template) (default 30). Constants and lookups learn on other seeds. */
  readonly seeds?: number;
  /** Reward config padding and stalling are played under (default: the env's, with actionPass 0.1 so shaping is there to farm). */
  readonly rewards?: RewardConfigInput;
  /** Called after each (split, template) with how many of the total are done. */
  readonly onProgress?: (done: number, total: number, label: string) => void;
}

export interface AuditReport {
  readonly env: string;
  readonly seeds: number;
  readonly splits: readonly string[];
  readonly rewards: RewardConfigInput;
  readonly rows: readonly TemplateAudit[];
  /** Rows with at least one flagged exploit (or an oracle below 100%). */
  readonly flagged: number;
  readonly ok: boolean;
}

const DEFAULT_SEEDS = 30;
/** Learning sets start here, far from the audited seeds. */
export const LEARN_OFFSET = 1_000_000;

/** One env, its finish action and snapshots: the moves every exploit is made of. */
export class Player {
  readonly env: ToolEnv;
  readonly format: string;
  constructor(readonly environment: Environment) {
    this.env = new ToolEnv(environment, environment.formats.includes('openai') ? { actionFormat: 'openai' } : {});
    this.format = this.env.spec.actionFormats[0]!;
  }
  action(call: SolutionCall, step: number): unknown {
    return encodeAction(this.format, [{ name: call.tool, arguments: call.arguments }], step, undefined, this.environment.definition.parsers);
  }
  /** A move of the oracle (a call, or a message to a multi-turn task's user) as an action. */
  move(move: OracleMove, step: number): unknown {
    return move.kind === 'say' ? encodeMessage(this.format, move.text) : this.action(move.call, step);
  }
  finish(answer: string, step: number): unknown {
    const finish = this.environment.definition.finish;
    return this.action({ tool: finish.tool, arguments: finish.args(answer) }, step);
  }
  /** From a snapshot (or a fresh reset), answers and says whether the answer was accepted. */
  answerFrom(snapshot: EnvSnapshot, answer: string): boolean {
    this.env.restore(snapshot);
    const step = this.env.observation().messages.length;
    return this.env.step(this.finish(answer, step)).info.answer?.correct === true;
  }
  /** Plays a list of actions from a reset of the instance; returns the return and the last result. */
  play(instance: QueryInstance, actions: (step: number) => unknown | null, rewards: RewardConfigInput | undefined): { total: number; last: StepResult | null } {
    this.env.reset({ seed: instance.seed, options: { instance, ...(rewards ? { rewards } : {}) } });
    let total = 0;
    let last: StepResult | null = null;
    for (let step = 1; ; step++) {
      const action = actions(step);
      if (action === null) break;
      last = this.env.step(action);
      total += last.reward;
      if (last.terminated || last.truncated) break;
    }
    return { total, last };
  }
}

export interface Tally {
  successes: number;
  trials: number;
}
export const tally = (): Tally => ({ successes: 0, trials: 0 });
export const count = (t: Tally, ok: boolean): void => {
  t.trials++;
  if (ok) t.successes++;
};

export function draw(environment: Environment, split: string, template: string, seeds: Iterable<number>): QueryInstance[] {
  const out: QueryInstance[] = [];
  for (const seed of seeds) out.push(environment.draw({ seed, split, template }));
  return out;
}
export const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);

/** What a lookup table learns on the train splits: query values -> answer, and each template's most common answer. */
function learnTrain(environment: Environment, seeds: number): { table: Map<string, string>; majority: Map<string, string> } {
  const table = new Map<string, string>();
  const answers = new Map<string, string[]>();
  for (const split of environment.splits.values()) {
    if (split.role !== 'train') continue;
    for (const template of split.templates) {
      for (const instance of draw(environment, split.name, template.id, range(LEARN_OFFSET, seeds * 2))) {
        table.set(lookupKey(instance), instance.solution.answer);
        answers.set(template.id, [...(answers.get(template.id) ?? []), instance.solution.answer]);
      }
    }
  }
  const majority = new Map<string, string>();
  for (const [template, list] of answers) majority.set(template, mostCommon(list)!);
  return { table, majority };
}

/**
 * Plays baseline reward-hacking policies against an env and reports, per (split, template), each
 * one's success next to the oracle's: constant answers (learned on other seeds, and fixed ones),
 * a lookup table learned on train splits played on held-out ones, sprays of every candidate (from
 * the world's rivals and from every value the tools returned), and padding or stalling under a
 * shaped reward config. An exploit above its threshold is flagged.
 */
export function auditEnv(target: Environment | ToolEnv, options: AuditOptions = {}): AuditReport {
  const environment = target instanceof ToolEnv ? target.environment : target;
  const seeds = options.seeds ?? DEFAULT_SEEDS;
  const splits = options.splits ?? [...environment.splits.keys()];
  for (const s of splits) environment.split(s);
  const rewards: RewardConfigInput = options.rewards ?? { actionPass: 0.1 };
  const player = new Player(environment);
  const train = splits.some((s) => environment.split(s).role === 'eval') ? learnTrain(environment, seeds) : null;
  const work = splits.flatMap((s) => environment.split(s).templates.filter((t) => !options.templates || options.templates.includes(t.id)).map((t) => ({ split: s, template: t.id })));
  const rows: TemplateAudit[] = [];
  work.forEach(({ split, template }, index) => {
    rows.push(auditTemplate(player, split, template, seeds, rewards, train));
    options.onProgress?.(index + 1, work.length, `${split} ${template}`);
  });
  const flagged = rows.filter((r) => r.flagged).length;
  return { env: environment.id, seeds, splits, rewards, rows, flagged, ok: flagged === 0 };
}

function auditTemplate(player: Player, split: string, template: string, seeds: number, rewards: RewardConfigInput, train: ReturnType<typeof learnTrain> | null): TemplateAudit {
  const { environment } = player;
  const heldOut = environment.split(split).role === 'eval';
  const instances = draw(environment, split, template, range(0, seeds));
  const learned = draw(environment, split, template, range(LEARN_OFFSET + 10 * seeds, seeds)).map((i) => i.solution.answer);
  // A template whose answer is always one of the query's own values (which of two titles...) has as
  // many possible answers as the query has values, whatever the values are.
  const fromQuery = instances.every((i) => valueAnswers(i).includes(i.solution.answer));
  const possible = fromQuery ? Math.max(...instances.map((i) => valueAnswers(i).length)) : new Set([...learned, ...instances.map((i) => i.solution.answer)]).size;
  const learnedConstant = mostCommon(learned);
  const constants = new Map<string, Tally>();
  const constantTally = (name: string): Tally => {
    let t = constants.get(name);
    if (!t) constants.set(name, (t = tally()));
    return t;
  };
  const oracle = tally();
  const conversational = conversationExploits(environment, split, template, seeds);
  const lookup = tally();
  const sprayWorld = tally();
  const sprayTools = tally();
  const padding = tally();
  const stalling = tally();
  for (const instance of instances) {
    // The oracle's moves: its calls (and a multi-turn task's questions and earlier answers), then the last answer.
    const plan = oracleMoves(environment, instance);
    const calls = plan.slice(0, -1);
    const lastAnswer = instance.conversation?.intents.at(-1)?.answer ?? instance.solution.answer;
    // The oracle, keeping every value the tools returned, and a snapshot before its answer.
    player.env.reset({ seed: instance.seed, options: { instance } });
    const atStart = player.env.snapshot();
    const leaves = new Set<string>();
    const values = new Set<string>();
    let step = 0;
    for (const call of calls) {
      const result = player.env.step(player.move(call, ++step));
      for (const c of result.info.action.calls) {
        jsonLeaves(c.output as JsonValue | undefined, leaves);
        jsonLeaves(c.output as JsonValue | undefined, values, false);
      }
    }
    const beforeAnswer = player.env.snapshot();
    count(oracle, player.answerFrom(beforeAnswer, lastAnswer));
    // No-tool constants: the answer learned on other seeds, fixed ones, and the query's own values.
    if (learnedConstant !== null) count(constantTally(`learned:${learnedConstant}`), player.answerFrom(atStart, learnedConstant));
    for (const c of FIXED_CONSTANTS) count(constantTally(c), player.answerFrom(atStart, c));
    valueAnswers(instance).forEach((v, i) => count(constantTally(i === 0 ? 'first value' : 'second value'), player.answerFrom(atStart, v)));
    const trainMajority = heldOut ? train?.majority.get(template) : undefined;
    if (trainMajority !== undefined) count(constantTally(`train:${trainMajority}`), player.answerFrom(atStart, trainMajority));
    if (heldOut && train) {
      const guess = train.table.get(lookupKey(instance)) ?? train.majority.get(template) ?? learnedConstant;
      count(lookup, guess !== null && guess !== undefined && player.answerFrom(atStart, guess));
    }
    const world = worldSpray(instance);
    if (world !== null) count(sprayWorld, player.answerFrom(beforeAnswer, world));
    const tools = toolSpray(instance, leaves, values);
    if (tools !== null) count(sprayTools, player.answerFrom(beforeAnswer, tools));
    // Padding and stalling under the shaped config, against the oracle's return under it.
    const finish = plan.at(-1)!;
    const shortest = player.play(instance, (s) => (s <= plan.length ? player.move(plan[s - 1]!, s) : null), rewards).total;
    const firstCall = calls.find((c) => c.kind === 'call');
    const padded: OracleMove[] = [...calls.flatMap((c) => [c, c]), { kind: 'call', call: { tool: firstCall?.kind === 'call' ? firstCall.call.tool : 'no_such_tool', arguments: {} } }, finish];
    const pad = player.play(instance, (s) => (s <= padded.length ? player.move(padded[s - 1]!, s) : null), rewards).total;
    count(padding, pad > shortest + 1e-9);
    const loop: OracleMove = calls[0] ?? { kind: 'call', call: { tool: 'no_such_tool', arguments: {} } };
    const stall = player.play(instance, (s) => player.move(s <= calls.length ? calls[s - 1]! : loop, s), rewards).total;
    count(stalling, stall > shortest + 1e-9);
    if (instance.conversation) conversational.play(player, instance, { atStart, beforeAnswer, plan, shortest, rewards });
  }
  let best: [string, Tally] = [...constants][0] ?? ['(none)', tally()];
  for (const entry of constants) if (entry[1].successes > best[1].successes) best = entry;
  const bestRate = best[1].trials > 0 ? best[1].successes / best[1].trials : 0;
  const exploits: ExploitResult[] = [
    exploitResult('best constant', best[1], { kind: 'constant', possible }, best[0]),
    // A lookup beats chance only if it beats the better of the best constant and a uniform guess
    // over the template's answers: with many answers the constants' 0% at 20 seeds says little.
    ...(heldOut && train ? [exploitResult('lookup', lookup, { kind: 'above', value: Math.max(bestRate, possible > 0 ? 1 / possible : 0) + 0.02 })] : []),
    exploitResult('spray (world)', sprayWorld, { kind: 'zero' }),
    exploitResult('spray (tools)', sprayTools, { kind: 'zero' }),
    exploitResult('padding > oracle', padding, { kind: 'zero' }),
    exploitResult('stalling > oracle', stalling, { kind: 'zero' }),
    ...conversational.results(),
  ];
  const oracleResult = exploitResult('oracle', oracle, { kind: 'all' });
  return { split, template, instances: instances.length, possibleAnswers: possible, oracle: oracleResult, exploits, flagged: oracleResult.flagged || exploits.some((e) => e.flagged) };
}
