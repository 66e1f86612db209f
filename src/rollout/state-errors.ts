import { emptyErrorTally, type ErrorClass, type ErrorTally } from '../actions/errors.js';
import type { ActionReport } from '../actions/handler.js';
import type { EpisodeTallies, Observation } from '../core/env.js';
import type { Environment } from '../core/environment.js';
import { rngStream, type Seed } from '../core/rng.js';
import { ToolEnv } from '../core/tool-env.js';
import type { Policy } from './policy.js';
import { readRecords } from './record-file.js';
import { rawAction, type TrajectoryRecord } from './record.js';

/** A state of a recorded run: the conversation just before step `step` of `record`. */
export interface StateSample {
  readonly record: TrajectoryRecord;
  readonly line: number;
  readonly step: number;
}

/**
 * `n` states drawn uniformly without replacement from every (trajectory, step) of a file, by
 * reservoir sampling from a stream of `seed`: the same file and seed give the same states. In file
 * order.
 */
export async function sampleStates(path: string, n: number, seed: Seed): Promise<StateSample[]> {
  const rng = rngStream(seed, 'states');
  const reservoir: StateSample[] = [];
  let seen = 0;
  for await (const { record, line } of readRecords(path)) {
    for (let step = 0; step < record.steps.length; step++) {
      const sample = { record, line: line.number, step };
      if (reservoir.length < n) reservoir.push(sample);
      else {
        const j = Math.floor(rng.next() * (seen + 1));
        if (j < n) reservoir[j] = sample;
      }
      seen++;
    }
  }
  return reservoir.sort((a, b) => a.line - b.line || a.step - b.step);
}

export interface StateVerdict {
  readonly env: string;
  readonly split: string;
  readonly episode: number;
  readonly attempt: number;
  readonly step: number;
  /** null: the model request failed (not counted as an error of the model). */
  readonly ok: boolean | null;
  readonly errorClass: ErrorClass | null;
  readonly message: string | null;
}

export interface StateReport {
  readonly states: number;
  /** States whose next action passed every action-level check. */
  readonly ok: number;
  readonly errors: ErrorTally;
  /** States where the model request failed after its retries (left out of ok and errors). */
  readonly failedRequests: number;
  readonly verdicts: StateVerdict[];
}

export interface StateAnalysisOptions {
  readonly policy: Policy;
  /** The environment of a record's env id. */
  readonly environment: (id: string) => Environment;
  /** Seeds the policy's streams (per state). */
  readonly seed: Seed;
  /** The format the policy writes (default: the one each record asked for). */
  readonly actionFormat?: string;
  readonly placeholder?: (action: unknown) => boolean;
  /** States asked at once. Default 8. */
  readonly concurrency?: number;
  readonly onState?: (done: number) => void;
}

/** Replays a record's first `steps` played actions in a fresh env (same instance, world and formats). */
export function replayTo(environment: Environment, record: TrajectoryRecord, steps: number): { env: ToolEnv; observation: Observation; tallies: EpisodeTallies; lastAction?: ActionReport } {
  const env = new ToolEnv(environment, { actionFormat: record.acceptedFormats, worldSeed: record.worldSeed, maxSteps: record.maxSteps });
  const reset = env.reset({ seed: record.seed, options: { instance: record.instance } });
  let state: { env: ToolEnv; observation: Observation; tallies: EpisodeTallies; lastAction?: ActionReport } = { env, observation: reset.observation, tallies: reset.info.tallies };
  for (const step of record.steps.slice(0, steps)) {
    const result = env.step(rawAction(step));
    state = { env, observation: result.observation, tallies: result.info.tallies, lastAction: result.info.action };
  }
  return state;
}

/**
 * The paper's error analysis (its Table 4): at each sampled state, the model is asked for the next
 * action, which the action handler classifies (structure, tool name, arguments, execution).
 */
export async function classifyStates(samples: readonly StateSample[], options: StateAnalysisOptions): Promise<StateReport> {
  const verdicts: StateVerdict[] = new Array(samples.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < samples.length) {
      const index = next++;
      const { record, step } = samples[index]!;
      const environment = options.environment(record.env.id);
      const { env, observation, tallies, lastAction } = replayTo(environment, record, step);
      const format = options.actionFormat ?? record.actionFormat;
      const rng = rngStream(options.seed, 'states', record.env.id, record.split, String(record.episode), String(record.attempt), String(step));
      const [action] = await options.policy.act({ observation, instance: record.instance, environment, tallies, step, format, rng, attempt: record.attempt, ...(lastAction ? { lastAction } : {}) }, 1);
      const id = { env: record.env.id, split: record.split, episode: record.episode, attempt: record.attempt, step };
      if (options.placeholder?.(action)) verdicts[index] = { ...id, ok: null, errorClass: null, message: 'the model request failed' };
      else {
        const report = env.step(action ?? '').info.action;
        verdicts[index] = { ...id, ok: report.ok, errorClass: report.errorClass, message: report.message };
      }
      options.onState?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
  const errors = emptyErrorTally();
  let ok = 0;
  let failedRequests = 0;
  for (const v of verdicts) {
    if (v.ok === null) failedRequests++;
    else if (v.ok) ok++;
    else if (v.errorClass !== null) errors[v.errorClass]++;
  }
  return { states: samples.length, ok, errors, failedRequests, verdicts };
}
