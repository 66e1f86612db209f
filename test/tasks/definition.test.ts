import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defineEnvironment, defineTemplate, ref, ToolEnv, type EnvironmentDefinition } from '../../src/index.js';
import { kvEnvironment, kvTemplates, kvTools } from '../fixtures/kv-env.js';

const base = kvEnvironment.definition as EnvironmentDefinition;

describe('definition-time checks', () => {
  it('rejects a template whose path cannot be realised with the tools a split offers', () => {
    expect(() =>
      defineEnvironment({
        ...base,
        splits: { ...base.splits, narrow: { description: 'no reader at all', templates: () => true, tools: (t) => t.name !== 'get_value' && t.name !== 'lookup_value' } },
      }),
    ).toThrow(/template "?read_one"? cannot be realised in split narrow: no provider of get_value \(capability kv.get\)/);
  });

  it('rejects a path that names an alternate provider, an unknown tool or the terminal tool', () => {
    const withPath = (tool: string) =>
      defineEnvironment({
        ...base,
        templates: [defineTemplate({ ...kvTemplates[0]!, path: [{ tool, args: { key: ref.placeholder('key') } }] })],
      });
    expect(() => withPath('lookup_value')).toThrow(/alternate provider/);
    expect(() => withPath('no_such_tool')).toThrow(/does not exist/);
    expect(() => withPath('Finish')).toThrow(/must not call the terminal tool/);
  });

  it('rejects slots without placeholders and references to later steps', () => {
    expect(() => defineTemplate({ ...kvTemplates[0]!, text: 'What is {nothing}?' })).toThrow(/text slot \{nothing\} has no placeholder/);
    expect(() =>
      defineTemplate({
        ...kvTemplates[0]!,
        path: [
          { name: 'first', tool: 'get_value', args: { key: ref.output('second', 'key') } },
          { name: 'second', tool: 'get_value', args: { key: ref.placeholder('key') } },
        ],
      }),
    ).toThrow(/reads step second, which does not come before it/);
  });

  it('rejects a finish tool that is missing or not terminal, and a bad id', () => {
    expect(() => defineEnvironment({ ...base, finish: { ...base.finish, tool: 'Done' } })).toThrow(/finish tool Done/);
    expect(() => defineEnvironment({ ...base, finish: { ...base.finish, tool: 'get_value' } })).toThrow(/must be marked terminal/);
    expect(() => defineEnvironment({ ...base, id: 'kv' })).toThrow(/must look like Name-v0/);
  });

  it('explains a template that can never produce an instance', () => {
    const env = defineEnvironment({
      ...base,
      templates: [defineTemplate({ ...kvTemplates[0]!, id: 'never', placeholders: { key: { schema: z.string(), description: 'a key that does not exist', sample: () => 'missing' } } })],
    });
    expect(() => env.generate({ template: 'never', seed: 1 })).toThrow(/template never: no valid instance in this world after 1000 draws \(get_value: no key missing/);
  });
});

describe('instance generation', () => {
  it('is a pure function of (template, seed, split)', () => {
    for (let seed = 0; seed < 30; seed++) {
      expect(kvEnvironment.generate({ template: 'copy_sum', seed, split: 'test' })).toEqual(kvEnvironment.generate({ template: 'copy_sum', seed, split: 'test' }));
    }
  });

  it('adding a template does not change the instances of another', () => {
    const extra = defineTemplate({ ...kvTemplates[0]!, id: 'read_again' });
    const bigger = defineEnvironment({ ...base, templates: [...kvTemplates, extra] });
    for (let seed = 0; seed < 20; seed++) {
      expect(bigger.generate({ template: 'read_one', seed })).toEqual(kvEnvironment.generate({ template: 'read_one', seed }));
    }
  });

  it('offers alternate providers and distractors, and records the solution and ground truth', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 60; seed++) {
      const instance = kvEnvironment.generate({ template: 'read_one', seed });
      expect(instance.worldSeed).toBe(kvEnvironment.worldSeedFor({ seed }));
      expect(instance.tools.at(-1)).toBe('Finish');
      expect(instance.tools.some((t) => t === 'get_value' || t === 'lookup_value')).toBe(true);
      expect(instance.tools.length).toBeGreaterThanOrEqual(3);
      instance.tools.forEach((t) => seen.add(t));
      const world = kvEnvironment.world(instance.worldSeed);
      expect(instance.groundTruth).toBe(world.values[instance.values['key'] as string]);
      expect(instance.solution.calls).toEqual([{ tool: 'get_value', arguments: { key: instance.values['key'] } }]);
    }
    expect(seen.has('lookup_value')).toBe(true);
    expect(seen.has('get_value')).toBe(true);
  });

  it('the test split never offers a tool it holds out', () => {
    for (let seed = 0; seed < 100; seed++) {
      const env = new ToolEnv(kvEnvironment, { split: 'test' });
      env.reset({ seed });
      expect(env.instance!.tools).not.toContain('get_value');
    }
    expect(kvTools.length).toBe(5);
  });
});
