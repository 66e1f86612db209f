import type { Environment } from '../core/environment.js';
import type { Seed } from '../core/rng.js';
import { ToolEnv } from '../core/tool-env.js';
import type { FaultConfigInput } from '../tools/faults.js';
import { runEpisode, type EpisodeJob } from './episode.js';
import type { Policy } from './policy.js';
import { serializeRecord, type Selection, type TrajectoryContent } from './record.js';

/** How every episode of a run is played: with these fixed, a job always gives the same record. */
export interface PlaySettings {
  readonly policy: Policy;
  /** Seeds the policy's streams (the run's seed). */
  readonly seed: number;
  readonly samplesPerStep?: number;
  readonly selection?: Selection;
  readonly worldSeed?: Seed;
  readonly actionFormat?: string;
  readonly maxSteps?: number;
  readonly faults?: FaultConfigInput;
  /** Actions that stand for a failed request, not a model output (see `EpisodeOptions.placeholder`). */
  readonly placeholder?: (action: unknown) => boolean;
}

/**
 * Plays episodes one at a time, keeping one env per environment (the world is shared). The
 * single-process collector and the queue worker both play through it, so their records are identical.
 */
export class EpisodePlayer {
  readonly #settings: PlaySettings;
  readonly #envs = new Map<Environment, ToolEnv>();

  constructor(settings: PlaySettings) {
    this.#settings = settings;
  }

  async play(job: EpisodeJob): Promise<{ content: TrajectoryContent; line: string }> {
    const s = this.#settings;
    let env = this.#envs.get(job.environment);
    if (!env) {
      env = new ToolEnv(job.environment, {
        ...(s.worldSeed !== undefined ? { worldSeed: s.worldSeed } : {}),
        ...(s.actionFormat !== undefined ? { actionFormat: s.actionFormat } : {}),
        ...(s.maxSteps !== undefined ? { maxSteps: s.maxSteps } : {}),
        ...(s.faults !== undefined ? { faults: s.faults } : {}),
      });
      this.#envs.set(job.environment, env);
    }
    const content = await runEpisode(env, job, {
      policy: s.policy,
      samplesPerStep: s.samplesPerStep ?? 1,
      policySeed: s.seed,
      ...(s.selection !== undefined ? { selection: s.selection } : {}),
      worldSeed: s.worldSeed ?? job.environment.definition.world.defaultSeed ?? 0,
      ...(s.placeholder ? { placeholder: s.placeholder } : {}),
    });
    return { content, line: serializeRecord(content).line };
  }
}
