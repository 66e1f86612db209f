import { z } from 'zod';
import { ERROR_CLASSES } from '../actions/errors.js';
import { hash as digest } from 'node:crypto';
import { contentHash } from '../core/json.js';
import { StableSerializer } from './stable-serializer.js';
import { FAULT_KINDS } from '../tools/faults.js';
import { QueryInstanceSchema } from '../tasks/instance.js';

/**
 * The trajectory record: one JSON object per line of a collection's `trajectories.jsonl`, one per
 * finished episode. It is self-contained (exporters need nothing else), compact (the instance, the
 * prompts and the tool specs appear once, each step stores only what it added) and deterministic:
 * no clock and no host data inside, so a re-run or a resumed run writes byte-identical lines.
 */
export const TRAJECTORY_FORMAT = 'lamsim.trajectory.v1';

const Json = z.json();

/** How a collector chose the played candidate among several (see `EpisodeOptions.selection`). */
export const SELECTIONS = ['handler', 'answer-guided'] as const;
export type Selection = (typeof SELECTIONS)[number];
const ErrorClassSchema = z.enum(ERROR_CLASSES);

export const ToolCallSchema = z.object({
  id: z.string(),
  type: z.literal('function'),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

export const AssistantMessageSchema = z.object({
  role: z.literal('assistant'),
  content: z.string().nullable().optional(),
  tool_calls: z.array(ToolCallSchema).optional(),
});

export const ChatMessageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: z.string() }),
  z.object({ role: z.literal('user'), content: z.string() }),
  AssistantMessageSchema,
  z.object({ role: z.literal('tool'), tool_call_id: z.string(), name: z.string(), content: z.string() }),
]);

export const ToolSpecSchema = z.object({
  type: z.literal('function'),
  function: z.object({ name: z.string(), description: z.string(), parameters: z.record(z.string(), z.unknown()) }),
});

/** One call of an action as the handler judged it (outputs are not repeated: the observation holds them). */
export const CallRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  /**
   * The arguments as checked (parsed, with schema defaults). Omitted when they are exactly what the
   * raw action's tool call at the same index carries, and when the action could not be read: read
   * them with `callArguments`.
   */
  args: Json.optional(),
  ok: z.boolean(),
  errorClass: ErrorClassSchema.nullable(),
  message: z.string().nullable(),
  /** The injected fault that failed it, if any. */
  fault: z.enum(FAULT_KINDS).nullable(),
  /** False when skipped because an earlier call of the same action failed or ended the episode. */
  executed: z.boolean(),
});

/** The final answer an action gave, and (when known) whether it was right. */
export const FinalSchema = z.object({
  answer: z.string().nullable(),
  gaveUp: z.boolean(),
  correct: z.boolean(),
});

/** One distinct candidate action sampled at a step and evaluated from the same saved state. */
export const CandidateSchema = z.object({
  /** The assistant turn this candidate would add to the transcript. */
  assistant: AssistantMessageSchema,
  /** The raw action, only when it is not exactly `assistant`. */
  action: Json.optional(),
  /** How many of the sampled candidates were this same action. */
  count: z.number().int().positive(),
  /** Passed every action-level check. */
  ok: z.boolean(),
  errorClass: ErrorClassSchema.nullable(),
  message: z.string().nullable(),
  reward: z.number(),
  /** Present when the candidate ends the episode with an answer (multi-turn: when it answers an intent). */
  final: FinalSchema.optional(),
  /** Multi-turn: the conversational penalty the candidate drew, if any. */
  penalty: z.enum(['redundantQuestion', 'unneededQuestion', 'prematureAnswer']).optional(),
  /** `ok`, and when it answers, answers correctly (what an answer-guided selection requires; the preferred side of pairs). */
  passed: z.boolean(),
});

/**
 * Multi-turn episodes: what the simulated user made of a step (its reply is in `observations`).
 * `penalty` names a conversational mistake (a redundant or unneeded question, an answer before
 * asking for what is missing); `revealed` the withheld details the user gave; `graded` the intent
 * this step answered; `intent` the open intent after the step. Absent on single-turn episodes.
 */
