import { z } from 'zod';
import { FaultConfigSchema, type FaultConfig } from '../tools/faults.js';
import type { QueryInstance } from '../tasks/instance.js';
import { QueryInstanceSchema } from '../tasks/instance.js';
import { UserStateSchema, type UserState } from '../users/simulated-user.js';
import { checkCallerShape } from './caller-shape.js';
import { EnvUsageError, type AnswerReport, type EpisodeTallies } from './env.js';
import { cloneTallies, type Episode } from './episode-state.js';
import type { JsonValue } from './json.js';
import { ChatMessageSchema, type ChatMessage } from './messages.js';
import { describeZodError } from './options.js';
import { RewardConfigSchema, type RewardConfig } from './rewards.js';
import type { Seed } from './rng.js';
import { signatureProblem, withLazySignature } from './snapshot-signing.js';

/** What a snapshot holds: the episode without its world (rebuilt from the seed) and render verdicts. */
export interface SnapshotData {
  instance: QueryInstance;
  worldSeed: Seed;
  seed: Seed;
  step: number;
  messages: readonly ChatMessage[];
  state: unknown;
  tallies: EpisodeTallies;
  rewards: RewardConfig;
  faults: FaultConfig | null;
  formats: readonly string[];
  terminated: boolean;
  truncated: boolean;
  answer: AnswerReport | null;
  paid: readonly string[];
  episodes: number;
  user?: UserState;
}

/** Snapshots made in this process: restored without re-validating them. */
const trusted = new WeakSet<object>();

const TalliesSchema = z.object({
  steps: z.number().int().min(0),
  passed: z.number().int().min(0),
  errors: z.object({ structure: z.number().int().min(0), toolname: z.number().int().min(0), arguments: z.number().int().min(0), execution: z.number().int().min(0) }),
  return: z.number(),
});

/** What a snapshot from outside (JSON over the wire) must look like before it is restored. */
const SnapshotDataSchema = z.object({
  instance: QueryInstanceSchema,
  worldSeed: z.union([z.number(), z.string()]),
  seed: z.union([z.number(), z.string()]),
  step: z.number().int().min(0),
  messages: z.array(ChatMessageSchema).min(1),
  state: z.json(),
  tallies: TalliesSchema,
  rewards: RewardConfigSchema,
  faults: FaultConfigSchema.nullable(),
  formats: z.array(z.string()).min(1),
  terminated: z.boolean(),
  truncated: z.boolean(),
  answer: z
    .object({ answer: z.string().nullable(), gaveUp: z.boolean(), correct: z.boolean(), score: z.number(), detail: z.string(), groundTruth: z.json() })
    .nullable(),
  paid: z.array(z.string()),
  episodes: z.number().int().min(0),
  user: UserStateSchema.optional(),
  signature: z.string(),
});

/** The episode as snapshot data (state copied, signed lazily), trusted by this process's restores. */
export function snapshotData(ep: Episode, episodes: number): JsonValue {
  const data: SnapshotData = {
    instance: ep.instance,
    worldSeed: ep.worldSeed,
    seed: ep.seed,
    step: ep.step,
    messages: ep.messages,
    state: structuredClone(ep.state),
    tallies: cloneTallies(ep.tallies),
    rewards: ep.rewards,
    faults: ep.faults,
    formats: ep.formatNames,
    terminated: ep.terminated,
    truncated: ep.truncated,
    answer: ep.answer,
    paid: [...ep.paid],
    episodes,
    ...(ep.user !== null ? { user: ep.user } : {}),
  };
  withLazySignature(data);
  trusted.add(data);
  return data as unknown as JsonValue;
}

/**
 * The snapshot's data, checked when it was not made in this process: its shape, its signature,
 * then every field. Throws an EnvUsageError naming what is wrong.
 */
export function readSnapshotData(envId: string, raw: JsonValue): SnapshotData {
  const data = raw as unknown as SnapshotData;
  if (trusted.has(data as object)) return data;
  checkCallerShape(`not a snapshot of ${envId}`, data);
  const unsigned = signatureProblem(data);
  if (unsigned !== null) throw new EnvUsageError(`not a snapshot of ${envId} to trust: ${unsigned}`);
  const parsed = SnapshotDataSchema.safeParse(data);
  if (!parsed.success) throw new EnvUsageError(`not a snapshot of ${envId}: ${describeZodError(parsed.error)}`);
  return parsed.data as SnapshotData;
}
