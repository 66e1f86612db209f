import fc from 'fast-check';
import { inputJsonSchema, type JsonValue, type Tool } from '../../src/index.js';
import { fromJsonSchema, validArguments } from '../../src/testing/index.js';
import { toolbenchEnvironment, worldJson, type ToolBenchWorld } from '../../envs/toolbench/index.js';
import { PLACES } from '../../envs/toolbench/world/places.js';

export const env = toolbenchEnvironment;
export const world: ToolBenchWorld = env.world();
export const tools: readonly Tool[] = env.definition.tools;

const SECTION: Readonly<Record<string, keyof ToolBenchWorld>> = {
  Movies: 'movies', Music: 'music', Weather: 'weather', Data: 'realEstate', Sports: 'sports', Finance: 'finance', News_Media: 'news',
  Food: 'food', Travel: 'travel', eCommerce: 'shop', Jobs: 'jobs', Education: 'education', Science: 'science', Database: 'database',
};

/** Strings (and object keys) found in a JSON value, e.g. every id and name of a world section. */
function collectStrings(value: unknown, out: Set<string>, depth = 0): void {
  if (depth > 8) return;
  if (typeof value === 'string') {
    if (value.length <= 60) out.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectStrings(v, out, depth + 1);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      collectStrings(v, out, depth + 1);
    }
  }
}

/** Ids the write tools hand out in an episode (playlists, orders, bookings, rows...). */
const CREATED_IDS = ['PL', 'TOUR', 'ORD', 'PK', 'DD', 'FB', 'HB', 'AMZ', 'APP', 'ENR'].flatMap((p) => [1, 2, 3, 4].map((n) => `${p}-${String(n).padStart(4, '0')}`));

const vocabularies = new Map<string, string[]>();

/** The strings a tool of this domain might meaningfully be called with: its section's ids, names, dates, plus places. */
export function vocabulary(domain: string | undefined): string[] {
  const key = domain ?? '';
  let vocab = vocabularies.get(key);
  if (!vocab) {
    const out = new Set<string>(CREATED_IDS);
    const json = worldJson(world);
    const section = SECTION[key];
    if (section !== undefined) collectStrings(json[section], out);
    for (const p of PLACES) [p.city, p.iata, p.country].forEach((s) => out.add(s));
    out.add(world.today);
    vocab = [...out].sort();
    vocabularies.set(key, vocab);
  }
  return vocab;
}

type Schema = Record<string, unknown>;

/** A JSON Schema value whose free-text strings (at any depth, and record keys) are often world strings. */
function worldValue(schema: Schema, vocab: readonly string[], depth = 0): fc.Arbitrary<JsonValue> {
  const words = fc.constantFrom(...vocab);
  const options = (schema['anyOf'] ?? schema['oneOf']) as Schema[] | undefined;
  if (Array.isArray(options)) return fc.oneof(...options.map((o) => worldValue(o, vocab, depth + 1)));
  const type = schema['type'];
  if (type === 'string' && schema['enum'] === undefined && schema['format'] === undefined && schema['pattern'] === undefined && schema['const'] === undefined) {
    return fc.oneof({ arbitrary: words, weight: 3 }, { arbitrary: fromJsonSchema(schema, depth), weight: 1 });
  }
  if (type === 'array' && depth < 4) {
    const items = (schema['items'] as Schema | undefined) ?? {};
    const minLength = typeof schema['minItems'] === 'number' ? schema['minItems'] : 0;
    const maxLength = Math.min(typeof schema['maxItems'] === 'number' ? schema['maxItems'] : 4, Math.max(minLength, 4));
    return fc.array(worldValue(items, vocab, depth + 1), { minLength, maxLength }) as fc.Arbitrary<JsonValue>;
  }
  if (type === 'object' && depth < 4) {
    const props = (schema['properties'] as Record<string, Schema> | undefined) ?? {};
    const required = (schema['required'] as string[] | undefined) ?? [];
    const extra = schema['additionalProperties'];
    if (Object.keys(props).length === 0 && typeof extra === 'object' && extra !== null) {
      return fc.dictionary(words, worldValue(extra as Schema, vocab, depth + 1), { maxKeys: 4 }) as fc.Arbitrary<JsonValue>;
    }
    const model: Record<string, fc.Arbitrary<JsonValue>> = {};
    for (const [key, sub] of Object.entries(props)) model[key] = worldValue(sub, vocab, depth + 1);
    return fc.record(model, { requiredKeys: required }) as fc.Arbitrary<JsonValue>;
  }
  return fromJsonSchema(schema, depth);
}

