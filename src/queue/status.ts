import type { Queue } from 'bullmq';
import type { QueueConnection } from './connection.js';
import { KEY_PREFIX, QUEUE_NAME, parseJobId, RUNS_KEY, runKeys } from './keys.js';
import { idsIn, type EpisodeJobData } from './queue.js';
import { loadRun } from './run-definition.js';

/** Jobs of one env in one run, by state. `retrying` counts jobs that failed or stalled at least once and are not done yet. */
export interface EnvStatus {
  env: string;
  waiting: number;
  active: number;
  retrying: number;
  done: number;
  failed: number;
}

export interface RunStatus {
  run: string;
  planned: number | null;
  untilKept: number | null;
  enqueued: number;
  records: number;
  kept: number;
  envs: EnvStatus[];
}

const blank = (env: string): EnvStatus => ({ env, waiting: 0, active: 0, retrying: 0, done: 0, failed: 0 });

/** How many times each job has failed or stalled so far (one pipelined read). */
async function retried(connection: QueueConnection, ids: readonly string[]): Promise<boolean[]> {
  if (ids.length === 0) return [];
  const pipeline = connection.client.pipeline();
  for (const id of ids) pipeline.hmget(`${KEY_PREFIX}:${QUEUE_NAME}:${id}`, 'atm', 'stc');
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([, value]) => (value as (string | null)[] | null)?.some((v) => v !== null && Number(v) > 0) ?? false);
}

/** Every run's jobs per env and state, read from any machine. */
export async function queueStatus(connection: QueueConnection, queue: Queue<EpisodeJobData>, only?: string): Promise<RunStatus[]> {
  const runIds = only !== undefined ? [only] : (await connection.client.smembers(RUNS_KEY)).sort();
  const table = new Map<string, Map<string, EnvStatus>>(runIds.map((r) => [r, new Map()]));
  const row = (id: string): EnvStatus | null => {
    const parsed = parseJobId(id);
    const envs = parsed ? table.get(parsed.run) : undefined;
    if (!parsed || !envs) return null;
    let entry = envs.get(parsed.slot.env);
    if (!entry) envs.set(parsed.slot.env, (entry = blank(parsed.slot.env)));
    return entry;
  };
  for (const state of ['wait', 'prioritized', 'paused', 'active'] as const) {
    const ids = await idsIn(queue, state);
    const again = await retried(connection, ids);
    ids.forEach((id, i) => {
      const entry = row(id);
      if (!entry) return;
      if (again[i]) entry.retrying++;
      else if (state === 'active') entry.active++;
      else entry.waiting++;
    });
  }
  for (const id of await idsIn(queue, 'delayed')) {
    const entry = row(id);
    if (entry) entry.retrying++;
  }
  for (const id of await idsIn(queue, 'completed')) {
    const entry = row(id);
    if (entry) entry.done++;
  }
  for (const id of await idsIn(queue, 'failed')) {
    const entry = row(id);
    if (entry) entry.failed++;
  }
  const out: RunStatus[] = [];
  for (const run of runIds) {
    const def = await loadRun(connection, run);
    const keys = runKeys(run);
    const [enqueued, records, verdicts] = await Promise.all([connection.client.hlen(keys.order), connection.client.hlen(keys.records), connection.client.hvals(keys.verdicts)]);
    out.push({
      run,
      planned: def?.planned ?? null,
      untilKept: def?.untilKept ?? null,
      enqueued,
      records,
      kept: verdicts.filter((v) => v[0] === '1').length,
      envs: [...table.get(run)!.values()].sort((a, b) => a.env.localeCompare(b.env)),
    });
  }
  return out;
}

/**
 * Deletes a run: its jobs (those a worker holds right now cannot be removed and are counted) and its
 * keys (definition, order, records, verdicts, usage). Enqueueing it again starts it afresh.
 */
export async function dropRun(connection: QueueConnection, queue: Queue<EpisodeJobData>, run: string): Promise<{ removed: number; held: number }> {
  let removed = 0;
  let held = 0;
  for (const state of ['wait', 'prioritized', 'paused', 'delayed', 'completed', 'failed', 'active'] as const) {
    for (const id of await idsIn(queue, state)) {
      if (parseJobId(id)?.run !== run) continue;
      if ((await queue.remove(id)) === 1) removed++;
      else held++;
    }
  }
  const keys = runKeys(run);
  await connection.client.del(keys.def, keys.order, keys.records, keys.verdicts, keys.usage);
  await connection.client.srem(RUNS_KEY, run);
  return { removed, held };
}
