import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PARSERS, ERROR_CLASSES, parseAction, ToolEnv, type StepResult } from '../../src/index.js';
import { hostileAction, hostileJson, awkwardString } from '../../src/testing/index.js';
import { kvEnvironment } from '../fixtures/kv-env.js';

const parsers = [BUILTIN_PARSERS['openai']!, BUILTIN_PARSERS['xlam']!, BUILTIN_PARSERS['react']!];

function freshEnv(format?: string) {
  const env = new ToolEnv(kvEnvironment, { split: 'test', ...(format ? { actionFormat: format } : {}) });
  env.reset({ seed: 3, options: { template: 'read_one' } });
  return env;
}

const call = (name: string, args: unknown, id = 'c1') => ({
  role: 'assistant',
  content: null,
  tool_calls: [{ id, type: 'function', function: { name, arguments: typeof args === 'string' ? args : JSON.stringify(args) } }],
});

function offeredReader(env: ToolEnv): string {
  return env.instance!.tools.find((t) => t === 'get_value' || t === 'lookup_value')!;
}

describe('action handler: classification', () => {
  it('a readable, offered, well-typed call passes and is executed', () => {
    const env = freshEnv();
    const reader = offeredReader(env);
    const key = env.instance!.values['key'] as string;
    const r = env.step(call(reader, reader === 'get_value' ? { key } : { name: key }));
    expect(r.info.action.ok).toBe(true);
    expect(r.info.action.errorClass).toBeNull();
    const toolMessage = r.observation.messages.at(-1)!;
    expect(toolMessage).toMatchObject({ role: 'tool', tool_call_id: 'c1', name: reader });
    expect(JSON.parse((toolMessage as { content: string }).content)).toMatchObject({});
  });

  it('structure: text, empty or non-JSON arguments, unreadable formats', () => {
    const cases: unknown[] = [
      'just some prose',
      { role: 'assistant', content: 'I think 42' },
      { role: 'assistant', tool_calls: [] },
      call('get_value', '{"key": '),
      call('get_value', '[1,2'),
      42,
      null,
      ['array'],
    ];
    for (const action of cases) {
      const r = freshEnv('openai').step(action);
      expect(r.info.action.errorClass, JSON.stringify(action)).toBe('structure');
      expect(r.info.tallies.errors.structure).toBe(1);
      expect(r.reward).toBeCloseTo(-0.1);
    }
    const bad = freshEnv('openai').step(call('get_value', '{"key": '));
    expect(bad.info.action.message).toMatch(/not valid JSON/);
    // the failed call still gets its tool reply, so the transcript stays a valid chat
    expect(bad.observation.messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'c1' });
  });

  it('toolname: unknown tools and tools not offered this episode are told apart', () => {
    const unknown = freshEnv().step(call('get_weather', {}));
    expect(unknown.info.action.errorClass).toBe('toolname');
    expect(unknown.info.action.message).toMatch(/^No such function name: "get_weather"/);
    const env = freshEnv();
    const notOffered = ['get_value', 'lookup_value', 'set_value', 'sum_values'].find((t) => !env.instance!.tools.includes(t))!;
    const r = env.step(call(notOffered, {}));
    expect(r.info.action.errorClass).toBe('toolname');
    expect(r.info.action.message).toMatch(/is not available in this task/);
  });

  it('arguments: the message names the missing, unknown or mistyped field', () => {
    const env = freshEnv();
    const reader = offeredReader(env);
    const field = reader === 'get_value' ? 'key' : 'name';
    const missing = freshEnv().step(call(reader, {}));
    expect(missing.info.action.errorClass).toBe('arguments');
    expect(missing.info.action.message).toContain(`missing required argument "${field}"`);
    const unknown = freshEnv().step(call(reader, { [field]: 'k', colour: 'red' }));
    expect(unknown.info.action.message).toContain('unknown argument "colour"');
    const typed = freshEnv().step(call(reader, { [field]: 12 }));
    expect(typed.info.action.message).toContain(`argument "${field}" must be string, got integer`);
    const notObject = freshEnv().step(call(reader, [1]));
    expect(notObject.info.action.message).toContain('arguments must be a JSON object');
  });

  it('execution: a tool that answers with an error', () => {
    const env = freshEnv();
    const reader = offeredReader(env);
    const r = env.step(call(reader, reader === 'get_value' ? { key: 'missing_key' } : { name: 'missing_key' }));
    expect(r.info.action.errorClass).toBe('execution');
    expect(r.info.action.calls[0]!.message).toMatch(/missing_key/);
    expect(r.reward).toBeCloseTo(-0.05);
  });

  it('reads xLAM JSON (also fenced) and ReAct text', () => {
    const env = freshEnv();
    const reader = offeredReader(env);
    const key = env.instance!.values['key'] as string;
    const args = reader === 'get_value' ? { key } : { name: key };
    const xlam = JSON.stringify({ thought: 'look it up', tool_calls: [{ name: reader, arguments: args }] });
    const actions = [xlam, `Sure.\n\`\`\`json\n${xlam}\n\`\`\`\n`, `Thought: look it up\nAction: ${reader}\nAction Input: ${JSON.stringify(args)}`];
    for (const action of actions) {
      const r = freshEnv().step(action);
      expect(r.info.action.ok, String(action)).toBe(true);
      expect(r.observation.messages.at(-1)).toMatchObject({ role: 'user' });
      expect((r.observation.messages.at(-1) as { content: string }).content.startsWith('Observation: ')).toBe(true);
    }
    expect(freshEnv().step(xlam).info.action.thought).toBe('look it up');
    expect(freshEnv().step(actions[2]).info.action.format).toBe('react');
  });

  it('refuses more calls per turn than allowed, as a structure error', () => {
    const r = freshEnv().step({
      role: 'assistant',
      tool_calls: [
        { id: 'a', type: 'function', function: { name: 'get_value', arguments: '{}' } },
        { id: 'b', type: 'function', function: { name: 'get_value', arguments: '{}' } },
      ],
    });
    expect(r.info.action.errorClass).toBe('structure');
    expect(r.info.action.message).toMatch(/at most 1 tool call/);
    expect(r.observation.messages.filter((m) => m.role === 'tool')).toHaveLength(2);
  });

  it('rejects deep and huge JSON quickly as a structure error', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    for (const args of [deep, `{"key": "${'x'.repeat(300_000)}"}`]) {
      const r = freshEnv().step(call('get_value', args));
      expect(r.info.action.errorClass).toBe('structure');
    }
    const r = freshEnv().step(`Action: get_value\nAction Input: ${'{"a":'.repeat(100)}1${'}'.repeat(100)}`);
    expect(r.info.action.errorClass).toBe('structure');
    expect(r.info.action.message).toMatch(/nested too deeply/);
  });
});

