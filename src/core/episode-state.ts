import type { ActionParser } from '../actions/parse-result.js';
import type { FaultConfig } from '../tools/faults.js';
import type { QueryInstance } from '../tasks/instance.js';
import type { UserState } from '../users/simulated-user.js';
import type { AnswerReport, EpisodeTallies } from './env.js';
import type { ChatMessage, ToolSpec } from './messages.js';
import type { Verdict } from './render.js';
import type { RewardConfig } from './rewards.js';
import type { Seed } from './rng.js';

/** Everything a ToolEnv knows about its current episode. */
export interface Episode {
  instance: QueryInstance;
  world: unknown;
  worldSeed: Seed;
  seed: Seed;
  step: number;
  messages: readonly ChatMessage[];
  tools: readonly ToolSpec[];
  offered: ReadonlySet<string>;
  state: unknown;
  tallies: EpisodeTallies;
  rewards: RewardConfig;
  faults: FaultConfig | null;
  parsers: readonly ActionParser[];
  formatNames: readonly string[];
  terminated: boolean;
  truncated: boolean;
  answer: AnswerReport | null;
  /** How each step played in this env object was judged, by step number (for the HTML render; not in snapshots). */
  verdicts: Map<number, Verdict>;
  /** The distinct passing calls (tool + stable JSON of arguments) that were paid `actionPass`. */
  paid: Set<string>;
  /** The simulated user of a multi-turn instance, or null. */
  user: UserState | null;
}

export function cloneTallies(t: EpisodeTallies): EpisodeTallies {
  return { steps: t.steps, passed: t.passed, errors: { ...t.errors }, return: t.return };
}
