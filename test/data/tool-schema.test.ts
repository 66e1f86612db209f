import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinEnvironments } from '../../envs/index.js';
import { templateSafeTools, withoutTypeLists } from '../../src/data/tool-schema.js';
import { kvEnvironment } from '../fixtures/kv-env.js';

const accepts = (schema: unknown) => {
  const check = z.fromJSONSchema(schema as never);
  return (value: unknown): boolean => check.safeParse(value).success;
};

function hasTypeList(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.some(hasTypeList);
  if (typeof schema !== 'object' || schema === null) return false;
  return Object.entries(schema).some(([k, v]) => (k === 'type' && Array.isArray(v)) || hasTypeList(v));
}

const TYPES = ['string', 'number', 'integer', 'boolean', 'null', 'array', 'object'] as const;
const typeField = fc.oneof(fc.constantFrom(...TYPES), fc.uniqueArray(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 4 }));
const leaf = fc.record(
  { type: typeField, enum: fc.uniqueArray(fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: -3, max: 3 }), fc.constant(null), fc.boolean()), { minLength: 1, maxLength: 4 }), minLength: fc.nat(3), minimum: fc.integer({ min: -2, max: 2 }), description: fc.string({ maxLength: 5 }) },
  { requiredKeys: ['type'] },
);
const schemaArb: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('object'), tie('array')),
  object: fc
    .dictionary(fc.constantFrom('a', 'b', 'c'), tie('node'), { maxKeys: 3 })
    .chain((properties) => fc.record({ type: fc.constantFrom<unknown>('object', ['object', 'null']), properties: fc.constant(properties), required: fc.subarray(Object.keys(properties)), additionalProperties: fc.oneof(fc.constant(false), leaf) })),
  array: fc.record({ type: fc.constantFrom<unknown>('array', ['array', 'null']), items: tie('node') }),
})).node;

/** Values near a schema: arbitrary JSON plus values built from its own enum members and shapes. */
const valueArb = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(null, 0, 1, 'a', '', true, 2.5, [], {})), { maxKeys: 4 }),
  fc.array(fc.constantFrom(null, 0, -1, 'ab', '', true, 1.5, {}, [null]), { maxLength: 3 }),
  fc.constantFrom(null, 0, 3, -3, 'a', '', 'abcd', true, false, 1.5, [], {}),
);

describe('tool schemas without type lists', () => {
  it('accept and refuse exactly the values the original schemas do (property)', () => {
    fc.assert(
      fc.property(schemaArb, fc.array(valueArb, { minLength: 10, maxLength: 30 }), (schema, values) => {
        const safe = withoutTypeLists(schema);
        expect(hasTypeList(safe)).toBe(false);
        const before = accepts(schema);
        const after = accepts(safe);
        for (const value of values) expect(after(value), JSON.stringify({ schema, safe, value })).toBe(before(value));
      }),
      { numRuns: 300 },
    );
  });

  it('the built-in tools keep their meaning, and none keeps a type list', () => {
    const specs = [...builtinEnvironments, kvEnvironment].flatMap((e) => e.registry.all().map((t) => t.spec));
    const safe = templateSafeTools(specs);
    expect(specs.some((s) => hasTypeList(s.function.parameters))).toBe(true);
    expect(safe.some((s) => hasTypeList(s.function.parameters))).toBe(false);
    fc.assert(
      fc.property(fc.nat(specs.length - 1), fc.array(valueArb, { minLength: 20, maxLength: 40 }), (i, values) => {
        const before = accepts(specs[i]!.function.parameters);
        const after = accepts(safe[i]!.function.parameters);
        for (const value of values) expect(after(value)).toBe(before(value));
      }),
      { numRuns: 100 },
    );
  });
});