export const UserTurnSchema = z.object({
  intent: z.number().int().nonnegative(),
  /** The user replied: its turn is the step's last observation. */
  replied: z.boolean(),
  penalty: z.enum(['redundantQuestion', 'unneededQuestion', 'prematureAnswer']).nullable(),
  revealed: z.array(z.string()),
  redundant: z.array(z.string()),
  premature: z.array(z.string()),
  graded: z.object({ id: z.string(), correct: z.boolean(), score: z.number() }).optional(),
});

export const StepRecordSchema = z.object({
  /** The assistant turn as it entered the transcript. */
  assistant: AssistantMessageSchema,
  /** The raw action the policy produced, only when it is not exactly `assistant` (e.g. text formats). */
  action: Json.optional(),
  /** The messages the environment added after the assistant turn (tool replies or feedback). */
  observations: z.array(ChatMessageSchema),
  /** The format the action was read as. */
  format: z.string(),
  /** Whether the action could be read at all (false: a structure error). */
  parsed: z.boolean(),
  /** Passed every action-level check. */
  ok: z.boolean(),
  errorClass: ErrorClassSchema.nullable(),
  message: z.string().nullable(),
  thought: z.string().nullable(),
  calls: z.array(CallRecordSchema),
  reward: z.number(),
  final: FinalSchema.optional(),
  /** Present when several candidates were sampled: the distinct ones, in sampling order. */
  candidates: z.array(CandidateSchema).optional(),
  /** Multi-turn episodes only: the simulated user's reading of this step. */
  user: UserTurnSchema.optional(),
  /** Index into `candidates` of the one played. */
  chosen: z.number().int().nonnegative().optional(),
});

export const OutcomeSchema = z.object({
  /** answered: the agent gave an answer; gave-up: it gave up; truncated: the step limit came first. */
  status: z.enum(['answered', 'gave-up', 'truncated']),
  answer: z.string().nullable(),
  correct: z.boolean(),
  score: z.number(),
  detail: z.string(),
});

export const TalliesSchema = z.object({
  steps: z.number().int().nonnegative(),
  passed: z.number().int().nonnegative(),
  errors: z.object({ structure: z.number().int(), toolname: z.number().int(), arguments: z.number().int(), execution: z.number().int() }),
  return: z.number(),
});

/** Why the filter rejected a trajectory: a code and a sentence. */
export const RejectionSchema = z.object({
  code: z.enum(['no-answer', 'gave-up', 'wrong-answer', 'unfixed-error']),
  message: z.string(),
  /** The 0-based step the reason is about, when there is one. */
  step: z.number().int().nonnegative().optional(),
});

export const TrajectoryRecordSchema = z.object({
  format: z.literal(TRAJECTORY_FORMAT),
  env: z.object({ id: z.string(), version: z.number().int() }),
  split: z.string(),
  /** The episode's index within (env, split): with `env` and `split`, the episode's identity. */
  episode: z.number().int().nonnegative(),
  /** Which attempt at this instance (several attempts at one instance give trajectory-level pairs). */
  attempt: z.number().int().nonnegative(),
  /** The reset seed, which determines the instance. */
  seed: z.union([z.number(), z.string()]),
  worldSeed: z.union([z.number(), z.string()]),
  policy: z.object({ name: z.string(), samplesPerStep: z.number().int().positive() }),
  /**
   * How the played action was chosen when several candidates were sampled: `handler` (the action
   * handler's verdict only) or `answer-guided` (a final answer had to match the ground truth).
   * Added within v1: records written before it lack it, and were answer-guided when they sampled
   * more than one candidate (read it with `selectionOf`).
   */
  selection: z.enum(SELECTIONS).optional(),
  /** The format the policy was asked to write. */
  actionFormat: z.string(),
  /** Every format the env read actions in (replay with `actionFormat: acceptedFormats`). */
  acceptedFormats: z.array(z.string()).min(1),
  maxSteps: z.number().int().positive(),
  /** The query instance, with its ground truth and solution. */
  instance: QueryInstanceSchema,
  /** The two opening messages of the conversation. */
  system: z.string(),
  user: z.string(),
  /** The specs of the offered tools, in the order the agent saw them. */
  tools: z.array(ToolSpecSchema),
  steps: z.array(StepRecordSchema),
  outcome: OutcomeSchema,
  /** Whether the task was solved (the final answer is right): the task-level pass. */
  passed: z.boolean(),
  tallies: TalliesSchema,
  /** `contentHash` of the record without `hash` (and without a filter's `rejection`). */
  hash: z.string(),
  /** Added by `lamsim filter --rejected`: why the trajectory was not kept. Not hashed. */
  rejection: z.array(RejectionSchema).optional(),
});

