import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkArguments } from '../../src/actions/arguments.js';
import type { RegisteredTool } from '../../src/tools/registry.js';
import { hostileJson, nearValidArguments, validArguments } from '../../src/testing/index.js';
import { declaredInput } from '../../src/tools/compiled-input.js';
import { toolbenchEnvironment } from '../../envs/toolbench/index.js';
import { tools, worldArguments } from './helpers.js';
import { describeValue, outcome } from '../fixtures/parse-outcome.js';

/** The registry's entry with the tool validating through its schema of record instead. */
const declaredEntry = (entry: RegisteredTool): RegisteredTool => ({ ...entry, tool: { ...entry.tool, input: declaredInput(entry.tool.input) } });

const leaf = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(null, -0, Number.NaN, Infinity, 1.5, 0, 7, -3, 1e9, true, false, undefined, '', ' ', '2024-01-31'), fc.integer());
/** Per tool: real and schema-shaped arguments, near misses, extra and reordered keys, hostile JSON. */
function argumentsFor(tool: (typeof tools)[number]): fc.Arbitrary<unknown> {
  const schema = declaredInput(tool.input);
  const valid = validArguments(schema);
  const shuffled = valid.chain((args) => {
    if (typeof args !== 'object' || args === null || Array.isArray(args)) return fc.constant<unknown>(args);
    const keys = Object.keys(args);
    return fc.shuffledSubarray(keys, { minLength: Math.max(0, keys.length - 1) }).map((order) => Object.fromEntries(order.map((k) => [k, (args as Record<string, unknown>)[k]])));
  });
  const withLeaf = fc.tuple(valid, fc.constantFrom('__proto__', 'constructor', 'x'), leaf).map(([args, key, value]) => (typeof args === 'object' && args !== null && !Array.isArray(args) ? { ...args, [key]: value } : args));
  const swapped = fc.tuple(valid, leaf).chain(([args, value]) => {
    if (typeof args !== 'object' || args === null || Array.isArray(args) || Object.keys(args).length === 0) return fc.constant<unknown>(args);
    return fc.constantFrom(...Object.keys(args)).map((key) => ({ ...args, [key]: value }));
  });
  const arbitraries: fc.Arbitrary<unknown>[] = [valid, shuffled, withLeaf, swapped, nearValidArguments(schema).map((m) => m.args), hostileJson];
  if (tool.terminal !== true) arbitraries.push(worldArguments(tool));
  return fc.oneof(...arbitraries);
}

describe('ToolBench tool inputs (zod compiled)', () => {
  const registry = toolbenchEnvironment.registry;

  it('every tool validates through a compiled form of a declared schema', () => {
    for (const tool of tools) expect(declaredInput(tool.input), tool.name).not.toBe(tool.input);
  });

  it('give exactly what the declared schema gives (value, key order, issues, the env\'s error text)', () => {
    let successes = 0;
    let failures = 0;
    for (const tool of tools) {
      const entry = registry.get(tool.name)!;
      const plain = declaredEntry(entry);
      const schema = declaredInput(tool.input);
      fc.assert(
        fc.property(argumentsFor(tool), (args) => {
          const compiled = tool.input.safeParse(args);
          expect(outcome(compiled)).toEqual(outcome(schema.safeParse(args)));
          expect(checkArguments(entry, args)).toEqual(checkArguments(plain, args));
          if (compiled.success) successes++;
          else failures++;
        }),
        { numRuns: 120, seed: tool.name.length * 7919 },
      );
    }
    expect(successes).toBeGreaterThan(tools.length * 20);
    expect(failures).toBeGreaterThan(tools.length * 20);
  });

  it('keep each tool\'s JSON Schema', () => {
    for (const tool of tools) expect(z.toJSONSchema(tool.input, { io: 'input', unrepresentable: 'any' })).toEqual(z.toJSONSchema(declaredInput(tool.input), { io: 'input', unrepresentable: 'any' }));
  });
});
