import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oraclePlan, ToolEnv } from '../../src/index.js';
import { MAX_RESPONSE_CHARS, toolbenchObservation, TRUNCATION_MARK } from '../../envs/toolbench/index.js';
import { env } from './helpers.js';

type Envelope = { error: string; response: unknown };
/** The last observation's envelope (text formats prefix it with `Observation: `). */
const lastMessage = (toolEnv: ToolEnv): Envelope => JSON.parse((toolEnv.observation().messages.at(-1)!.content as string).replace(/^Observation: /, '')) as Envelope;

/** The envelope as defined: the output's JSON spliced in, or cut to a marked string when too long. */
function plainObservation(output: unknown): string {
  const text = JSON.stringify(output) ?? 'null';
  if (text.length <= MAX_RESPONSE_CHARS) return `{"error":"","response":${text}}`;
  return JSON.stringify({ error: '', response: `${text.slice(0, MAX_RESPONSE_CHARS)}${TRUNCATION_MARK}` });
}

describe('ToolBench observations', () => {
  it('give the plain envelope for any sequence of outputs, text outputs repeated or not (the kept envelope of the last text)', () => {
    const text = fc.oneof(fc.constantFrom('Answer received.', '', '"', 'x'.repeat(MAX_RESPONSE_CHARS + 5)), fc.string({ unit: 'binary', maxLength: 40 }));
    const output = fc.oneof(text, fc.jsonValue({ maxDepth: 2 }));
    fc.assert(
      fc.property(fc.array(output, { maxLength: 12 }), (outputs) => {
        for (const o of outputs) expect(toolbenchObservation({ ok: true, tool: 'x', output: o as never })).toBe(plainObservation(o));
      }),
      { numRuns: 1500 },
    );
  });

  it('wrap a successful output as {"error": "", "response": <output>}', () => {
    const text = toolbenchObservation({ ok: true, tool: 'x', output: { a: [1, 2] } });
    expect(JSON.parse(text)).toEqual({ error: '', response: { a: [1, 2] } });
  });

  it('cut a response longer than the limit to a string ending in a mark, keeping the envelope valid JSON', () => {
    const long = { rows: Array.from({ length: 2000 }, (_, i) => ({ id: i, name: `row ${i}` })) };
    const parsed = JSON.parse(toolbenchObservation({ ok: true, tool: 'x', output: long })) as Envelope;
    expect(parsed.error).toBe('');
    expect(typeof parsed.response).toBe('string');
    expect((parsed.response as string).length).toBeLessThan(MAX_RESPONSE_CHARS + 100);
    expect((parsed.response as string).endsWith(TRUNCATION_MARK)).toBe(true);
  });

  it('report every failure class through the same envelope with an empty response', () => {
    const toolEnv = new ToolEnv(env, { actionFormat: 'react' });
    toolEnv.reset({ seed: 4, options: { template: 'movies.release_date' } });
    const offered = toolEnv.instance!.tools;

    toolEnv.step('Thought: try\nAction: no_such_api_for_nobody\nAction Input: {}');
    const unknown = lastMessage(toolEnv);
    expect(unknown.error).toMatch(/^No such function name: "no_such_api_for_nobody"/);
    expect(unknown.response).toBe('');

    const search = offered.find((t) => t.includes('search') || t.startsWith('find_by_title'))!;
    toolEnv.step(`Thought: try\nAction: ${search}\nAction Input: {"wrong_argument": 1}`);
    expect(lastMessage(toolEnv).error).toMatch(/unknown argument/);

    const details = offered.find((t) => /details|get_movie_for/.test(t))!;
    const idName = Object.keys((env.registry.get(details)!.jsonSchema['properties'] as object) ?? {})[0]!;
    const r = toolEnv.step(`Thought: try\nAction: ${details}\nAction Input: {"${idName}": "tt0000000"}`);
    expect(r.info.action.errorClass).toBe('execution');
    expect(lastMessage(toolEnv)).toEqual({ error: expect.stringMatching(/^404 Not Found/), response: '' });

    toolEnv.step('I think the answer is 42.');
    expect(lastMessage(toolEnv).error).toMatch(/Action/);
  });

  it('turn injected faults into ToolBench-style errors too', () => {
    const toolEnv = new ToolEnv(env, { actionFormat: 'openai', faults: { rate: 1, kinds: { rate_limit: 1, timeout: 0, server_error: 0, malformed_response: 0 } } });
    toolEnv.reset({ seed: 4, options: { template: 'weather.current_humidity' } });
    const call = oraclePlan(env, toolEnv.instance!)[0]!;
    const r = toolEnv.step({ role: 'assistant', content: null, tool_calls: [{ id: 'a', type: 'function', function: { name: call.tool, arguments: JSON.stringify(call.arguments) } }] });
    expect(r.info.action.calls[0]!.fault).toBe('rate_limit');
    expect(lastMessage(toolEnv)).toEqual({ error: expect.stringMatching(/rate limit/i), response: '' });
  });

  it('tell the agent today, the format and how to finish, in the system prompt', () => {
    for (const format of ['openai', 'xlam', 'react']) {
      const toolEnv = new ToolEnv(env, { actionFormat: format });
      const { observation } = toolEnv.reset({ seed: 8 });
      const system = observation.messages[0]!.content as string;
      expect(system).toContain(`Today is ${toolEnv.world.today}`);
      expect(system).toContain('give_answer');
      if (format === 'react') expect(system).toContain('Action Input:');
      if (format === 'xlam') expect(system).toContain('"tool_calls"');
      if (format !== 'openai') for (const t of toolEnv.instance!.tools) expect(system).toContain(t);
      expect(observation.messages[1]!.content).toBe(toolEnv.instance!.query);
    }
  });
});
