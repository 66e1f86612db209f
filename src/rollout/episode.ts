import type { ActionReport } from '../actions/handler.js';
import type { StepResult } from '../core/env.js';
import type { Environment } from '../core/environment.js';
import { stableJson, type JsonValue } from '../core/json.js';
import type { ChatMessage } from '../core/messages.js';
import { rngStream, type Seed } from '../core/rng.js';
import type { ToolEnv } from '../core/tool-env.js';
import type { QueryInstance } from '../tasks/instance.js';
import type { Policy } from './policy.js';
import { jsonCopy } from './json-copy.js';
import { jsonEqual } from './stable-serializer.js';
import { carriedArguments, TRAJECTORY_FORMAT, type Selection, type CallRecord, type CandidateRecord, type Outcome, type RecordAssistantMessage, type StepRecord, type TrajectoryContent, type UserTurnRecord } from './record.js';

/** One episode to play: its identity (env, split, episode) and the instance seed it resets with. */
export interface EpisodeJob {
  readonly environment: Environment;
  readonly split: string;
  /** Index within (env, split). */
  readonly episode: number;
  /** Which attempt at this instance. */
  readonly attempt: number;
  /** The reset seed. */
  readonly seed: Seed;
  /** Play this instance rather than the one the seed draws (e.g. a paraphrased one read from a file). */
  readonly instance?: QueryInstance;
}

export interface EpisodeOptions {
  readonly policy: Policy;
  /** Candidates sampled and evaluated at every step (1: just play the policy's action). */
  readonly samplesPerStep: number;
  /** Seeds the policy's streams (with the episode identity and the step). */
  readonly policySeed: Seed;
  readonly worldSeed: Seed;
  /**
   * How the played candidate is chosen among several: `handler` (default) plays the first whose
   * action passes every action-level check (structure, tool name, arguments, execution), never
   * looking at the ground truth; `answer-guided` also requires a final answer to be right, which
   * makes kept trajectories best-of-N stitches guided by the answer key, not samples of the policy.
   */
  readonly selection?: Selection;
  /**
   * Marks actions that stand for a failed request rather than a model's output (see the OpenAI
   * policy's `isFailedAction`): they are not evaluated as candidates, and an episode left with no
   * real action is abandoned (a PolicyFailure), not recorded.
   */
  readonly placeholder?: (action: unknown) => boolean;
  /** Told the result of every step played (not of candidates evaluated and rolled back). */
  readonly onStep?: (result: StepResult) => void;
}

/** The policy gave no usable action: the episode is abandoned, not recorded (a resume retries it). */
export class PolicyFailure extends Error {
  override name = 'PolicyFailure';
}

function callRecords(report: ActionReport, action: JsonValue): CallRecord[] {
  return report.calls.map((c, i) => {
    const call: CallRecord = { id: c.id, name: c.name, ok: c.ok, errorClass: c.errorClass, message: c.message, fault: c.fault, executed: c.executed };
    if (c.args !== undefined) {
      const args = jsonCopy(c.args);
      if (!jsonEqual(args, carriedArguments(action, i))) call.args = args;
    }
    return call;
  });
}

interface Evaluated {
  readonly key: string;
  readonly action: JsonValue;
  readonly result: StepResult;
  readonly assistant: RecordAssistantMessage;
  count: number;
  readonly passed: boolean;
}

/** The answer a step gave: for a multi-turn episode, the intent it answered (graded on its own), else the episode's final answer. */
function finalOf(result: StepResult): CandidateRecord['final'] {
  const graded = result.info.user?.graded;
  if (graded) return { answer: graded.answer, gaveUp: false, correct: graded.correct };
  const a = result.info.answer;
  return a ? { answer: a.answer, gaveUp: a.gaveUp, correct: a.correct } : undefined;
}

/** Passed every action-level check (a conversational penalty included) and, when it answers, answered right. */
function passedStep(result: StepResult): boolean {
  return result.info.action.ok && (finalOf(result)?.correct ?? true);
}

/** What the simulated user made of a step, as the record keeps it (its reply is an observation). */
function userTurnRecord(result: StepResult): UserTurnRecord | undefined {
  const user = result.info.user;
  if (!user) return undefined;
  const turn: UserTurnRecord = { intent: user.intent, replied: user.reply !== null, penalty: user.penalty, revealed: [...user.revealed], redundant: [...user.redundant], premature: [...user.premature] };
  if (user.graded) turn.graded = { id: user.graded.id, correct: user.graded.correct, score: user.graded.score };
  return turn;
}

function candidateRecord(e: Evaluated): CandidateRecord {
  const report = e.result.info.action;
  const candidate: CandidateRecord = { assistant: e.assistant, count: e.count, ok: report.ok, errorClass: report.errorClass, message: report.message, reward: e.result.reward, passed: e.passed };
  if (!jsonEqual(e.action, e.assistant)) candidate.action = e.action;
  const final = finalOf(e.result);
  if (final) candidate.final = final;
  const penalty = e.result.info.user?.penalty;
  if (penalty) candidate.penalty = penalty;
  return candidate;
}

