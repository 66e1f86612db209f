import { z } from 'zod';
import { CompareRuleSchema } from './compare.js';

const Json = z.json();

export const SolutionCallSchema = z.object({ tool: z.string(), arguments: z.record(z.string(), Json) });
export type SolutionCall = z.infer<typeof SolutionCallSchema>;

/**
 * A query instance: the query, the tools offered, and the ground truth computed by executing the
 * template's solution path when the instance was made. A pure function of (template, seed, split)
 * over a given world.
 */
export const QueryInstanceSchema = z.object({
  id: z.string(),
  env: z.string(),
  template: z.string(),
  split: z.string(),
  seed: z.union([z.number(), z.string()]),
  /** The seed of the world the instance was generated in (and must be played in). */
  worldSeed: z.union([z.number(), z.string()]).optional(),
  query: z.string(),
  values: z.record(z.string(), Json),
  tools: z.array(z.string()),
  solution: z.object({
    calls: z.array(SolutionCallSchema),
    /** The ground truth as the oracle says it. */
    answer: z.string(),
  }),
  groundTruth: Json,
  compare: CompareRuleSchema,
  /**
   * The other values of the answer's kind that a correct answer must not name besides the truth
   * (other clubs of the league, other chart entries, other candidate agents, states, months...).
   * Absent when the template declares none.
   */
  rivals: z.array(z.string()).optional(),
  params: z.record(z.string(), Json).default({}),
  context: z.record(z.string(), Json).default({}),
});
export type QueryInstance = z.infer<typeof QueryInstanceSchema>;
