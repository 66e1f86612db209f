import { z } from 'zod';

/**
 * The trainer formats of reference/dataset-formats.md as zod schemas, written from the reference
 * (not from the exporters), strict so that a stray field fails.
 */

const ToolSpec = z.object({
  type: z.literal('function'),
  function: z.object({ name: z.string().min(1), description: z.string(), parameters: z.object({ type: z.literal('object') }).loose() }).strict(),
}).strict();

// --- Hugging Face TRL -------------------------------------------------------------------------
// ids as Mistral's templates demand them; arguments always an object (a malformed call is a text turn)
const CallId = z.string().regex(/^[A-Za-z0-9]{9}$/);
const TrlToolCall = z.object({ id: CallId, type: z.literal('function'), function: z.object({ name: z.string(), arguments: z.record(z.string(), z.unknown()) }).strict() }).strict();
const TrlMessage = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: z.string() }).strict(),
  z.object({ role: z.literal('user'), content: z.string() }).strict(),
  z.object({ role: z.literal('assistant'), content: z.string(), tool_calls: z.array(TrlToolCall).min(1).optional() }).strict(),
  z.object({ role: z.literal('tool'), tool_call_id: CallId, name: z.string(), content: z.string() }).strict(),
]);
export const TrlSftLine = z.object({ messages: z.array(TrlMessage).min(3), tools: z.array(ToolSpec).min(1) }).strict();
export const TrlDpoLine = z.object({ prompt: z.array(TrlMessage).min(2), chosen: z.array(TrlMessage).min(1), rejected: z.array(TrlMessage).min(1), tools: z.array(ToolSpec).min(1), from_kept_trajectory: z.boolean() }).strict();

// --- OpenAI fine-tuning ------------------------------------------------------------------------
const OpenAiToolCall = z.object({ id: CallId, type: z.literal('function'), function: z.object({ name: z.string(), arguments: z.string() }).strict() }).strict();
const OpenAiMessage = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: z.string() }).strict(),
  z.object({ role: z.literal('user'), content: z.string() }).strict(),
  z.object({ role: z.literal('assistant'), content: z.string(), tool_calls: z.array(OpenAiToolCall).min(1).optional() }).strict(),
  z.object({ role: z.literal('tool'), tool_call_id: CallId, content: z.string() }).strict(),
]);
/** Every tool reply answers a call made earlier in the conversation. */
const callsAnswered = (messages: z.infer<typeof OpenAiMessage>[]): boolean => {
  const ids = new Set<string>();
  for (const m of messages) {
    if (m.role === 'assistant') for (const c of m.tool_calls ?? []) ids.add(c.id);
    if (m.role === 'tool' && !ids.has(m.tool_call_id)) return false;
  }
  return true;
};
export const OpenAiSftLine = z
  .object({ messages: z.array(OpenAiMessage).min(3).refine(callsAnswered, 'a tool reply names an unknown call id'), tools: z.array(ToolSpec).min(1), parallel_tool_calls: z.literal(false) })
  .strict()
  .refine((l) => l.messages.at(-1)!.role === 'assistant', 'ends with the assistant');
const OneAssistant = z.array(OpenAiMessage).length(1).refine((m) => m[0]!.role === 'assistant', 'one assistant message');
export const OpenAiDpoLine = z
  .object({
    input: z.object({ messages: z.array(OpenAiMessage).min(2).refine(callsAnswered, 'a tool reply names an unknown call id'), tools: z.array(ToolSpec).min(1), parallel_tool_calls: z.literal(false) }).strict(),
    preferred_output: OneAssistant,
    non_preferred_output: OneAssistant,
  })
  .strict();

// --- LLaMA-Factory ShareGPT ---------------------------------------------------------------------
const Turn = z.object({ from: z.enum(['human', 'gpt', 'function_call', 'observation']), value: z.string() }).strict();
const alternates = (turns: z.infer<typeof Turn>[]): boolean =>
  turns.every((t, i) => (i % 2 === 0 ? t.from === 'human' || t.from === 'observation' : t.from === 'gpt' || t.from === 'function_call'));
