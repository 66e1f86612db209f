import fc from 'fast-check';
import type { z } from 'zod';
import { z as zod } from 'zod';
import type { JsonValue } from '../core/json.js';

type Schema = Record<string, unknown>;

function jsonSchemaOf(schema: z.ZodType | Schema): Schema {
  if (typeof (schema as z.ZodType).safeParse === 'function') {
    const json = zod.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Schema;
    delete json['$schema'];
    return json;
  }
  return schema as Schema;
}

const isoDate = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true });

function stringArbitrary(s: Schema): fc.Arbitrary<string> {
  const minLength = typeof s['minLength'] === 'number' ? s['minLength'] : 0;
  const maxLength = typeof s['maxLength'] === 'number' ? s['maxLength'] : Math.max(minLength, 24);
  if (s['format'] === 'date') return isoDate.map((d) => d.toISOString().slice(0, 10));
  if (s['format'] === 'date-time') return isoDate.map((d) => `${d.toISOString().slice(0, 19)}Z`);
  if (typeof s['pattern'] === 'string') {
    try {
      return fc.stringMatching(new RegExp(s['pattern'])).filter((v) => v.length >= minLength && v.length <= maxLength);
    } catch {
      // an unsupported pattern: fall back to plain strings
    }
  }
  return fc.string({ minLength, maxLength });
}

function numberArbitrary(s: Schema, integer: boolean): fc.Arbitrary<number> {
  const lo = typeof s['minimum'] === 'number' ? s['minimum'] : typeof s['exclusiveMinimum'] === 'number' ? s['exclusiveMinimum'] + (integer ? 1 : 1e-9) : -1e6;
  const hi = typeof s['maximum'] === 'number' ? s['maximum'] : typeof s['exclusiveMaximum'] === 'number' ? s['exclusiveMaximum'] - (integer ? 1 : 1e-9) : 1e6;
  if (integer) return fc.integer({ min: Math.ceil(Math.max(lo, Number.MIN_SAFE_INTEGER)), max: Math.floor(Math.min(hi, Number.MAX_SAFE_INTEGER)) });
  return fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
}

/** Values that satisfy a JSON Schema (the subset z.toJSONSchema produces for tool inputs). */
export function fromJsonSchema(schema: Schema, depth = 0): fc.Arbitrary<JsonValue> {
  if ('const' in schema) return fc.constant(schema['const'] as JsonValue);
  if (Array.isArray(schema['enum'])) return fc.constantFrom(...(schema['enum'] as JsonValue[]));
  const options = (schema['anyOf'] ?? schema['oneOf']) as Schema[] | undefined;
  if (Array.isArray(options) && options.length > 0) return fc.oneof(...options.map((o) => fromJsonSchema(o, depth + 1)));
  const type = schema['type'];
  if (Array.isArray(type)) return fc.oneof(...type.map((t) => fromJsonSchema({ ...schema, type: t }, depth + 1)));
  switch (type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return numberArbitrary(schema, true);
    case 'number':
      return numberArbitrary(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = (schema['items'] as Schema | undefined) ?? {};
      const minLength = typeof schema['minItems'] === 'number' ? schema['minItems'] : 0;
      const maxLength = typeof schema['maxItems'] === 'number' ? schema['maxItems'] : Math.max(minLength, depth > 2 ? 2 : 5);
      return fc.array(fromJsonSchema(items, depth + 1), { minLength, maxLength }) as fc.Arbitrary<JsonValue>;
    }
    case 'object': {
      const properties = (schema['properties'] as Record<string, Schema> | undefined) ?? {};
      const required = (schema['required'] as string[] | undefined) ?? [];
      const model: Record<string, fc.Arbitrary<JsonValue>> = {};
      for (const [key, sub] of Object.entries(properties)) model[key] = fromJsonSchema(sub, depth + 1);
      return fc.record(model, { requiredKeys: required }) as fc.Arbitrary<JsonValue>;
    }
    default:
      return fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>;
  }
}

/** Schema-valid arguments for a tool's zod input schema. */
export function validArguments(schema: z.ZodType): fc.Arbitrary<JsonValue> {
  return fromJsonSchema(jsonSchemaOf(schema)).filter((value) => schema.safeParse(value).success);
}

export type Mutation = 'drop-required' | 'unknown-field' | 'wrong-type' | 'out-of-range' | 'not-an-object';

/**
 * Arguments one mistake away from valid: a required field dropped, an unknown field added, a field
 * of the wrong type, a number out of range, or no object at all. Each says which mistake it made.
 */