export type TrajectoryRecord = z.infer<typeof TrajectoryRecordSchema>;
export type StepRecord = z.infer<typeof StepRecordSchema>;
export type UserTurnRecord = z.infer<typeof UserTurnSchema>;

/** The simulated user's turn after a step (the step's last observation), or undefined when it said nothing. */
export function userReplyOf(step: Pick<StepRecord, 'user' | 'observations'>): string | undefined {
  if (!step.user?.replied) return undefined;
  const last = step.observations.at(-1);
  return last?.role === 'user' ? last.content : undefined;
}
export type CandidateRecord = z.infer<typeof CandidateSchema>;
export type CallRecord = z.infer<typeof CallRecordSchema>;
export type Outcome = z.infer<typeof OutcomeSchema>;
export type Rejection = z.infer<typeof RejectionSchema>;
export type RecordMessage = z.infer<typeof ChatMessageSchema>;
export type RecordAssistantMessage = z.infer<typeof AssistantMessageSchema>;

/** A record's content: everything the collector writes except the hash. */
export type TrajectoryContent = Omit<TrajectoryRecord, 'hash' | 'rejection'>;

/** The hash a record should carry: `contentHash` of everything but `hash` and `rejection`. */
export function recordHash(record: TrajectoryContent & { hash?: string; rejection?: unknown }): string {
  const { hash: _hash, rejection: _rejection, ...content } = record;
  return contentHash(content);
}

const serializer = new StableSerializer();

/**
 * A record as one JSONL line (no newline): its content as stable JSON (sorted keys) with `hash`
 * appended last. Serialised once; the hash is `contentHash` of the content. Tool specs are taken
 * to be immutable (they are the registry's own objects) and serialised once per process.
 */
export function serializeRecord(content: TrajectoryContent): { line: string; hash: string } {
  for (const spec of content.tools) serializer.freeze(spec);
  const text = serializer.serialize(content);
  // the one-shot digest: the same sha256 without a Hash object and its stream machinery per record
  const hash = digest('sha256', text, 'hex').slice(0, 16);
  return { line: `${text.slice(0, -1)},"hash":"${hash}"}`, hash };
}

/** How a record's actions were chosen (older v1 records without the field: answer-guided when they sampled). */
export function selectionOf(record: Pick<TrajectoryRecord, 'selection' | 'policy'>): Selection {
  return record.selection ?? (record.policy.samplesPerStep > 1 ? 'answer-guided' : 'handler');
}

/** The identity of an episode: the same (env, split, index) is the same episode across runs. */
export function episodeKey(env: string, split: string, episode: number): string {
  return `${env}\u0000${split}\u0000${episode}`;
}

/** The raw action of a step or candidate (stored only when it differs from the assistant turn). */
export function rawAction(step: { assistant: RecordAssistantMessage; action?: unknown }): unknown {
  return step.action !== undefined ? step.action : step.assistant;
}

/** The parsed arguments an OpenAI-shaped action carries in its tool call `index` (undefined when absent or not JSON). */
export function carriedArguments(action: unknown, index: number): unknown {
  if (typeof action !== 'object' || action === null) return undefined;
  const calls = (action as { tool_calls?: unknown }).tool_calls;
  const text = Array.isArray(calls) ? (calls[index] as { function?: { arguments?: unknown } } | undefined)?.function?.arguments : undefined;
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text.trim() === '' ? '{}' : text) as unknown;
  } catch {
    return undefined;
  }
}

/** The arguments of call `index` of a step: stored, or read from the raw action's tool call. Undefined when unreadable. */
export function callArguments(step: Pick<StepRecord, 'assistant' | 'action' | 'calls'>, index: number): unknown {
  const call = step.calls[index];
  return call?.args !== undefined ? call.args : carriedArguments(rawAction(step), index);
}