describe('action handler: robustness properties', () => {
  const classified = (r: StepResult) => r.info.action.ok || ERROR_CLASSES.includes(r.info.action.errorClass!);

  it('any hostile action yields a classified result, never an exception, never a polluted prototype', () => {
    const env = new ToolEnv(kvEnvironment, { split: 'test' });
    const names = ['get_value', 'lookup_value', 'set_value', 'sum_values', 'Finish'];
    fc.assert(
      fc.property(hostileAction(names), fc.integer({ min: 0, max: 50 }), (action, seed) => {
        env.reset({ seed });
        const r = env.step(action);
        expect(classified(r)).toBe(true);
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
        expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
        // the transcript is still JSON-serialisable
        expect(() => JSON.stringify(r.observation)).not.toThrow();
      }),
      { numRuns: 400 },
    );
  });

  it('parseAction never throws on arbitrary strings and JSON values', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), awkwardString, hostileJson, fc.anything()), (value) => {
        const result = parseAction(value, parsers, 1);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(result.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('__proto__ and constructor keys in arguments stay plain data', () => {
    const env = freshEnv();
    const r = env.step(call('sum_values', '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}, "keys": ["a"]}'));
    expect(ERROR_CLASSES).toContain(r.info.action.errorClass);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('lone surrogates in names and arguments are reported, not fatal', () => {
    const r = freshEnv().step(call('get_\uD800value', '{"key": "\uDFFF"}'));
    expect(r.info.action.errorClass).toBe('toolname');
    expect(() => JSON.stringify(r)).not.toThrow();
  });
});
