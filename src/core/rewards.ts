import { z } from 'zod';
import { EnvUsageError } from './env.js';

/**
 * How an episode is rewarded. Defaults: 1 for a correct final answer, 0 for a wrong one or none;
 * -0.1 for each failed structure, tool-name or arguments check; -0.05 for an execution error the
 * tool itself reported; 0 for an injected fault (not the agent's doing); no per-step cost.
 * Multi-turn: each intent pays `success` (or `failure`) divided by the number of intents when it is
 * answered; -0.1 for a redundant or unneeded question and for an answer before asking what is missing;
 * asking for what is missing costs nothing.
 * An episode with no failed action and right answers returns exactly `success`.
 */
export const RewardConfigSchema = z
  .object({
    success: z.number().default(1),
    failure: z.number().default(0),
    /** Added when the agent gives up (give_up_and_restart) instead of answering. */
    giveUp: z.number().default(0),
    /** Added on the step where the step limit truncates the episode. */
    truncation: z.number().default(0),
    /**
     * Added for an action that passes every check and makes a call not made before in the episode
     * (same tool and same arguments pay once), never for the terminal tool, and at most as many
     * times per episode as the instance's solution has calls: padding and repeating cannot farm it.
     */
    actionPass: z.number().default(0),
    /** Added on every step, e.g. -0.01 to prefer short solutions; never positive (that would pay for stalling). */
    stepCost: z.number().max(0, 'stepCost must be <= 0: a positive step reward pays for stalling').default(0),
    penalties: z
      .object({
        structure: z.number().default(-0.1),
        toolname: z.number().default(-0.1),
        arguments: z.number().default(-0.1),
        execution: z.number().default(-0.05),
        injectedFault: z.number().default(0),
        /** Multi-turn: a message to the user that asks again for something it already said (without stating it). */
        redundantQuestion: z.number().default(-0.1),
        /** Multi-turn: a message to the user that asks for nothing it has or the task needs. */
        unneededQuestion: z.number().default(-0.1),
        /** Multi-turn: a final answer given before the user was asked for a detail it keeps back (not graded). */
        prematureAnswer: z.number().default(-0.1),
      })
      .strict()
      .default({ structure: -0.1, toolname: -0.1, arguments: -0.1, execution: -0.05, injectedFault: 0, redundantQuestion: -0.1, unneededQuestion: -0.1, prematureAnswer: -0.1 }),
  })
  .strict()
  .superRefine((config, ctx) => {
    // No outcome but success may pay more than success, and no failed action may pay at all:
    // otherwise stalling, giving up or erring would beat solving.
    for (const key of ['failure', 'giveUp', 'truncation'] as const) {
      if (config[key] > config.success) ctx.addIssue({ code: 'custom', path: [key], message: `${key} (${config[key]}) must not exceed success (${config.success})` });
    }
    for (const [key, value] of Object.entries(config.penalties)) {
      if (value > 0) ctx.addIssue({ code: 'custom', path: ['penalties', key], message: `penalty ${key} must be <= 0, not ${value}` });
    }
  });
export type RewardConfig = z.infer<typeof RewardConfigSchema>;
export type RewardConfigInput = z.input<typeof RewardConfigSchema>;

export const DEFAULT_REWARDS: RewardConfig = RewardConfigSchema.parse({});

/** Layers overrides (env definition, make options, reset options) over the defaults. */
export function mergeRewards(...layers: (RewardConfigInput | undefined)[]): RewardConfig {
  let merged: RewardConfigInput = {};
  for (const layer of layers) {
    if (!layer) continue;
    merged = { ...merged, ...layer, penalties: { ...merged.penalties, ...layer.penalties } };
  }
  const parsed = RewardConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const why = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new EnvUsageError(`invalid reward config: ${why}`);
  }
  return parsed.data;
}

/** A partial reward config, as given by an env, `make` or `reset`: unlike the full schema it fills no defaults. */
export const RewardOverridesSchema = z
  .object({
    success: z.number(),
    failure: z.number(),
    giveUp: z.number(),
    truncation: z.number(),
    actionPass: z.number(),
    stepCost: z.number(),
    penalties: z
      .object({ structure: z.number(), toolname: z.number(), arguments: z.number(), execution: z.number(), injectedFault: z.number(), redundantQuestion: z.number(), unneededQuestion: z.number(), prematureAnswer: z.number() })
      .partial()
      .strict(),
  })
  .partial()
  .strict();