const functionCallsParse = (turns: z.infer<typeof Turn>[]): boolean =>
  turns.every((t) => {
    if (t.from !== 'function_call') return true;
    const v = JSON.parse(t.value);
    const calls = Array.isArray(v) ? v : [v];
    return calls.every((c) => typeof c.name === 'string' && 'arguments' in c);
  });
const shareGptTools = z.string().refine((s) => {
  const v = JSON.parse(s);
  return Array.isArray(v) && v.every((t) => typeof t.name === 'string' && typeof t.description === 'string' && typeof t.parameters === 'object');
}, 'a JSON list of {name, description, parameters}');
export const ShareGptLine = z
  .object({ conversations: z.array(Turn).min(2).refine(alternates, 'human/observation at odd positions, gpt/function_call at even ones').refine(functionCallsParse, 'function_call values are calls'), system: z.string(), tools: shareGptTools })
  .strict()
  .refine((l) => l.conversations.length % 2 === 0, 'ends with gpt or function_call');
export const ShareGptDpoLine = z
  .object({
    conversations: z.array(Turn).min(1).refine(alternates, 'human/observation at odd positions, gpt/function_call at even ones'),
    chosen: Turn.refine((t) => t.from === 'gpt' || t.from === 'function_call'),
    rejected: Turn.refine((t) => t.from === 'gpt' || t.from === 'function_call'),
    system: z.string(),
    tools: shareGptTools,
    from_kept_trajectory: z.boolean(),
  })
  .strict()
  .refine((l) => l.conversations.length % 2 === 1, 'the prompt ends with human or observation');

// --- xLAM / APIGen ---------------------------------------------------------------------------------
const XlamParameter = z
  .object({ type: z.string().regex(/^(str|int|float|bool|dict|Any|None|(List|Dict|Union|Optional|Literal)\[.+\])(, optional)?$/), description: z.string(), default: z.unknown().optional(), schema: z.record(z.string(), z.unknown()).optional() })
  .catchall(z.union([z.string(), z.number(), z.boolean()]));
const XlamTool = z.object({ name: z.string(), description: z.string(), parameters: z.record(z.string(), XlamParameter) }).strict();
const XlamAnswer = z.object({ name: z.string(), arguments: z.record(z.string(), z.unknown()) }).strict();
export const XlamLine = z
  .object({
    id: z.number().int().positive(),
    query: z.string().min(1),
    tools: z.string().transform((s, ctx) => {
      const parsed = z.array(XlamTool).min(1).safeParse(JSON.parse(s));
      if (!parsed.success) ctx.addIssue({ code: 'custom', message: `tools: ${parsed.error.message}` });
      return parsed.data ?? [];
    }),
    answers: z.string().transform((s, ctx) => {
      const parsed = z.array(XlamAnswer).min(1).safeParse(JSON.parse(s));
      if (!parsed.success) ctx.addIssue({ code: 'custom', message: `answers: ${parsed.error.message}` });
      return parsed.data ?? [];
    }),
    system: z.string().min(1),
    history: z.string().refine((s) => z.array(z.object({ step_id: z.number().int().positive(), thought: z.string(), tool_calls: z.array(XlamAnswer), next_observation: z.string(), user_input: z.string().optional() }).strict()).safeParse(JSON.parse(s)).success, 'history: steps with calls and observations'),
  })
  .strict()
  .refine((l) => l.answers.every((a) => l.tools.some((t) => t.name === a.name)), 'every answer calls an offered tool');

export const FORMAT_SCHEMAS = {
  'trl-sft': TrlSftLine,
  'trl-dpo': TrlDpoLine,
  'openai-sft': OpenAiSftLine,
  'openai-dpo': OpenAiDpoLine,
  sharegpt: ShareGptLine,
  'sharegpt-dpo': ShareGptDpoLine,
  xlam: XlamLine,
} as const;
