import type { Queue } from 'bullmq';
import type { EpisodeJob } from '../rollout/episode.js';
import type { QueueConnection } from './connection.js';
import { jobId, parseJobId, runKeys, slotKey } from './keys.js';
import { idsIn, type EpisodeJobData } from './queue.js';
import type { RunDefinition } from './run-definition.js';

const CHUNK = 500;

function dataOf(run: string, defined: number, job: EpisodeJob): EpisodeJobData {
  return { run, defined, env: job.environment.id, split: job.split, episode: job.episode, attempt: job.attempt, seed: job.seed, ...(job.instance ? { instance: job.instance } : {}) };
}

/** Plan positions already enqueued for a run. */
export async function enqueuedCount(connection: QueueConnection, run: string): Promise<number> {
  return connection.client.hlen(runKeys(run).order);
}

/**
 * Enqueues plan positions [from, from + count) of a run (`jobs` yields the plan from position 0).
 * Idempotent: a position's order entry and job id are fixed by the plan, and BullMQ ignores a job
 * whose id exists, so enqueueing twice adds nothing. Returns how many positions it covered.
 */
export async function enqueueJobs(connection: QueueConnection, queue: Queue<EpisodeJobData>, def: RunDefinition, jobs: Iterator<EpisodeJob>, from: number, count: number): Promise<number> {
  const run = def.id;
  const keys = runKeys(run);
  let position = 0;
  let covered = 0;
  let batch: { position: number; job: EpisodeJob }[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const order = batch.flatMap(({ position, job }) => [String(position), slotKey({ env: job.environment.id, split: job.split, episode: job.episode, attempt: job.attempt })]);
    await connection.client.hset(keys.order, ...order);
    await queue.addBulk(batch.map(({ job }) => ({ name: 'episode', data: dataOf(run, def.createdAt, job), opts: { jobId: jobId(run, { env: job.environment.id, split: job.split, episode: job.episode, attempt: job.attempt }) } })));
    covered += batch.length;
    batch = [];
  };
  for (let item = jobs.next(); !item.done && position < from + count; item = jobs.next(), position++) {
    if (position < from) continue;
    batch.push({ position, job: item.value });
    if (batch.length >= CHUNK) await flush();
  }
  await flush();
  return covered;
}

/** Sends a run's failed jobs back to the queue (a rerun of the enqueuing command retries them). */
export async function retryFailed(queue: Queue<EpisodeJobData>, run: string): Promise<number> {
  let retried = 0;
  for (const id of await idsIn(queue, 'failed')) {
    if (parseJobId(id)?.run !== run) continue;
    const job = await queue.getJob(id);
    if (!job) continue;
    await job.retry('failed');
    retried++;
  }
  return retried;
}
