import { z } from 'zod';
import { CompareRuleSchema } from './compare.js';

const Json = z.json();

export const SolutionCallSchema = z.object({ tool: z.string(), arguments: z.record(z.string(), Json) });
export type SolutionCall = z.infer<typeof SolutionCallSchema>;

/** A placeholder as the simulated user of a multi-turn instance knows it. */
export const ConversationTopicSchema = z.object({
  name: z.string(),
  label: z.string(),
  /** Normalised words and phrases that name it in the agent's message (the label among them). */
  cues: z.array(z.string()),
  /** The value as the user says it. */
  value: z.string(),
  /** Whether the user keeps it back until asked. */
  withheld: z.boolean(),
  /** The index of the intent whose text says it, or null (withheld, or never said). */
  saidBy: z.number().int().min(0).nullable(),
  /** The user's possible answers when asked for it (filled in); one is drawn per turn. */
  replies: z.array(z.string()),
});
export type ConversationTopic = z.infer<typeof ConversationTopicSchema>;

/** One request of a multi-turn instance, with the calls that answer it and its own ground truth. */
export const ConversationIntentSchema = z.object({
  id: z.string(),
  /** The user's turn that asks it (the first intent's is the query). */
  text: z.string(),
  /** Topics it cannot be answered without. */
  needs: z.array(z.string()),
  /** The solution calls not already made for an earlier intent. */
  calls: z.array(SolutionCallSchema),
  answer: z.string(),
  groundTruth: Json,
  compare: CompareRuleSchema,
  /** A correction's new value of a topic, in effect from this intent on. */
  sets: z.object({ topic: z.string(), value: z.string() }).optional(),
});
export type ConversationIntent = z.infer<typeof ConversationIntentSchema>;

export const ConversationSchema = z.object({
  topics: z.array(ConversationTopicSchema),
  intents: z.array(ConversationIntentSchema).min(1),
});
export type Conversation = z.infer<typeof ConversationSchema>;

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
  /** Present on multi-turn instances: what the simulated user knows and asks, intent by intent. */
  conversation: ConversationSchema.optional(),
});
export type QueryInstance = z.infer<typeof QueryInstanceSchema>;
