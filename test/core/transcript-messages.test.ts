import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ActionReport, CallReport, ObservationFormatter } from '../../src/actions/handler.js';
import { openaiParser } from '../../src/actions/parse-openai.js';
import { reactParser } from '../../src/actions/parse-react.js';
import type { ChatMessage } from '../../src/core/messages.js';
import { assistantTurn, stepMessages, truncate, type TranscriptStyle } from '../../src/core/transcript.js';

/** The plain definition stepMessages is held to: one message pushed at a time (before the one-call literals). */
function plainStepMessages(action: unknown, report: ActionReport, userReply: string | null, style: TranscriptStyle, hint: string): ChatMessage[] {
  const assistant = plainAssistantTurn(action, report);
  const added: ChatMessage[] = [assistant];
  const max = style.maxObservation;
  if (assistant.role === 'assistant' && assistant.tool_calls !== undefined) {
    for (const call of report.calls) added.push({ role: 'tool', tool_call_id: call.id, name: call.name, content: truncate(call.observation, max) });
  } else if (report.calls.length > 0) {
    if (userReply === null || report.calls.length > 1) added.push({ role: 'user', content: truncate(`Observation: ${report.calls.map((c) => c.observation).join('\n')}`, max) });
  } else {
    const feedback = style.observe({ ok: false, tool: '', errorClass: 'structure', message: `${report.message ?? 'unreadable action'}. Expected: ${hint}`, status: 'bad_format' });
    added.push({ role: 'user', content: truncate(feedback, max) });
  }
  if (userReply !== null) added.push({ role: 'user', content: truncate(userReply, max) });
  return added;
}

/** assistantTurn with its tool calls by `map` over every call (before the one-call literal): only the openai branch differs. */
function plainAssistantTurn(action: unknown, report: ActionReport): ChatMessage {
  const turn = assistantTurn(action, report);
  if (turn.role !== 'assistant' || turn.tool_calls === undefined) return turn;
  const rawCalls = (action as { tool_calls: unknown[] }).tool_calls;
  const echo = (value: unknown): string => assistantTurn(value, { ...report, text: undefined, format: 'none', calls: [] }).content as string;
  const tool_calls = report.calls.map((call, i) => {
    const args = (rawCalls[i] as { function?: { arguments?: unknown } } | undefined)?.function?.arguments;
    return { id: call.id, type: 'function' as const, function: { name: echo(call.name), arguments: typeof args === 'string' ? echo(args) : echo(args ?? {}) } };
  });
  return { role: 'assistant', content: turn.content ?? null, tool_calls };
}

const observe: ObservationFormatter = (r) => (r.ok ? JSON.stringify(r.output) : `Error: ${r.message}`);

const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', 'x'.repeat(70), 'Observation: a\nb'));

const call = fc.record({ id: fc.string({ maxLength: 6 }), name: fc.string({ maxLength: 8 }), observation: text, ok: fc.boolean() }).map(
  (c): CallReport => ({ id: c.id, name: c.name, args: {}, ok: c.ok, errorClass: c.ok ? null : 'execution', message: c.ok ? null : 'no', fault: null, output: undefined, observation: c.observation, executed: true }),
);

const rawCall = fc.record({
  id: fc.string({ maxLength: 4 }),
  function: fc.record({ name: fc.string({ maxLength: 8 }), arguments: fc.oneof(fc.string({ maxLength: 30 }), fc.constant(undefined), fc.dictionary(fc.string({ maxLength: 3 }), fc.integer())) }, { requiredKeys: [] }),
});

const action = fc.oneof(
  text,
  fc.record({ role: fc.constant('assistant'), content: fc.oneof(text, fc.constant(null)), tool_calls: fc.array(rawCall, { maxLength: 3 }) }),
  fc.record({ content: text }),
  fc.constant(null),
);

describe('stepMessages', () => {
  it('gives the messages the push-at-a-time definition gives, for message and text formats, with and without a user reply', () => {
    fc.assert(
      fc.property(action, fc.array(call, { maxLength: 3 }), fc.constantFrom('openai', 'react'), fc.option(text, { nil: undefined }), fc.option(text, { nil: null }), fc.option(text, { nil: null }), fc.integer({ min: 5, max: 80 }), (act, calls, format, readText, userReply, message, max) => {
        const report: ActionReport = { format, ok: calls.length > 0, errorClass: null, message, thought: null, calls, final: null, ...(readText !== undefined && format === 'react' ? { text: readText } : {}) };
        const style: TranscriptStyle = { maxObservation: max, observe };
        const parsers = format === 'openai' ? [openaiParser] : [reactParser];
        const got = stepMessages(act, report, userReply, style, parsers);
        expect(got).toEqual(plainStepMessages(act, report, userReply, style, parsers[0]!.hint));
        expect(JSON.stringify(got)).toBe(JSON.stringify(plainStepMessages(act, report, userReply, style, parsers[0]!.hint)));
        // Every slot is filled: arrays made at their final length hold no hole.
        expect(Object.keys(got).length).toBe(got.length);
      }),
      { numRuns: 3000 },
    );
  });
});
