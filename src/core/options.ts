import { z } from 'zod';
import { FaultConfigSchema } from '../tools/faults.js';
import { QueryInstanceSchema } from '../tasks/instance.js';
import { RewardOverridesSchema } from './rewards.js';

const SeedSchema = z.union([z.number().int(), z.string().min(1).max(200)]);
const FormatSchema = z.union([z.string(), z.array(z.string()).min(1)]);

/** Options of `make(id, options)`: which world, and the defaults for every episode. */
export const EnvOptionsSchema = z
  .object({
    /** The world's seed (default: the environment's own). Instances vary by reset seed over one world. */
    worldSeed: SeedSchema.optional(),
    /** World options the environment defines (size and the like). */
    world: z.record(z.string(), z.unknown()).default({}),
    /** Seeds the sequence of episode seeds used when reset() gets none. */
    seed: SeedSchema.default(0),
    split: z.string().optional(),
    maxSteps: z.number().int().positive().optional(),
    /** An accepted format name, a list of them (auto-detected), or 'auto' for all the env accepts. */
    actionFormat: FormatSchema.optional(),
    rewards: RewardOverridesSchema.optional(),
    faults: FaultConfigSchema.optional(),
    maxObservationChars: z.number().int().positive().optional(),
  })
  .strict();
export type EnvOptions = z.input<typeof EnvOptionsSchema>;

/** Options of `reset({ options })`: override the env's defaults for one episode. */
export const ResetOptionsSchema = z
  .object({
    split: z.string().optional(),
    /** Draw from this template only. */
    template: z.string().optional(),
    /** Play this pre-generated instance (e.g. from `lamsim generate`) instead of drawing one. */
    instance: QueryInstanceSchema.optional(),
    rewards: RewardOverridesSchema.optional(),
    faults: FaultConfigSchema.optional(),
    actionFormat: FormatSchema.optional(),
  })
  .strict();
export type ResetOptions = z.input<typeof ResetOptionsSchema>;

/** A zod error as one line: `path: message; path: message`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 4)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
