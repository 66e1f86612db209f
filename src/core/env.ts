import type { ActionReport } from '../actions/handler.js';
import type { ErrorTally } from '../actions/errors.js';
import type { JsonValue } from './json.js';
import type { ChatMessage, ToolSpec } from './messages.js';
import type { Seed } from './rng.js';
import type { UserTurnReport } from '../users/simulated-user.js';

/** What the agent sees: the conversation so far and the tools it may call this episode. */
export interface Observation {
  readonly messages: readonly ChatMessage[];
  readonly tools: readonly ToolSpec[];
}

/** Running counts for the episode, carried in every `info`. */
export interface EpisodeTallies {
  steps: number;
  /** Actions that passed every check. */
  passed: number;
  /** Actions that failed a check, by the first failed layer. */
  errors: ErrorTally;
  /** Sum of the rewards so far. */
  return: number;
}

export interface InstanceInfo {
  readonly id: string;
  readonly template: string;
  readonly split: string;
  readonly seed: Seed;
}

/** The task-level verdict, in the info of the terminating step. */
export interface AnswerReport {
  readonly answer: string | null;
  readonly gaveUp: boolean;
  readonly correct: boolean;
  readonly score: number;
  readonly detail: string;
  readonly groundTruth: JsonValue;
}

export interface ResetInfo {
  readonly instance: InstanceInfo;
  readonly tallies: EpisodeTallies;
}

export interface StepInfo {
  readonly step: number;
  /** The action-level evaluation: which check failed, with what message, per call. */
  readonly action: ActionReport;
  readonly tallies: EpisodeTallies;
  /** Present on the step that terminates the episode (for a multi-turn task: every intent's verdict together). */
  readonly answer?: AnswerReport;
  /** Multi-turn tasks: what the simulated user made of this step and what it replied. */
  readonly user?: UserTurnReport;
}

export interface StepResult {
  readonly observation: Observation;
  readonly reward: number;
  /** The agent gave its final answer (or gave up). */
  readonly terminated: boolean;
  /** The step limit was reached first. */
  readonly truncated: boolean;
  readonly info: StepInfo;
}

export interface ResetResult {
  readonly observation: Observation;
  readonly info: ResetInfo;
}

export type RenderMode = 'ansi' | 'json' | 'html';

export interface EnvSpec {
  readonly id: string;
  readonly version: number;
  readonly description: string;
  readonly maxSteps: number;
  /** Action formats the env reads; the first is the default. */
  readonly actionFormats: readonly string[];
  readonly splits: readonly string[];
  readonly defaultSplit: string;
  readonly renderModes: readonly RenderMode[];
}

/** An exact, restorable copy of an episode in progress; JSON-serialisable. */
export interface EnvSnapshot {
  readonly env: string;
  readonly data: JsonValue;
}

/**
 * The environment contract, Gymnasium's in TypeScript.
 *
 * - `reset` starts an episode. With a seed it is fully determined by (world, seed, options); without
 *   one the env draws the next seed from its own seeded sequence.
 * - `step` takes whatever the agent produced (an assistant message, or text) and never throws on
 *   it: unreadable or wrong actions become a classified error in `info.action` and an observation
 *   the agent can learn from. It throws only on misuse by the caller (no reset, or stepping a
 *   finished episode).
 * - `terminated`: the agent gave its final answer. `truncated`: the step limit came first. After
 *   either, call `reset`.
 * - Same seed and same actions give byte-identical observations, rewards and infos. No clock and no
 *   unseeded randomness is read.
 * - `snapshot()` captures the episode exactly; `restore()` returns to it, and replaying the same
 *   actions from there gives the same results. A snapshot can be restored any number of times.
 * - `render` returns the episode so far as text ('ansi'), stable JSON ('json') or a page ('html').
 * - Results are the env's own values and read-only: `observation.messages` is the episode's
 *   transcript, and `info.action.calls[].args` may hold frozen records shared between steps and
 *   episodes (CRMArena's case lists passed back from an earlier output), so writing to them throws.
 *   A caller that wants to change a result copies it first (`structuredClone` gives plain,
 *   unfrozen copies).
 */
export interface Env {
  readonly spec: EnvSpec;
  reset(args?: { seed?: Seed; options?: Record<string, unknown> }): ResetResult;
  step(action: unknown): StepResult;
  render(mode?: RenderMode): string;
  snapshot(): EnvSnapshot;
  restore(snapshot: EnvSnapshot): void;
  close(): void;
}

/** Raised on misuse by the caller (never on anything an agent sends). */
export class EnvUsageError extends Error {
  override name = 'EnvUsageError';
}
