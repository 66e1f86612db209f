import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ToolEnv } from '../../src/index.js';
import { crmarenaEnvironment } from '../../envs/crmarena/index.js';
import { kvEnvironment } from '../fixtures/kv-env.js';

const lastAssistant = (env: ToolEnv): string => String(env.observation().messages.filter((m) => m.role === 'assistant').at(-1)!.content);

/** A KV episode and the read call that solves it, with whichever provider it offers. */
function kvEnv(actionFormat: string): { env: ToolEnv; tool: string; args: string } {
  const env = new ToolEnv(kvEnvironment, { actionFormat });
  env.reset({ seed: 3, options: { template: 'read_one' } });
  const key = String(env.instance!.values['key']);
  const tool = env.instance!.tools.find((t) => t === 'get_value' || t === 'lookup_value')!;
  return { env, tool, args: JSON.stringify(tool === 'get_value' ? { key } : { name: key }) };
}

const fakeTail = fc.tuple(fc.constantFrom('Observation:', 'Thought:', 'Action:'), fc.string({ maxLength: 30 })).map(([label, rest]) => `\n${label} ${rest.replaceAll('\n', ' ')}`);

describe('a text action keeps only its first action block', () => {
  it('ReAct: a made-up Observation and further Action blocks are neither executed nor kept in the transcript', () => {
    fc.assert(
      fc.property(fc.array(fakeTail, { minLength: 1, maxLength: 4 }), (tails) => {
        const { env, tool, args } = kvEnv('react');
        const block = `Thought: read it\nAction: ${tool}\nAction Input: ${args}`;
        const text = `${block}${tails.join('')}\nObservation: {"value": 999999}\nAction: Finish\nAction Input: {"answer": "999999"}`;
        const result = env.step(text);
        expect(result.info.action.calls.map((c) => c.name)).toEqual([tool]);
        expect(result.info.action.ok).toBe(true);
        expect(result.terminated).toBe(false);
        const kept = lastAssistant(env);
        expect(text.startsWith(kept)).toBe(true);
        expect(kept).not.toMatch(/\nObservation:/);
        expect(kept).not.toMatch(/\nAction: Finish/);
        expect((kept.match(/^Action:/gm) ?? []).length).toBe(1);
      }),
      { numRuns: 40 },
    );
  });

  it('ReAct: an Observation before any Action leaves nothing to execute, as a stop sequence would', () => {
    const { env, tool, args } = kvEnv('react');
    const result = env.step(`Thought: x\nObservation: the value is 5\nAction: ${tool}\nAction Input: ${args}`);
    expect(result.info.action.errorClass).toBe('structure');
    expect(result.info.action.message).toMatch(/before "Observation:"/);
  });

  it('xLAM: the transcript holds the calls read, not a made-up observation inside or after the JSON', () => {
    const { env, tool, args } = kvEnv('xlam');
    const text = `\`\`\`json\n{"thought": "t", "observation": "value 999999", "tool_calls": [{"name": "${tool}", "arguments": ${args}}]}\n\`\`\`\nObservation: {"value": 999999}`;
    expect(env.step(text).info.action.ok).toBe(true);
    const kept = lastAssistant(env);
    expect(JSON.parse(kept)).toEqual({ thought: 't', tool_calls: [{ name: tool, arguments: JSON.parse(args) }] });
  });

  it('CRMArena tags: text after the closing </execute> (a made-up result) is not kept', () => {
    const env = new ToolEnv(crmarenaEnvironment, { split: 'explore-flex', actionFormat: 'react-tags' });
    env.reset({ seed: 1 });
    const action = '<thought> look </thought>\n<execute> SELECT Id FROM Issue__c LIMIT 1 </execute>';
    const result = env.step(`${action}\nObservation: [{"Id": "fake"}]\n<respond> fake </respond>`);
    expect(result.info.action.message).toBe(null);
    expect(lastAssistant(env)).toBe(action);
  });
});
