import fc from 'fast-check';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defineEnvironment, defineTool, ToolEnv, type EnvironmentDefinition } from '../../src/index.js';
import { checkEnv, EnvCheckError, hostileAction, hostileJson, nearValidArguments, validArguments } from '../../src/testing/index.js';
import { checkShape } from '../../src/actions/safe-json.js';
import { kvEnvironment, kvTools } from '../fixtures/kv-env.js';

const rich = z.object({
  title: z.string().min(2).max(30),
  year: z.number().int().min(1900).max(2030),
  rating: z.number().min(0).max(10).optional(),
  genre: z.enum(['drama', 'comedy', 'horror']),
  tags: z.array(z.string()).max(4).default([]),
  released: z.iso.date(),
  adult: z.boolean().nullable(),
});

describe('arbitraries from zod schemas', () => {
  it('validArguments always satisfy the schema', () => {
    fc.assert(fc.property(validArguments(rich), (args) => {
      expect(rich.safeParse(args).success).toBe(true);
    }), { numRuns: 300 });
  });

  it('nearValidArguments are rejected by the schema or by the unknown-field check', () => {
    fc.assert(
      fc.property(nearValidArguments(rich), ({ args, mutation }) => {
        if (mutation === 'unknown-field') {
          expect(Object.keys(args as object).some((k) => !Object.hasOwn(rich.shape, k))).toBe(true);
        } else {
          expect(rich.safeParse(args).success).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('near-valid arguments to any KV tool are an arguments error through env.step', () => {
    const env = new ToolEnv(kvEnvironment, { split: 'train' });
    for (const tool of kvTools.filter((t) => t.name !== 'Finish')) {
      fc.assert(
        fc.property(nearValidArguments(tool.input), fc.integer({ min: 0, max: 1000 }), ({ args }, seed) => {
          env.reset({ seed });
          // make the tool offered for this check: use an instance whose offer includes it, or skip
          if (!env.instance!.tools.includes(tool.name)) return;
          const r = env.step({ role: 'assistant', tool_calls: [{ id: 'x', type: 'function', function: { name: tool.name, arguments: JSON.stringify(args) } }] });
          expect(r.info.action.errorClass).toBe('arguments');
        }),
        { numRuns: 60 },
      );
    }
  });
});

describe('checkEnv', () => {
  it('passes a correct env', () => {
    expect(checkEnv(new ToolEnv(kvEnvironment)).map((r) => r.ok)).not.toContain(false);
  });

  it('catches an env whose tool is not deterministic', () => {
    let calls = 0;
    const leaky = defineTool<{ key: string }>({
      name: 'get_value',
      description: 'Reads a value, but leaks a global counter into the answer.',
      input: z.object({ key: z.string() }),
      capability: 'kv.get',
      handler: ({ key }, { world }) => ({ key, value: (world as { values: Record<string, number> }).values[key] ?? 0, served: calls++ }),
    });
    const def = kvEnvironment.definition as EnvironmentDefinition;
    const broken = defineEnvironment({ ...def, tools: def.tools.map((t) => (t.name === 'get_value' ? leaky : t)) });
    let error: unknown;
    try {
      checkEnv(new ToolEnv(broken));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvCheckError);
    expect((error as EnvCheckError).results.find((r) => !r.ok)!.name).toMatch(/deterministic/);
  });

  it('catches an env whose step throws on agent input', () => {
    const def = kvEnvironment.definition as EnvironmentDefinition;
    const brittle = defineEnvironment({
      ...def,
      observe: (result) => {
        if (!result.ok && result.errorClass === 'toolname') throw new Error('formatter bug');
        return result.ok ? JSON.stringify(result.output) : `Error: ${result.message}`;
      },
    });
    expect(() => checkEnv(new ToolEnv(brittle), { hostileActions: 100 })).toThrow(/step threw formatter bug|threw Error: formatter bug/);
  });
});

/** Whether arrays and objects nest more than `levels` deep in a value (checkShape walks without recursion). */
const nestsDeeperThan = (value: unknown, levels: number) => checkShape(value, { maxDepth: levels, maxNodes: Infinity, maxChars: Infinity }) !== null;

describe('hostile values in fast-check reports', () => {
  it('a property failing on a value nested thousands deep reports its error and how to build the value', () => {
    for (const seed of [3, 11, 2024]) {
      const deep = hostileJson.filter((v) => nestsDeeperThan(v, 2499));
      let report = '';
      try {
        fc.assert(
          fc.property(deep, () => {
            throw new Error('the handler broke');
          }),
          { seed, numRuns: 1, endOnFailure: true },
        );
      } catch (error) {
        // fast-check 4 gives the property's own error as the cause
        report = `${(error as Error).message}\n${String(((error as Error).cause as Error | undefined)?.message)}`;
      }
      expect(report).toContain('the handler broke');
      const built = /JSON\.parse\(("[^"]*"|"\{\\"a\\":")\.repeat\((\d+)\) \+ ("[^"]*") \+ ("[^"]*")\.repeat\((\d+)\)\)/.exec(report);
      expect(built, report.slice(0, 300)).not.toBeNull();
      expect(Number(built![2])).toBeGreaterThanOrEqual(2500);
    }
  });

  it('the printed form is a hidden property: not enumerable, and the JSON text is unchanged', () => {
    fc.assert(
      fc.property(hostileJson, (v) => {
        if (typeof v !== 'object' || v === null) return;
        expect(Object.prototype.propertyIsEnumerable.call(v, fc.toStringMethod)).toBe(false);
        // JSON.stringify recurses natively: check the text round trip where the worker's stack allows it
        if (nestsDeeperThan(v, 500)) return;
        const text = JSON.stringify(v);
        expect(JSON.stringify(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 60, seed: 5 },
    );
    // hostileAction carries them as the whole action too: the report of a failure still prints
    const failing = fc.check(fc.property(hostileAction(['get']).filter((a) => nestsDeeperThan(a, 2499)), () => false), { seed: 9, numRuns: 1, endOnFailure: true });
    expect(failing.failed).toBe(true);
    expect(fc.stringify(failing.counterexample)).toMatch(/^\[JSON\.parse\(/);
  });
});
