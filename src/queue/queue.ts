import { Queue } from 'bullmq';
import type { QueueConnection } from './connection.js';
import { KEY_PREFIX, QUEUE_NAME } from './keys.js';

/** What one episode job carries: its run, its slot and what the worker resets with. */
export interface EpisodeJobData {
  readonly run: string;
  /** When the run was defined: a run dropped and defined again under its name is another run to a worker. */
  readonly defined?: number;
  readonly env: string;
  readonly split: string;
  readonly episode: number;
  readonly attempt: number;
  readonly seed: number | string;
  /** The instance to play (runs of a `generate` file): workers need not have the file. */
  readonly instance?: unknown;
}

/** Retries of an episode that failed (e.g. its model requests failed), with backoff, before it counts as failed. */
export const JOB_ATTEMPTS = 3;

export function openQueue(connection: QueueConnection): Queue<EpisodeJobData> {
  const queue = new Queue<EpisodeJobData>(QUEUE_NAME, {
    connection: connection.client,
    prefix: KEY_PREFIX,
    defaultJobOptions: { attempts: JOB_ATTEMPTS, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: false, removeOnFail: false },
  });
  // connection trouble is the connection's to report (see connectQueue); an unheard 'error' would crash the process
  queue.on('error', () => {});
  return queue;
}

/** Ids of the jobs in these BullMQ states (all runs). */
export async function idsIn(queue: Queue<EpisodeJobData>, state: 'wait' | 'active' | 'delayed' | 'completed' | 'failed' | 'prioritized' | 'paused'): Promise<string[]> {
  return queue.getRanges([state], 0, -1, true);
}
