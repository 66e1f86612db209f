import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { Observation, StepResult } from '../core/env.js';
import type { Environment } from '../core/environment.js';
import type { Seed } from '../core/rng.js';
import { ToolEnv } from '../core/tool-env.js';
import { runEpisode, type EpisodeJob } from '../rollout/episode.js';
import type { Policy } from '../rollout/policy.js';
import type { TrajectoryContent } from '../rollout/record.js';
import type { McpEpisode } from './episode-server.js';
import { MCP_ACTION_FORMAT } from './tools.js';

export interface RecordedEpisodeOptions {
  readonly environment: Environment;
  readonly split: string;
  /** The reset seed: it picks the instance (and seeds what the env draws). */
  readonly seed: number;
  /** The policy name in the record; `mcp:<client>` once the client has said who it is. */
  readonly policyName: () => string;
  readonly maxSteps?: number;
}

/**
 * One episode played by MCP calls through the collector's own episode runner: each `tools/call`
 * is the policy's next action, so the finished record is exactly what `collect` would write for a
 * policy that chose the same actions.
 */
export class RecordedEpisode implements McpEpisode {
  readonly envId: string;
  /** Resolves with the record's content when the episode ends (answered or truncated). */
  readonly finished: Promise<TrajectoryContent>;
  readonly #env: ToolEnv;
  #nextAction: ((actions: unknown[]) => void) | null = null;
  #stepped: ((result: StepResult) => void) | null = null;
  #over: string | null = null;

  constructor(options: RecordedEpisodeOptions) {
    const { environment } = options;
    this.envId = environment.id;
    this.#env = new ToolEnv(environment, { actionFormat: MCP_ACTION_FORMAT, ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}) });
    const job: EpisodeJob = { environment, split: options.split, episode: 0, attempt: 0, seed: options.seed };
    const policy: Policy = {
      get name() {
        return options.policyName();
      },
      act: () => new Promise((resolve) => (this.#nextAction = resolve)),
    };
    const worldSeed: Seed = environment.definition.world.defaultSeed ?? 0;
    const onStep = (result: StepResult): void => {
      if (result.terminated || result.truncated) this.#over = `the episode is over (${result.terminated ? 'answered' : 'truncated'} at step ${result.info.step})`;
      this.#stepped?.(result);
    };
    this.finished = runEpisode(this.#env, job, { policy, samplesPerStep: 1, policySeed: options.seed, worldSeed, onStep }).then((content) => {
      this.#over ??= `the episode is over (${content.outcome.status} after ${content.steps.length} steps)`;
      return content;
    });
  }

  observation(): Observation {
    return this.#env.observation();
  }

  multiTurn(): boolean {
    return this.#env.instance?.conversation !== undefined;
  }

  /** Set what a call after the end is told (e.g. where the record went). */
  set overMessage(text: string) {
    this.#over = text;
  }

  step(action: unknown): Promise<StepResult> {
    const give = this.#nextAction;
    if (give === null) throw new McpError(ErrorCode.InvalidRequest, this.#over ?? 'the episode is over: no more calls are played');
    this.#nextAction = null;
    return new Promise((resolve) => {
      this.#stepped = resolve;
      give([action]);
    });
  }
}
