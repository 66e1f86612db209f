import { createHash } from 'node:crypto';
import { z } from 'zod';
import { stableJson } from '../core/json.js';
import type { QueueConnection } from './connection.js';
import { QueueError } from './errors.js';
import { isRunId, runKeys, RUNS_KEY } from './keys.js';

/**
 * A queued run as stored in Redis: everything a worker needs to play its jobs (the policy's flags,
 * how episodes are played) and a gatherer needs to write its files (the manifest, the filter).
 */
export const RunDefinitionSchema = z.object({
  format: z.literal('lamsim.queue-run.v1'),
  id: z.string(),
  /** collect.json's settings: the same as a single-process run's. */
  manifest: z.record(z.string(), z.unknown()),
  /** The policy flags (as parsed) and the defaults the command imposed; never an API key. */
  policy: z.object({ flags: z.record(z.string(), z.unknown()), defaults: z.record(z.string(), z.unknown()) }),
  play: z.object({
    seed: z.number().int(),
    samplesPerStep: z.number().int().min(1),
    selection: z.enum(['handler', 'answer-guided']),
    worldSeed: z.union([z.number(), z.string()]).optional(),
    actionFormat: z.string().optional(),
    maxSteps: z.number().int().optional(),
    faults: z.record(z.string(), z.unknown()).optional(),
  }),
  filter: z.string(),
  /** Episodes the plan holds (the last definition's). */
  planned: z.number().int().min(0),
  /** Stop once this many records of the plan's prefix are kept (null: play the whole plan). */
  untilKept: z.number().int().min(1).nullable(),
  /** When the run was first defined (ms since the epoch): the gathered run's wall time counts from it. */
  createdAt: z.number(),
});
export type RunDefinition = z.infer<typeof RunDefinitionSchema>;

/** A run id derived from the settings that fix its records. */
export function runIdOf(manifest: Record<string, unknown>): string {
  return `run-${createHash('sha256').update(stableJson(manifest)).digest('hex').slice(0, 12)}`;
}

export function checkRunId(id: string): string {
  if (!isRunId(id)) throw new QueueError(`--run must be 1-64 letters, digits, '.', '_' or '-' (starting with a letter or digit), got ${JSON.stringify(id)}`);
  return id;
}

export async function loadRun(connection: QueueConnection, id: string): Promise<RunDefinition | null> {
  const text = await connection.client.get(runKeys(id).def);
  if (text === null) return null;
  const parsed = RunDefinitionSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new QueueError(`the definition of run ${id} in Redis is not one this lamsim reads (written by another version?)`);
  return parsed.data;
}

export async function requireRun(connection: QueueConnection, id: string): Promise<RunDefinition> {
  const def = await loadRun(connection, id);
  if (!def) throw new QueueError(`no run ${JSON.stringify(id)} on ${connection.address.shown} (see lamsim queue status --queue URL)`);
  return def;
}

/**
 * Stores a run's definition, or checks it against the one stored: the same run id with other
 * settings is refused, naming the first that differs. The plan's size and --until-kept may change.
 */
export async function defineRun(connection: QueueConnection, def: RunDefinition): Promise<RunDefinition> {
  const { client } = connection;
  const key = runKeys(def.id).def;
  const created = await client.set(key, JSON.stringify(def), 'NX');
  await client.sadd(RUNS_KEY, def.id);
  if (created === 'OK') return def;
  const stored = await requireRun(connection, def.id);
  for (const name of Object.keys({ ...stored.manifest, ...def.manifest })) {
    const was = stableJson((stored.manifest[name] ?? null));
    const now = stableJson((def.manifest[name] ?? null));
    if (was !== now) throw new QueueError(`run ${def.id} was defined with other settings: ${name} was ${was}, now ${now} (use the same flags, or another --run)`);
  }
  const merged: RunDefinition = { ...stored, planned: def.planned, untilKept: def.untilKept };
  await client.set(key, JSON.stringify(merged));
  return merged;
}
