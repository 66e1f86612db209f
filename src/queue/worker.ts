import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Environment } from '../core/environment.js';
import type { QueryInstance } from '../tasks/instance.js';
import { EpisodePlayer, type PlaySettings } from '../rollout/episode-player.js';
import type { TrajectoryContent } from '../rollout/record.js';
import type { QueueConnection } from './connection.js';
import { KEY_PREFIX, QUEUE_NAME, runKeys, slotKey, verdictOf } from './keys.js';
import type { EpisodeJobData } from './queue.js';
import { loadRun, type RunDefinition } from './run-definition.js';

/** Model requests and tokens a policy has spent so far. */
export interface PolicyUsage {
  requests: number;
  cacheHits: number;
  promptTokens: number;
  completionTokens: number;
}

/** How a worker plays one run: its policy and settings, and the filter that says what is kept. */
export interface RunPlayer {
  readonly settings: PlaySettings;
  keeps(content: TrajectoryContent): boolean;
  usage?(): PolicyUsage;
}

export interface WorkerConfig {
  readonly connection: QueueConnection;
  /** Episodes played at once by this process. */
  readonly concurrency: number;
  /** A job's lock: a worker that stops renewing it (killed, frozen) has its jobs retried after about this long (ms). */
  readonly lockMs: number;
  readonly environment: (id: string) => Environment;
  /** Builds the policy of a run from its stored definition (once per run per process). */
  readonly prepare: (def: RunDefinition) => Promise<RunPlayer>;
  /** Told of every job: played, already recorded by an earlier attempt, or failed (it may be retried). */
  readonly onJob?: (outcome: 'played' | 'recorded' | 'failed', data: EpisodeJobData, error?: unknown) => void;
}

/** Stores a record only if its slot has none, and its verdict with it: a retried job never writes a second one. */
const STORE_ONCE = `if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then redis.call('HSET', KEYS[2], ARGV[1], ARGV[3]) return 1 end return 0`;

/** Jobs stalled (their worker died) more often than this fail rather than retry forever. */
const MAX_STALLS = 10;

interface PreparedRun {
  readonly player: RunPlayer;
  readonly idle: EpisodePlayer[];
  reported: PolicyUsage;
}

/**
 * A BullMQ worker that plays episode jobs through the same EpisodePlayer as the single-process
 * collector and stores each record once, keyed by its slot. A job whose record exists (an earlier
 * attempt stored it, then its worker died before BullMQ heard) completes without playing again.
 */
export function startWorker(config: WorkerConfig): Worker<EpisodeJobData> {
  const { client } = config.connection;
  const runs = new Map<string, Promise<PreparedRun>>();
  const prepared = (run: string, defined: number | undefined): Promise<PreparedRun> => {
    const cacheKey = `${run}@${defined ?? ''}`;
    let entry = runs.get(cacheKey);
    if (!entry) {
      entry = (async () => {
        const def = await loadRun(config.connection, run);
        if (!def) throw new UnrecoverableError(`no definition of run ${run} in Redis`);
        if (defined !== undefined && def.createdAt !== defined) throw new UnrecoverableError(`run ${run} was dropped and defined again since this job was enqueued`);
        const player = await config.prepare(def);
        return { player, idle: [], reported: { requests: 0, cacheHits: 0, promptTokens: 0, completionTokens: 0 } };
      })();
      entry.catch(() => runs.delete(cacheKey));
      runs.set(cacheKey, entry);
    }
    return entry;
  };
  const play = async (job: Job<EpisodeJobData>): Promise<string> => {
    const data = job.data;
    const keys = runKeys(data.run);
    const slot = slotKey(data);
    if ((await client.hexists(keys.records, slot)) === 1) {
      config.onJob?.('recorded', data);
      return 'recorded';
    }
    const run = await prepared(data.run, data.defined);
    let environment: Environment;
    try {
      environment = config.environment(data.env);
    } catch (error) {
      throw new UnrecoverableError(`this worker does not know ${data.env}: ${(error as Error).message} (load its plugin with --plugin)`);
    }
    const player = run.idle.pop() ?? new EpisodePlayer(run.player.settings);
    let played;
    try {
      played = await player.play({ environment, split: data.split, episode: data.episode, attempt: data.attempt, seed: data.seed, ...(data.instance !== undefined ? { instance: data.instance as QueryInstance } : {}) });
    } finally {
      run.idle.push(player);
    }
    const verdict = verdictOf(run.player.keeps(played.content), played.content.passed);
    await client.eval(STORE_ONCE, 2, keys.records, keys.verdicts, slot, played.line, verdict);
    const usage = run.player.usage?.();
    if (usage) {
      const spent = (Object.keys(usage) as (keyof PolicyUsage)[]).filter((k) => usage[k] !== run.reported[k]);
      if (spent.length > 0) {
        const multi = client.multi();
        for (const k of spent) multi.hincrby(keys.usage, k, usage[k] - run.reported[k]);
        run.reported = { ...usage };
        await multi.exec();
      }
    }
    config.onJob?.('played', data);
    return 'played';
  };
  const worker = new Worker<EpisodeJobData>(QUEUE_NAME, play, {
    connection: client,
    prefix: KEY_PREFIX,
    concurrency: config.concurrency,
    lockDuration: config.lockMs,
    stalledInterval: config.lockMs,
    maxStalledCount: MAX_STALLS,
  });
  worker.on('failed', (job, error) => {
    if (job) config.onJob?.('failed', job.data, error);
  });
  return worker;
}
