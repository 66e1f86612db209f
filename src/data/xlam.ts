import { callArguments, type TrajectoryRecord } from '../rollout/record.js';

type Schema = Record<string, unknown>;

/** A JSON Schema type in the Python-style names xLAM / APIGen data uses. */
export function pythonType(schema: Schema): string {
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return pythonType({ type: typeof schema['enum'][0] === 'number' ? 'number' : typeof schema['enum'][0] === 'boolean' ? 'boolean' : 'string' });
  const options = (schema['anyOf'] ?? schema['oneOf']) as Schema[] | undefined;
  if (Array.isArray(options) && options.length > 0) {
    const names = [...new Set(options.filter((o) => o['type'] !== 'null').map(pythonType))];
    return names.length === 1 ? names[0]! : `Union[${names.join(', ')}]`;
  }
  const type = Array.isArray(schema['type']) ? (schema['type'] as string[]).find((t) => t !== 'null') : schema['type'];
  switch (type) {
    case 'string':
      return 'str';
    case 'integer':
      return 'int';
    case 'number':
      return 'float';
    case 'boolean':
      return 'bool';
    case 'array':
      return `List[${pythonType((schema['items'] as Schema | undefined) ?? {})}]`;
    case 'object':
      return 'dict';
    default:
      return 'Any';
  }
}

/** A tool spec as xLAM lists it: parameters by name with a type, a description and any default. */
export function xlamTool(spec: TrajectoryRecord['tools'][number]): object {
  const schema = spec.function.parameters;
  const properties = (schema['properties'] as Record<string, Schema> | undefined) ?? {};
  const required = new Set((schema['required'] as string[] | undefined) ?? []);
  const parameters: Record<string, object> = {};
  for (const [name, property] of Object.entries(properties)) {
    const type = pythonType(property);
    const entry: Record<string, unknown> = { type: required.has(name) ? type : `${type}, optional`, description: typeof property['description'] === 'string' ? property['description'] : '' };
    if ('default' in property) entry['default'] = property['default'];
    parameters[name] = entry;
  }
  return { name: spec.function.name, description: spec.function.description, parameters };
}

/** One xLAM / APIGen row: the query, the offered tools and the calls that passed, in order. */
export function xlamRow(record: TrajectoryRecord, id: number): object {
  const answers = record.steps.flatMap((step) => (step.ok ? step.calls.flatMap((c, i) => (c.ok ? [{ name: c.name, arguments: callArguments(step, i) ?? {} }] : [])) : []));
  return { id, query: record.user, tools: JSON.stringify(record.tools.map(xlamTool)), answers: JSON.stringify(answers) };
}
