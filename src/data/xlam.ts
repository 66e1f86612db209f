import { changesConversation } from '../rollout/filter.js';
import { callArguments, userReplyOf, type StepRecord, type TrajectoryRecord } from '../rollout/record.js';

type Schema = Record<string, unknown>;

/** A JSON Schema type in the Python-style names xLAM / APIGen data uses; an enum is a `Literal[...]`. */
export function pythonType(schema: Schema): string {
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return `Literal[${schema['enum'].map((v) => JSON.stringify(v)).join(', ')}]`;
  if ('const' in schema) return `Literal[${JSON.stringify(schema['const'])}]`;
  const options = (schema['anyOf'] ?? schema['oneOf']) as Schema[] | undefined;
  if (Array.isArray(options) && options.length > 0) {
    const names = [...new Set(options.filter((o) => o['type'] !== 'null').map(pythonType))];
    const union = names.length === 1 ? names[0]! : `Union[${names.join(', ')}]`;
    return options.some((o) => o['type'] === 'null') ? `Optional[${union}]` : union;
  }
  if (Array.isArray(schema['type'])) {
    const types = schema['type'] as string[];
    return pythonType({ ...schema, type: undefined, anyOf: types.map((type) => ({ type })) });
  }
  switch (schema['type']) {
    case 'string':
      return 'str';
    case 'integer':
      return 'int';
    case 'number':
      return 'float';
    case 'boolean':
      return 'bool';
    case 'null':
      return 'None';
    case 'array':
      return `List[${pythonType((schema['items'] as Schema | undefined) ?? {})}]`;
    case 'object': {
      const values = schema['additionalProperties'];
      return typeof values === 'object' && values !== null ? `Dict[str, ${pythonType(values as Schema)}]` : 'dict';
    }
    default:
      return 'Any';
  }
}

/** JSON Schema keywords that constrain a value: kept beside the type so no constraint is lost. */
const CONSTRAINTS = ['format', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'multipleOf'];

/** A nested schema (an object's properties, an array's items) with more than a type in it: kept whole. */
function nestedSchema(schema: Schema): Schema | undefined {
  const inner = (schema['properties'] ?? schema['items'] ?? schema['additionalProperties']) as unknown;
  return typeof inner === 'object' && inner !== null && JSON.stringify(inner).match(/"(enum|const|required|properties|format|pattern|minimum|maximum)"/) ? schema : undefined;
}

/** A tool spec as xLAM lists it: parameters by name with a type, a description, any default and every constraint. */
export function xlamTool(spec: TrajectoryRecord['tools'][number]): object {
  const schema = spec.function.parameters;
  const properties = (schema['properties'] as Record<string, Schema> | undefined) ?? {};
  const required = new Set((schema['required'] as string[] | undefined) ?? []);
  const parameters: Record<string, object> = {};
  for (const [name, property] of Object.entries(properties)) {
    const type = pythonType(property);
    const entry: Record<string, unknown> = { type: required.has(name) ? type : `${type}, optional`, description: typeof property['description'] === 'string' ? property['description'] : '' };
    if ('default' in property) entry['default'] = property['default'];
    for (const key of CONSTRAINTS) if (key in property) entry[key] = property[key];
    const nested = nestedSchema(property);
    if (nested) entry['schema'] = nested;
    parameters[name] = entry;
  }
  return { name: spec.function.name, description: spec.function.description, parameters };
}

/** One step of the history xLAM's prompt carries: what was called, and what came back. */
interface HistoryStep {
  step_id: number;
  thought: string;
  tool_calls: { name: string; arguments: unknown }[];
  next_observation: string;
  /** Multi-turn records only: what the user said after this step (xLAM's prompt history field). */
  user_input?: string;
}

function stepCalls(step: StepRecord): { name: string; arguments: unknown }[] {
  return step.calls.map((c, i) => ({ name: c.name, arguments: callArguments(step, i) ?? {} }));
}

function observationText(step: StepRecord): string {
  return step.observations.map((o) => o.content).join('\n');
}

/**
 * A multi-turn step's history entry: a message to the user is its `thought` (no calls), the user's
 * reply its `user_input`, kept apart from what the tools returned.
 */
function conversationStep(step: StepRecord, index: number, calls: HistoryStep['tool_calls']): HistoryStep {
  const said = step.calls.length === 0 ? (step.assistant.content ?? '') : '';
  const reply = userReplyOf(step);
  const tools = reply === undefined ? step.observations : step.observations.slice(0, -1);
  return { step_id: index + 1, thought: step.thought ?? said, tool_calls: calls, next_observation: tools.map((o) => o.content).join('\n'), user_input: reply ?? '' };
}

/**
 * xLAM / APIGen rows of a trajectory, one per step that made calls and passed: `query` (the user's
 * request), `tools` (xLAM parameter format), `answers` (that step's calls) and what they depend on:
 * `system` (the system prompt, e.g. today's date) and `history` (the earlier steps of the training
 * conversation, each with its calls and the observation that came back, in the shape of xLAM's
 * prompt history). All are JSON strings where xLAM's data has them as strings.
 */
export function xlamRows(record: TrajectoryRecord, options: { withErrors?: boolean; id: number }): object[] {
  const steps = options.withErrors ? record.steps : record.steps.filter((s) => s.ok || changesConversation(s));
  const tools = JSON.stringify(record.tools.map(xlamTool));
  const rows: object[] = [];
  const history: HistoryStep[] = [];
  steps.forEach((step, index) => {
    const calls = stepCalls(step);
    if (step.ok && step.calls.length > 0) {
      rows.push({ id: options.id + rows.length, query: record.user, tools, answers: JSON.stringify(calls), system: record.system, history: JSON.stringify(history) });
    }
    history.push(record.instance.conversation ? conversationStep(step, index, calls) : { step_id: index + 1, thought: step.thought ?? '', tool_calls: calls, next_observation: observationText(step) });
  });
  return rows;
}
