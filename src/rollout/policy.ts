import type { ActionReport } from '../actions/handler.js';
import type { EpisodeTallies, Observation } from '../core/env.js';
import type { Environment } from '../core/environment.js';
import type { Rng } from '../core/rng.js';
import type { QueryInstance } from '../tasks/instance.js';

/** What a policy may read when choosing its next action. */
export interface PolicyContext {
  readonly observation: Observation;
  /** The episode's instance. Scripted policies (oracle, noisy) read its solution; model policies must not. */
  readonly instance: QueryInstance;
  readonly environment: Environment;
  readonly tallies: EpisodeTallies;
  /** Steps taken so far in the episode. */
  readonly step: number;
  /** The action format to write. */
  readonly format: string;
  /** Seeded per (episode, step): the only randomness a scripted policy may use. */
  readonly rng: Rng;
  /** Which attempt at this instance the episode is (a model policy keys its samples by it). */
  readonly attempt?: number;
  /** The action-level evaluation of the previous step (absent before the first step or when the caller does not track it). */
  readonly lastAction?: ActionReport;
}

/** Turns an observation into `n` candidate actions (the first is the one to play when only one is needed). */
export interface Policy {
  readonly name: string;
  act(ctx: PolicyContext, n: number): Promise<unknown[]>;
}