export function nearValidArguments(schema: z.ZodType): fc.Arbitrary<{ args: JsonValue; mutation: Mutation }> {
  const json = jsonSchemaOf(schema);
  const properties = (json['properties'] as Record<string, Schema> | undefined) ?? {};
  const required = (json['required'] as string[] | undefined) ?? [];
  const keys = Object.keys(properties);
  const base = validArguments(schema).filter((v): v is { [k: string]: JsonValue } => typeof v === 'object' && v !== null && !Array.isArray(v));
  const mutations: fc.Arbitrary<{ args: JsonValue; mutation: Mutation }>[] = [
    base.map((args) => ({ args: [args], mutation: 'not-an-object' as const })),
    base.chain((args) =>
      fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !keys.includes(k) && k !== '__proto__').map((k) => ({ args: { ...args, [k]: 1 }, mutation: 'unknown-field' as const })),
    ),
  ];
  if (required.length > 0) {
    mutations.push(
      base.chain((args) =>
        fc.constantFrom(...required).map((k) => {
          const copy = { ...args };
          delete copy[k];
          return { args: copy, mutation: 'drop-required' as const };
        }),
      ),
    );
  }
  const typed = keys.filter((k) => ['string', 'number', 'integer', 'boolean'].includes(String(properties[k]!['type'])));
  if (typed.length > 0) {
    mutations.push(
      base.chain((args) =>
        fc.constantFrom(...typed).map((k) => {
          const t = properties[k]!['type'];
          const wrong: JsonValue = t === 'string' ? 12345 : t === 'boolean' ? 'yes' : 'not a number';
          return { args: { ...args, [k]: wrong }, mutation: 'wrong-type' as const };
        }),
      ),
    );
  }
  const bounded = keys.filter((k) => typeof properties[k]!['maximum'] === 'number' || typeof properties[k]!['minimum'] === 'number');
  if (bounded.length > 0) {
    mutations.push(
      base.chain((args) =>
        fc.constantFrom(...bounded).map((k) => {
          const p = properties[k]!;
          const value = typeof p['maximum'] === 'number' ? (p['maximum'] as number) + 1000 : (p['minimum'] as number) - 1000;
          return { args: { ...args, [k]: value }, mutation: 'out-of-range' as const };
        }),
      ),
    );
  }
  return fc.oneof(...mutations);
}

/** Lone surrogates and other awkward text. */
export const awkwardString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\uD800', '\uDFFF', 'a\uD83Dz', '\u0000', '__proto__', 'constructor', 'prototype', '{"a":', '```json\n{', 'Action:', 'Action: \nAction Input: {'),
);

/**
 * JSON nested `depth` deep, which prints itself in fast-check's reports as the expression that
 * builds it: fast-check's own printer recurses once per level and runs out of stack on thousands,
 * so a failing property would report a RangeError instead of its counterexample and error.
 */
function nested(open: string, inner: string, close: string, depth: number): unknown {
  const value = JSON.parse(open.repeat(depth) + inner + close.repeat(depth)) as object;
  const source = `JSON.parse(${JSON.stringify(open)}.repeat(${depth}) + ${JSON.stringify(inner)} + ${JSON.stringify(close)}.repeat(${depth}))`;
  // A symbol key, not enumerable: JSON, Object.keys and for-in do not see it.
  Object.defineProperty(value, fc.toStringMethod, { value: () => source });
  return value;
}

/** JSON that has hurt parsers before: deep nesting, huge strings, `__proto__` and `constructor` keys, lone surrogates. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.integer({ min: 50, max: 5000 }).map((depth) => nested('[', '', ']', depth)),
  fc.integer({ min: 50, max: 3000 }).map((depth) => nested('{"a":', '1', '}', depth)),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as unknown),
  fc.dictionary(awkwardString, fc.jsonValue({ maxDepth: 2 })),
  fc.integer({ min: 100_000, max: 400_000 }).map((n) => 'x'.repeat(n)),
);

/** Anything an agent (or a broken client) might send as an action. */
export function hostileAction(toolNames: readonly string[] = []): fc.Arbitrary<unknown> {
  const name = toolNames.length > 0 ? fc.oneof(fc.constantFrom(...toolNames), awkwardString) : awkwardString;
  const argumentsText = fc.oneof(
    hostileJson.map((v) => {
      try {
        return JSON.stringify(v) ?? 'undefined';
      } catch {
        return '{';
      }
    }),
    awkwardString,
  );
  return fc.oneof(
    fc.anything(),
    awkwardString,
    hostileJson,
    fc.record({ role: fc.constant('assistant'), content: fc.option(awkwardString) }),
    fc.record({
      role: fc.constant('assistant'),
      content: fc.constant(null),
      tool_calls: fc.array(fc.record({ id: fc.string(), type: fc.constant('function'), function: fc.record({ name, arguments: argumentsText }) }), { maxLength: 3 }),
    }),
    fc.tuple(name, argumentsText).map(([n, a]) => `Thought: hm\nAction: ${n}\nAction Input: ${a}`),
    fc.tuple(name, hostileJson).map(([n, a]) => {
      try {
        return JSON.stringify({ thought: 'x', tool_calls: [{ name: n, arguments: a }] });
      } catch {
        return '{"tool_calls": [';
      }
    }),
  );
}
