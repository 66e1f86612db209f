import type { TrajectoryRecord } from '../rollout/record.js';

type Schema = { [key: string]: unknown };
type ToolSpecs = TrajectoryRecord['tools'];

const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const;
const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
const SCHEMA_SINGLES = ['items', 'additionalProperties', 'additionalItems', 'contains', 'not', 'if', 'then', 'else', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems'] as const;
const ANNOTATIONS = new Set(['description', 'title', 'default', 'examples']);

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A JSON Schema with every `type` list (`["string", "null"]`, which some chat templates cannot
 * handle, and older `datasets` cannot store beside plain `type` strings) written as an `anyOf` of
 * single-type branches, each with the schema's other keywords. A keyword of one type is ignored by
 * values of another, so the schema accepts exactly the values it accepted before.
 */
export function withoutTypeLists(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutTypeLists);
  if (!isSchema(schema)) return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if ((SCHEMA_MAPS as readonly string[]).includes(key) && isSchema(value)) out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutTypeLists(v)]));
    else if ((SCHEMA_LISTS as readonly string[]).includes(key) && Array.isArray(value)) out[key] = value.map(withoutTypeLists);
    else if ((SCHEMA_SINGLES as readonly string[]).includes(key)) out[key] = withoutTypeLists(value);
    else out[key] = value;
  }
  const types = out['type'];
  if (!Array.isArray(types)) return out;
  if (types.length === 1) return { ...out, type: types[0] };
  const annotations: Schema = {};
  const rest: Schema = {};
  for (const [key, value] of Object.entries(out)) {
    if (key === 'type') continue;
    (ANNOTATIONS.has(key) ? annotations : rest)[key] = value;
  }
  return types.length === 0 ? { ...annotations, not: {} } : { ...annotations, anyOf: types.map((type) => ({ ...rest, type })) };
}

/** The tool specs with parameters every common chat template renders (see `withoutTypeLists`). */
export function templateSafeTools(tools: ToolSpecs): ToolSpecs {
  return tools.map((spec) => ({ ...spec, function: { ...spec.function, parameters: withoutTypeLists(spec.function.parameters) as Schema } }));
}