function stepRecord(action: JsonValue, result: StepResult, added: readonly ChatMessage[]): StepRecord {
  const report = result.info.action;
  const assistant = added[0] as RecordAssistantMessage;
  const step: StepRecord = {
    assistant,
    observations: added.slice(1) as StepRecord['observations'],
    format: report.format,
    parsed: report.errorClass !== 'structure' || report.calls.some((c) => c.args !== undefined),
    ok: report.ok,
    errorClass: report.errorClass,
    message: report.message,
    thought: report.thought,
    calls: callRecords(report, action),
    reward: result.reward,
  };
  if (!jsonEqual(action, assistant)) step.action = action;
  const final = finalOf(result);
  if (final) step.final = final;
  const user = userTurnRecord(result);
  if (user) step.user = user;
  return step;
}

function outcomeOf(last: StepResult | null, maxSteps: number): Outcome {
  const answer = last?.info.answer;
  if (!answer) return { status: 'truncated', answer: null, correct: false, score: 0, detail: `no answer within ${maxSteps} steps` };
  return { status: answer.gaveUp ? 'gave-up' : 'answered', answer: answer.answer, correct: answer.correct, score: answer.score, detail: answer.detail };
}

/**
 * Plays one episode and returns its record. With several samples per step, every distinct
 * candidate is stepped from a snapshot of the same state and its action-level result recorded;
 * the first candidate the selection accepts (else the first one) is played on. Deterministic: same job, same
 * policy, same record.
 */
export async function runEpisode(env: ToolEnv, job: EpisodeJob, options: EpisodeOptions): Promise<TrajectoryContent> {
  const { environment } = job;
  const reset = env.reset({ seed: job.seed, options: job.instance ? { instance: job.instance } : { split: job.split } });
  const instance = env.instance!;
  const worldSeed = env.worldSeed;
  const opening = reset.observation.messages;
  let observation = reset.observation;
  let tallies = reset.info.tallies;
  let lastAction: ActionReport | undefined;
  let last: StepResult | null = null;
  const steps: StepRecord[] = [];
  const n = options.samplesPerStep;
  const format = env.actionFormat;
  const maxSteps = env.spec.maxSteps;
  for (let step = 0; step < maxSteps; step++) {
    const rng = rngStream(options.policySeed, 'policy', environment.id, job.split, String(job.episode), String(step));
    const ctx = { observation, instance, environment, tallies, step, format, rng, attempt: job.attempt, ...(lastAction ? { lastAction } : {}) };
    let actions = await options.policy.act(ctx, n);
    if (options.placeholder) {
      actions = actions.filter((a) => !options.placeholder!(a));
      if (actions.length === 0) throw new PolicyFailure(`${options.policy.name} produced no action at step ${step + 1} of ${environment.id}/${job.split} episode ${job.episode}`);
    }
    const before = observation.messages.length;
    let result: StepResult;
    let played: JsonValue;
    let candidates: CandidateRecord[] | undefined;
    let chosen: number | undefined;
    if (n <= 1) {
      played = jsonCopy(actions[0] ?? '');
      result = env.step(actions[0] ?? '');
    } else {
      const snapshot = env.snapshot();
      const distinct: Evaluated[] = [];
      const byKey = new Map<string, Evaluated>();
      let stepped = false;
      for (let i = 0; i < Math.max(1, actions.length); i++) {
        const action = jsonCopy(actions[i] ?? '');
        const key = stableJson(action);
        const seen = byKey.get(key);
        if (seen) {
          seen.count++;
          continue;
        }
        if (stepped) env.restore(snapshot);
        stepped = true;
        const r = env.step(action);
        const e: Evaluated = { key, action, result: r, assistant: r.observation.messages[before] as RecordAssistantMessage, count: 1, passed: passedStep(r) };
        byKey.set(key, e);
        distinct.push(e);
      }
      const guided = options.selection === 'answer-guided';
      chosen = Math.max(0, distinct.findIndex((e) => (guided ? e.passed : e.result.info.action.ok)));
      const pick = distinct[chosen]!;
      if (chosen !== distinct.length - 1) {
        env.restore(snapshot);
        result = env.step(pick.action);
      } else {
        result = pick.result;
      }
      played = pick.action;
      candidates = distinct.map(candidateRecord);
    }
    options.onStep?.(result);
    const record = stepRecord(played, result, result.observation.messages.slice(before));
    if (candidates) {
      record.candidates = candidates;
      record.chosen = chosen!;
    }
    steps.push(record);
    observation = result.observation;
    tallies = result.info.tallies;
    lastAction = result.info.action;
    last = result;
    if (result.terminated || result.truncated) break;
  }
  const outcome = outcomeOf(last, maxSteps);
  return {
    format: TRAJECTORY_FORMAT,
    env: { id: environment.id, version: environment.version },
    split: job.split,
    episode: job.episode,
    attempt: job.attempt,
    seed: job.seed,
    worldSeed,
    policy: { name: options.policy.name, samplesPerStep: n },
    selection: options.selection ?? 'handler',
    actionFormat: format,
    acceptedFormats: [...env.spec.actionFormats],
    maxSteps,
    instance,
    system: String(opening[0]?.content ?? ''),
    user: String(opening[1]?.content ?? ''),
    tools: reset.observation.tools as TrajectoryContent['tools'],
    steps,
    outcome,
    passed: outcome.correct,
    tallies: { steps: tallies.steps, passed: tallies.passed, errors: { ...tallies.errors }, return: tallies.return },
  };
}
