import { z } from 'zod';
import type { RenderMode } from '../core/env.js';

const SeedSchema = z.union([z.number().int(), z.string().min(1).max(200)]);
const OptionsSchema = z.record(z.string(), z.unknown());

/**
 * Request bodies. Option objects are passed to the environment, which validates them itself (its
 * message names the bad field), so the server stays generic over any registered Env.
 */
export const CreateSessionBody = z
  .object({
    /** A registered id, e.g. `ToolBench-v0`; `ToolBench` means its latest version. */
    env: z.string().min(1).max(200),
    /** `make` options: worldSeed, world, seed, split, maxSteps, actionFormat, rewards, faults. */
    make: OptionsSchema.optional(),
    /** The session's split (shorthand for `make.split`): every reset draws from it by default. */
    split: z.string().min(1).max(200).optional(),
    /** The first reset's seed. */
    seed: SeedSchema.optional(),
    /** The first reset's options: split, template, instance, actionFormat, rewards, faults. */
    options: OptionsSchema.optional(),
  })
  .strict();
export type CreateSessionBody = z.infer<typeof CreateSessionBody>;

export const ResetBody = z.object({ seed: SeedSchema.optional(), options: OptionsSchema.optional() }).strict();

const present = (what: string) => z.custom<unknown>((value) => value !== undefined, { message: `required: ${what}` });

/** How much of the transcript a step reply carries: the new messages (default) or all of them. */
export const TranscriptMode = z.enum(['delta', 'full']);

export const StepBody = z.object({ action: present('an assistant message object or text'), transcript: TranscriptMode.optional() }).strict();
export type StepBody = z.infer<typeof StepBody>;

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** The body of almost every step, `{"action": ...}` (and perhaps a valid `transcript`), accepted without the schema. */
export function quickStepBody(value: unknown): StepBody | undefined {
  if (!isPlainObject(value)) return undefined;
  let keys = 0;
  for (const key in value) {
    if (key !== 'action' && key !== 'transcript') return undefined;
    keys++;
  }
  const { action, transcript } = value;
  if (action === undefined || (keys === 2 && transcript !== 'delta' && transcript !== 'full')) return undefined;
  return keys === 2 ? { action, transcript: transcript as 'delta' | 'full' } : { action };
}

/** The body of almost every reset, `{}` or `{"seed": N}` with N a safe integer, accepted without the schema. */
export function quickResetBody(value: unknown): z.infer<typeof ResetBody> | undefined {
  if (!isPlainObject(value)) return undefined;
  let keys = 0;
  for (const key in value) {
    if (key !== 'seed') return undefined;
    keys++;
  }
  if (keys === 0) return {};
  return Number.isSafeInteger(value['seed']) ? { seed: value['seed'] as number } : undefined;
}

/** `{}` returns the snapshot; `{ "store": true }` keeps it on the server and returns a handle. */
export const SnapshotBody = z.object({ store: z.boolean().optional() }).strict();

/** A snapshot as POST .../snapshot returned it (fields core adds, e.g. a signature, pass through), or a stored one's handle. */
export const RestoreBody = z
  .object({
    snapshot: z.looseObject({ env: z.string(), data: present('the snapshot as POST .../snapshot returned it') }).optional(),
    handle: z.string().max(100).optional(),
  })
  .strict()
  .refine((body) => (body.snapshot === undefined) !== (body.handle === undefined), { message: 'give exactly one of snapshot and handle' });

export const EmptyBody = z.object({}).strict();

export const RENDER_MODES: readonly RenderMode[] = ['ansi', 'json', 'html'];

export const RENDER_CONTENT_TYPES: Readonly<Record<RenderMode, string>> = {
  ansi: 'text/plain; charset=utf-8',
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
};
