import type { Environment } from '../core/environment.js';
import type { Seed } from '../core/rng.js';
import type { QueryInstance } from '../tasks/instance.js';
import type { FaultConfigInput } from '../tools/faults.js';
import type { EpisodeJob } from './episode.js';
import { EpisodePlayer } from './episode-player.js';
import type { Policy } from './policy.js';
import { episodeKey, type Selection, type TrajectoryContent } from './record.js';

/** Where to explore: an environment and one of its splits. */
export interface CollectTarget {
  readonly environment: Environment;
  readonly split: string;
}

/** Instances to play as given (e.g. a `generate` file, paraphrased or not), each with its environment. */
export interface InstanceTarget {
  readonly environment: Environment;
  readonly instance: QueryInstance;
}

/** What a collection plays: fixed by these, its records are the same on every run. */
export interface CollectPlan {
  readonly targets: readonly CollectTarget[];
  /**
   * Play these instances instead of drawing them by seed: instance k is episodes k*R .. k*R+R-1
   * (R = attempts) of (its env, its split), reset with the instance itself. `targets` is then unused.
   */
  readonly instances?: readonly InstanceTarget[];
  /** Episodes per target (with `instances`: at most this many episodes in all). */
  readonly episodes: number;
  /** Take targets in turn (episode 0 of each, then 1, ...) rather than one after the other. */
  readonly interleave?: boolean;
  /** Consecutive episodes that play the same instance (with different policy draws). */
  readonly attempts?: number;
  /** Episode `i` of a target resets with seed `seed + floor(i / attempts)`; the policy's streams derive from it too. */
  readonly seed: number;
  readonly worldSeed?: Seed;
  readonly actionFormat?: string;
  readonly maxSteps?: number;
  readonly faults?: FaultConfigInput;
}

export interface CollectOptions extends CollectPlan {
  readonly policy: Policy;
  readonly samplesPerStep?: number;
  /** How the played candidate is chosen (default `handler`: the action handler's verdict only). */
  readonly selection?: Selection;
  /** With `untilKept`: whether a finished record counts as kept (e.g. the filter's verdict). */
  readonly keeps?: (record: TrajectoryContent) => boolean;
  /** Stop starting episodes once this many records are kept (counting `alreadyKept`). */
  readonly untilKept?: number;
  /** Kept records already written (a resumed run). */
  readonly alreadyKept?: number;
  /** Episodes in flight at once (they interleave while a model policy waits). */
  readonly concurrency?: number;
  /** Episodes already done (by `episodeKey`): skipped. */
  readonly skip?: ReadonlySet<string>;
  /** Receives each finished record as it completes, serialised as one JSONL line (no newline). */
  readonly onRecord: (line: string, record: TrajectoryContent, job: EpisodeJob) => void | Promise<void>;
  /**
   * An episode that could not be played (e.g. the policy failed): reported, not written, so a
   * resume retries it. Returning true stops the collection (no new episode starts).
   */
  readonly onError?: (job: EpisodeJob, error: unknown) => boolean | void;
  /** Actions that stand for a failed request, not a model output (see `EpisodeOptions.placeholder`). */
  readonly placeholder?: (action: unknown) => boolean;
  /** Checked between episodes: when it returns true no new episode starts. */
  readonly stopped?: () => boolean;
}

export interface CollectSummary {
  readonly planned: number;
  readonly skipped: number;
  readonly written: number;
  readonly failed: number;
  /** Records written in this run that `keeps` accepted (0 without `keeps`). */
  readonly kept: number;
}

/** Every job of a plan, lazily, target by target. */
export function* planJobs(plan: CollectPlan): Generator<EpisodeJob> {
  const attempts = plan.attempts ?? 1;
  if (plan.instances) {
    const total = Math.min(plan.episodes, plan.instances.length * attempts);
    for (let episode = 0; episode < total; episode++) {
      const { environment, instance } = plan.instances[Math.floor(episode / attempts)]!;
      yield { environment, split: instance.split, episode, attempt: episode % attempts, seed: instance.seed, instance };
    }
    return;
  }
  const job = ({ environment, split }: CollectTarget, episode: number): EpisodeJob => ({ environment, split, episode, attempt: episode % attempts, seed: plan.seed + Math.floor(episode / attempts) });
  if (plan.interleave) {
    for (let episode = 0; episode < plan.episodes; episode++) for (const target of plan.targets) yield job(target, episode);
    return;
  }
  for (const target of plan.targets) for (let episode = 0; episode < plan.episodes; episode++) yield job(target, episode);
}

/** How many episodes a plan holds. */
export function plannedEpisodes(plan: CollectPlan): number {
  return plan.instances ? Math.min(plan.episodes, plan.instances.length * (plan.attempts ?? 1)) : plan.targets.length * plan.episodes;
}

/**
 * Plays a plan's episodes, `concurrency` at a time, and hands each finished record to `onRecord`
 * as soon as it is done; nothing finished is kept in memory. Each worker keeps one env per
 * environment; the world is shared.
 */
export async function collect(options: CollectOptions): Promise<CollectSummary> {
  const samplesPerStep = options.samplesPerStep ?? 1;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const jobs = planJobs(options);
  const planned = plannedEpisodes(options);
  let skipped = 0;
  let written = 0;
  let failed = 0;
  let kept = 0;
  let halted = false;
  const enough = (): boolean => options.untilKept !== undefined && (options.alreadyKept ?? 0) + kept >= options.untilKept;
  const next = (): EpisodeJob | null => {
    for (;;) {
      if (halted || enough() || options.stopped?.()) return null;
      const item = jobs.next();
      if (item.done) return null;
      const job = item.value;
      if (options.skip?.has(episodeKey(job.environment.id, job.split, job.episode))) {
        skipped++;
        continue;
      }
      return job;
    }
  };
  const worker = async (): Promise<void> => {
    const player = new EpisodePlayer({ ...options, policy: options.policy, samplesPerStep });
    for (let job = next(); job !== null; job = next()) {
      let played: Awaited<ReturnType<EpisodePlayer['play']>>;
      try {
        played = await player.play(job);
      } catch (error) {
        failed++;
        if (options.onError?.(job, error) === true) halted = true;
        continue;
      }
      if (options.keeps?.(played.content)) kept++;
      await options.onRecord(played.line, played.content, job);
      written++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { planned, skipped, written, failed, kept };
}