const seenArguments = new Map<string, JsonValue[]>();
const fieldValues = new Map<string, JsonValue[]>();

/** Arguments the solution paths really use, per tool: canonical calls, and each alternate's adaptation of them. */
function collectRealArguments(): void {
  if (seenArguments.size > 0) return;
  const add = (tool: string, args: Record<string, JsonValue>): void => {
    seenArguments.set(tool, [...(seenArguments.get(tool) ?? []), args]);
    for (const [key, value] of Object.entries(args)) fieldValues.set(key, [...(fieldValues.get(key) ?? []), value]);
  };
  for (const [name, split] of env.splits) {
    for (const template of split.templates) {
      for (let seed = 0; seed < 6; seed++) {
        const instance = env.generate({ template: template.id, seed, split: name, world });
        for (const call of instance.solution.calls) {
          add(call.tool, call.arguments);
          const tool = env.registry.get(call.tool)!.tool;
          for (const provider of env.registry.providers(tool)) if (provider.adapt) add(provider.name, provider.adapt(call.arguments));
        }
      }
    }
  }
  for (const [key, values] of fieldValues) fieldValues.set(key, [...new Map(values.map((v) => [JSON.stringify(v), v])).values()]);
}

/** Values of an argument name across every real call (e.g. every `asin`), plus ids write tools hand out. */
function valuesFor(field: string): JsonValue[] {
  collectRealArguments();
  const values = fieldValues.get(field) ?? [];
  return /(^|_)id$|^id$/.test(field) ? [...values, ...CREATED_IDS] : values;
}

/**
 * Schema-valid arguments for a tool: mostly world-aware — argument values other calls really use
 * (by argument name), world strings (ids, names, cities, column names) at any depth — sometimes
 * plain schema-valid noise, so handlers are exercised past their lookups as well as on misses.
 */
export function worldArguments(tool: Tool, vocab: readonly string[] = vocabulary(tool.domain)): fc.Arbitrary<JsonValue> {
  const schema = inputJsonSchema(tool);
  const props = (schema['properties'] ?? {}) as Record<string, Schema>;
  const required = (schema['required'] as string[] | undefined) ?? [];
  collectRealArguments();
  const real = seenArguments.get(tool.name) ?? [];
  const model: Record<string, fc.Arbitrary<JsonValue>> = {};
  for (const [key, sub] of Object.entries(props)) {
    const known = valuesFor(key);
    model[key] = known.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 3 }, { arbitrary: worldValue(sub, vocab, 1), weight: 1 }) : worldValue(sub, vocab, 1);
  }
  const mixed = Object.keys(props).length > 0 ? (fc.record(model, { requiredKeys: required }) as fc.Arbitrary<JsonValue>) : worldValue(schema, vocab);
  const choices: fc.WeightedArbitrary<JsonValue>[] = [
    { arbitrary: mixed, weight: 4 },
    { arbitrary: worldValue(schema, vocab), weight: 1 },
    { arbitrary: validArguments(tool.input), weight: 1 },
  ];
  if (real.length > 0) choices.push({ arbitrary: fc.constantFrom(...real), weight: 3 });
  return fc.oneof(...choices).filter((args) => tool.input.safeParse(args).success);
}

export function freshState() {
  return env.sandbox(world).createState(world);
}
