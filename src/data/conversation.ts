import { changesConversation } from '../rollout/filter.js';
import type { RecordAssistantMessage, RecordMessage, StepRecord, TrajectoryRecord } from '../rollout/record.js';

/** Messages of the conversation in the chat shape the environment wrote (OpenAI chat messages). */
export type Message = RecordMessage;

/** The conversation's opening: the system prompt and the user's query. */
export function opening(record: Pick<TrajectoryRecord, 'system' | 'user'>): Message[] {
  return [
    { role: 'system', content: record.system },
    { role: 'user', content: record.user },
  ];
}

/**
 * The assistant turn as the agent wrote it. The env's transcript echoes an action cut to 20,000
 * characters; the raw action (kept in the record whenever it differs) restores what was written.
 */
export function writtenAssistant(step: { assistant: RecordAssistantMessage; action?: unknown }): RecordAssistantMessage {
  const raw = step.action;
  const echoed = step.assistant;
  if (raw === undefined) return echoed;
  if (typeof raw === 'string') return echoed.tool_calls ? echoed : { role: 'assistant', content: raw };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return echoed;
  const message = raw as { content?: unknown; tool_calls?: unknown };
  if (echoed.tool_calls && Array.isArray(message.tool_calls)) {
    const rawCalls = message.tool_calls as { function?: { arguments?: unknown } }[];
    const tool_calls = echoed.tool_calls.map((call, i) => {
      const args = rawCalls[i]?.function?.arguments;
      return typeof args === 'string' ? { ...call, function: { ...call.function, arguments: args } } : call;
    });
    return { ...echoed, ...(typeof message.content === 'string' ? { content: message.content } : {}), tool_calls };
  }
  if (!echoed.tool_calls && typeof message.content === 'string') return { role: 'assistant', content: message.content };
  return echoed;
}

export function stepMessages(step: StepRecord): Message[] {
  return [writtenAssistant(step), ...step.observations];
}

/** The whole conversation: what the agent read, and each assistant turn as it wrote it. */
export function transcript(record: TrajectoryRecord): Message[] {
  return [...opening(record), ...record.steps.flatMap(stepMessages)];
}

/** The conversation up to (not including) step `index`: the prompt a step-level pair shares. */
export function prefixBefore(record: TrajectoryRecord, index: number): Message[] {
  return [...opening(record), ...record.steps.slice(0, index).flatMap(stepMessages)];
}

/** Drops messages after the last assistant turn (the reply to the final answer, or feedback to a last failed action). */
export function endAtAssistant(messages: Message[]): Message[] {
  let end = messages.length;
  while (end > 0 && messages[end - 1]!.role !== 'assistant') end--;
  return messages.slice(0, end);
}

/**
 * The conversation to train on. By default failed steps (each fixed by the next one in a kept
 * trajectory) are dropped with their feedback, so the model learns the clean path; a failed call
 * changes no state, so what remains is a conversation the environment would have produced. It ends
 * with the final assistant turn. In a multi-turn episode a failed message whose user reply gave a
 * withheld detail is kept (later steps use that detail; the filter rejects such trajectories).
 */
export function trainingConversation(record: TrajectoryRecord, options: { withErrors?: boolean } = {}): Message[] {
  const steps = options.withErrors ? record.steps : record.steps.filter((s) => s.ok || changesConversation(s));
  return endAtAssistant([...opening(record), ...steps.flatMap(stepMessages)]);
}

export function isAssistant(message: Message): message is RecordAssistantMessage {
  return message.role === 'assistant';
}
