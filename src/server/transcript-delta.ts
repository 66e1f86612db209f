import type { ChatMessage, ToolSpec } from '../core/messages.js';
import type { Observation } from '../core/env.js';
import { HttpError } from './http-error.js';

/** What a session's client was last sent: how many messages, the last of them, and the tool list. */
export interface SentTranscript {
  count: number;
  last: ChatMessage | undefined;
  tools: readonly ToolSpec[] | undefined;
}

/**
 * A step's observation as the wire carries it by default: the messages from index `from` on (the
 * ones the client has not seen), and the tools only when they changed. The client appends
 * `messages` to the first `from` messages it holds. `observation.messages` always extends the
 * transcript last sent (checked by identity of the last message); if it ever does not, the whole
 * transcript is sent with `from: 0`.
 */
export interface ObservationDelta {
  readonly from: number;
  readonly messages: readonly ChatMessage[];
  readonly tools?: readonly ToolSpec[];
}

export const emptySent = (): SentTranscript => ({ count: 0, last: undefined, tools: undefined });

/** Records that the full observation was sent (reset, creation, restore). */
export function markSent(sent: SentTranscript, observation: Observation): void {
  sent.count = observation.messages.length;
  sent.last = observation.messages[sent.count - 1];
  sent.tools = observation.tools;
}

/**
 * The part of `observation` a client holding `since` messages (default: what it was last sent)
 * lacks; marks the whole observation sent.
 */
export function observationDelta(sent: SentTranscript, observation: Observation, since?: number): ObservationDelta {
  const { messages, tools } = observation;
  let from = since ?? sent.count;
  if (from > messages.length) throw new HttpError(400, 'invalid_request', `since=${from} is past the transcript's ${messages.length} messages`);
  if (since === undefined && (from > 0 && messages[from - 1] !== sent.last)) from = 0;
  const delta: ObservationDelta = tools === sent.tools && since === undefined ? { from, messages: messages.slice(from) } : { from, messages: messages.slice(from), tools };
  markSent(sent, observation);
  return delta;
}
