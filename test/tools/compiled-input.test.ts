import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compiledInput, declaredInput, defineTool, type Tool } from '../../src/index.js';
import { hostileJson, nearValidArguments, validArguments } from '../../src/testing/index.js';
import { crmarenaEnvironment } from '../../envs/crmarena/index.js';
import { kvTools } from '../fixtures/kv-env.js';
import { outcome } from '../fixtures/parse-outcome.js';
import { HEAD_CHARS, isRecalled, recallJson, rememberJson } from '../../src/core/recalled-json.js';

/** A tool of a user's own, with what zod's compiler must either model exactly or leave to the runtime. */
const userTool = defineTool<unknown>({
  name: 'book_room',
  description: 'Books a room.',
  input: z
    .object({
      room: z.string().trim().min(1),
      nights: z.number().int().positive().default(1),
      guests: z.array(z.object({ name: z.string(), age: z.number().optional() })).max(4),
      kind: z.discriminatedUnion('type', [z.object({ type: z.literal('single') }), z.object({ type: z.literal('double'), beds: z.number() })]).optional(),
      note: z.string().transform((s) => s.toUpperCase()).optional(),
    })
    .refine((a) => a.nights < 30, { message: 'at most 29 nights', path: ['nights'] }),
  handler: () => 'ok',
});

const leaf = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(null, -0, Number.NaN, Infinity, 1.5, 0, 7, -3, true, undefined, '', ' '), fc.integer());

function argumentsFor(tool: Tool): fc.Arbitrary<unknown> {
  const schema = declaredInput(tool.input);
  const valid = validArguments(schema);
  const withLeaf = fc.tuple(valid, fc.constantFrom('__proto__', 'constructor', 'x'), leaf).map(([args, key, value]) => (typeof args === 'object' && args !== null && !Array.isArray(args) ? { ...args, [key]: value } : args));
  const swapped = fc.tuple(valid, leaf).chain(([args, value]) => {
    if (typeof args !== 'object' || args === null || Array.isArray(args) || Object.keys(args).length === 0) return fc.constant<unknown>(args);
    return fc.constantFrom(...Object.keys(args)).map((key) => ({ ...args, [key]: value }));
  });
  return fc.oneof(valid, withLeaf, swapped, nearValidArguments(schema).map((m) => m.args), hostileJson);
}

describe('defineTool gives every tool zod\'s compiled form of its input', () => {
  const tools: readonly Tool[] = [...kvTools, ...crmarenaEnvironment.definition.tools, userTool];

  it('keeps the declared schema as the schema of record, and compiling twice changes nothing', () => {
    for (const tool of tools) {
      const declared = declaredInput(tool.input);
      expect(declared, tool.name).not.toBe(tool.input);
      expect(compiledInput(tool.input), tool.name).toBe(tool.input);
      expect(defineTool(tool).input, tool.name).toBe(tool.input);
      expect(z.toJSONSchema(tool.input, { io: 'input', unrepresentable: 'any' })).toEqual(z.toJSONSchema(declared, { io: 'input', unrepresentable: 'any' }));
    }
  });

  it('gives exactly what the declared schema gives (value, key order, issues) for the tools of every env and a user tool', () => {
    let successes = 0;
    let failures = 0;
    for (const tool of tools) {
      const schema = declaredInput(tool.input);
      fc.assert(
        fc.property(argumentsFor(tool), (args) => {
          const compiled = tool.input.safeParse(args);
          expect(outcome(compiled)).toEqual(outcome(schema.safeParse(args)));
          if (compiled.success) successes++;
          else failures++;
        }),
        { numRuns: 150, seed: tool.name.length * 104729 },
      );
    }
    expect(successes).toBeGreaterThan(tools.length * 20);
    expect(failures).toBeGreaterThan(tools.length * 20);
  });
});

/** A list as an agent passes it back: its text remembered from an output, then recalled from an action's text. */
function recalledArgument(key: string, list: readonly unknown[], depth: number): Record<string, unknown> {
  const text = JSON.stringify(list);
  rememberJson({
    head: text.slice(0, HEAD_CHARS),
    chars: text.length,
    depth,
    matchesAt: (t, at) => t.startsWith(text, at),
    value: () => Object.freeze(JSON.parse(text)),
    text: () => text,
  });
  const args = recallJson(`{"${key}":${text}}`, 64) as Record<string, unknown> | undefined;
  if (args === undefined || !isRecalled(args[key])) throw new Error('the list was not recalled');
  return args;
}

describe('recalled lists and refinements of the whole input', () => {
  // Recalled lists skip per-item validation; a refinement over the whole object must still see the agent's list.
  const limit = fc.integer({ min: 0, max: 140 });
  const count = fc.integer({ min: 60, max: 120 });

  it('a refined object with a list of strings sees the recalled list itself', () => {
    fc.assert(
      fc.property(count, limit, (n, max) => {
        const schema = z.object({ ids: z.array(z.string()), note: z.string().optional() }).refine((a) => a.ids.length <= max, { message: `at most ${max} ids` });
        const args = recalledArgument('ids', Array.from({ length: n }, (_, i) => `500Ws00000${String(i).padStart(8, '0')}`), 1);
        expect(outcome(compiledInput(schema).safeParse(args))).toEqual(outcome(schema.safeParse(args)));
      }),
      { numRuns: 40 },
    );
  });

  it('a refined object with a list of records sees the recalled list itself', () => {
    fc.assert(
      fc.property(count, limit, (n, max) => {
        const schema = z.object({ cases: z.array(z.object({ Id: z.string(), n: z.number() })) }).refine((a) => a.cases.length <= max, { message: `at most ${max} cases` });
        const args = recalledArgument('cases', Array.from({ length: n }, (_, i) => ({ Id: `500Ws00000${String(i).padStart(8, '0')}`, n: i })), 2);
        expect(outcome(compiledInput(schema).safeParse(args))).toEqual(outcome(schema.safeParse(args)));
      }),
      { numRuns: 40 },
    );
  });
});
