import type { JsonValue } from '../core/json.js';
import type { Rng } from '../core/rng.js';

type Schema = Record<string, unknown>;

export interface SampleOptions {
  /** Words a string field may take (e.g. the words of the query), drawn with probability `vocabularyRate`. */
  readonly vocabulary?: readonly string[];
  readonly vocabularyRate?: number;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const MAX_DEPTH = 4;

function randomWord(rng: Rng, min: number, max: number): string {
  const length = rng.int(min, max);
  let out = '';
  for (let i = 0; i < length; i++) out += LETTERS[rng.int(0, LETTERS.length - 1)];
  return out;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function sampleString(schema: Schema, rng: Rng, options: SampleOptions): string {
  if (schema['format'] === 'date') return `${rng.int(1995, 2030)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
  if (schema['format'] === 'date-time') return `${rng.int(1995, 2030)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}T${pad(rng.int(0, 23))}:${pad(rng.int(0, 59))}:00Z`;
  const min = typeof schema['minLength'] === 'number' ? schema['minLength'] : 1;
  const max = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Math.max(min, 12);
  const words = (options.vocabulary ?? []).filter((w) => w.length >= min && w.length <= max);
  if (words.length > 0 && rng.chance(options.vocabularyRate ?? 0.6)) return rng.pick(words);
  return randomWord(rng, Math.min(min, max), Math.max(min, Math.min(max, 12)));
}

function sampleNumber(schema: Schema, rng: Rng, integer: boolean): number {
  const lo = typeof schema['minimum'] === 'number' ? schema['minimum'] : typeof schema['exclusiveMinimum'] === 'number' ? schema['exclusiveMinimum'] + 1 : -10;
  const hi = typeof schema['maximum'] === 'number' ? schema['maximum'] : typeof schema['exclusiveMaximum'] === 'number' ? schema['exclusiveMaximum'] - 1 : 1000;
  const low = Math.max(lo, -1e9);
  const high = Math.min(Math.max(hi, low), 1e9);
  if (integer) return rng.int(Math.ceil(low), Math.max(Math.ceil(low), Math.floor(high)));
  return Math.round((low + rng.next() * (high - low)) * 100) / 100;
}

/**
 * A random value shaped like a JSON Schema (the subset zod's toJSONSchema produces for tool
 * inputs), drawn from a seeded stream. Usually valid; not guaranteed (patterns are ignored), which
 * is what a random policy wants.
 */
export function sampleJsonSchema(schema: Schema, rng: Rng, options: SampleOptions = {}, depth = 0): JsonValue {
  if ('const' in schema) return schema['const'] as JsonValue;
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return rng.pick(schema['enum'] as JsonValue[]);
  const alternatives = (schema['anyOf'] ?? schema['oneOf']) as Schema[] | undefined;
  if (Array.isArray(alternatives) && alternatives.length > 0) return sampleJsonSchema(rng.pick(alternatives), rng, options, depth + 1);
  if ('default' in schema && rng.chance(0.2)) return schema['default'] as JsonValue;
  let type = schema['type'];
  if (Array.isArray(type)) type = type.length > 0 ? rng.pick(type) : undefined;
  switch (type) {
    case 'string':
      return sampleString(schema, rng, options);
    case 'integer':
      return sampleNumber(schema, rng, true);
    case 'number':
      return sampleNumber(schema, rng, false);
    case 'boolean':
      return rng.chance(0.5);
    case 'null':
      return null;
    case 'array': {
      if (depth >= MAX_DEPTH) return [];
      const items = (schema['items'] as Schema | undefined) ?? {};
      const min = typeof schema['minItems'] === 'number' ? schema['minItems'] : 0;
      const max = typeof schema['maxItems'] === 'number' ? schema['maxItems'] : min + 3;
      const length = rng.int(min, Math.max(min, Math.min(max, min + 3)));
      return Array.from({ length }, () => sampleJsonSchema(items, rng, options, depth + 1));
    }
    case 'object': {
      const out: Record<string, JsonValue> = {};
      if (depth >= MAX_DEPTH) return out;
      const properties = (schema['properties'] as Record<string, Schema> | undefined) ?? {};
      const required = new Set((schema['required'] as string[] | undefined) ?? []);
      for (const [key, sub] of Object.entries(properties)) {
        if (required.has(key) || rng.chance(0.4)) out[key] = sampleJsonSchema(sub, rng, options, depth + 1);
      }
      return out;
    }
    default:
      return rng.chance(0.5) ? sampleString({}, rng, options) : sampleNumber({}, rng, true);
  }
}
