import { checkArguments } from '../actions/arguments.js';
import { encodeAction } from '../actions/encode.js';
import { parseAction, resolveParsers } from '../actions/formats.js';
import type { ActionParser } from '../actions/parse-result.js';
import type { Environment } from '../core/environment.js';
import type { JsonValue } from '../core/json.js';
import type { Rng } from '../core/rng.js';
import { compareAnswer } from '../tasks/compare.js';
import type { QueryInstance, SolutionCall } from '../tasks/instance.js';

/** The kinds of mistake the noisy oracle makes: one per failed layer, plus a wrong final answer. */
export const MISTAKE_KINDS = ['structure', 'toolname', 'arguments', 'answer'] as const;
export type MistakeKind = (typeof MISTAKE_KINDS)[number];

/** What a mistake is made against: the environment, the episode's instance and the action format. */
export interface MistakeScope {
  readonly environment: Environment;
  readonly instance: QueryInstance;
  readonly format: string;
  /** The step number the action will have (1-based). */
  readonly step: number;
}

const parserCache = new WeakMap<Environment, Map<string, ActionParser[][]>>();

/** The parser lists an env could read the action with: the named format alone, and every format it accepts. */
function parserLists(scope: MistakeScope): ActionParser[][] {
  let byFormat = parserCache.get(scope.environment);
  if (!byFormat) parserCache.set(scope.environment, (byFormat = new Map()));
  let lists = byFormat.get(scope.format);
  if (!lists) {
    const custom = scope.environment.definition.parsers;
    lists = [resolveParsers([scope.format], custom), resolveParsers(scope.environment.formats, custom)];
    byFormat.set(scope.format, lists);
  }
  return lists;
}

export function encodeCall(scope: MistakeScope, call: SolutionCall | { tool: string; arguments: unknown }): unknown {
  return encodeAction(scope.format, [{ name: call.tool, arguments: call.arguments }], scope.step, undefined, scope.environment.definition.parsers);
}

function unreadable(scope: MistakeScope, action: unknown): boolean {
  return parserLists(scope).every((parsers) => !parseAction(action, parsers, scope.step).ok);
}

/** The call's action made unreadable: cut short, or prose instead of a call. Null when no variant fails to parse. */
export function structureMistake(scope: MistakeScope, call: SolutionCall, rng: Rng): unknown | null {
  const action = encodeCall(scope, call);
  const variants: unknown[] = [];
  if (typeof action === 'string') {
    variants.push(action.slice(0, Math.max(1, action.length - rng.int(1, 3))));
    variants.push(`I will use ${call.tool} for this.`);
    variants.push(action.replace(/[{}]/g, ''));
  } else if (typeof action === 'object' && action !== null) {
    const message = action as { tool_calls?: { id: string; type: string; function: { name: string; arguments: string } }[] };
    const first = message.tool_calls?.[0];
    if (first) {
      const args = first.function.arguments;
      variants.push({ ...message, tool_calls: [{ ...first, function: { ...first.function, arguments: args.slice(0, Math.max(1, args.length - rng.int(1, 2))) } }] });
    }
    variants.push({ role: 'assistant', content: `I will use ${call.tool} for this.` });
  }
  const start = rng.int(0, Math.max(0, variants.length - 1));
  for (let i = 0; i < variants.length; i++) {
    const variant = variants[(start + i) % variants.length];
    if (unreadable(scope, variant)) return variant;
  }
  return null;
}

/** The call made with a misspelt tool name or with a real tool the episode does not offer. */
export function toolnameMistake(scope: MistakeScope, call: SolutionCall, rng: Rng): unknown | null {
  const registry = scope.environment.registry;
  const offered = new Set(scope.instance.tools);
  const name = call.tool;
  const misspelt = [`${name}s`, name.replace(/_/g, ''), name.toLowerCase() === name ? name.toUpperCase() : name.toLowerCase(), `${name}_v2`, `get${name}`].filter(
    (n) => n !== name && /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/.test(n) && !registry.has(n),
  );
  const unoffered = registry.names().filter((n) => !offered.has(n));
  const useUnoffered = unoffered.length > 0 && (misspelt.length === 0 || rng.chance(0.35));
  const wrong = useUnoffered ? rng.pick(unoffered) : misspelt.length > 0 ? rng.pick(misspelt) : null;
  return wrong === null ? null : encodeCall(scope, { tool: wrong, arguments: call.arguments });
}

const UNKNOWN_FIELDS = ['query', 'id', 'limit', 'verbose', 'options'];

/** The call with arguments that fail the tool's schema: a required field dropped, a stray field, or a wrong type. */
export function argumentsMistake(scope: MistakeScope, call: SolutionCall, rng: Rng): unknown | null {
  const entry = scope.environment.registry.get(call.tool);
  if (!entry) return null;
  const args = call.arguments as Record<string, JsonValue>;
  const variants: Record<string, JsonValue>[] = [];
  for (const key of entry.required) {
    if (key in args) {
      const copy = { ...args };
      delete copy[key];
      variants.push(copy);
    }
  }
  if (entry.argumentNames !== null) {
    const stray = UNKNOWN_FIELDS.find((k) => !entry.argumentNames!.has(k));
    if (stray !== undefined) variants.push({ ...args, [stray]: 1 });
  }
  for (const [key, value] of Object.entries(args)) {
    if (typeof value === 'string') variants.push({ ...args, [key]: 12345 });
    else if (typeof value === 'number') variants.push({ ...args, [key]: `${value} units` });
    else if (typeof value === 'boolean') variants.push({ ...args, [key]: 'yes' });
    else if (Array.isArray(value)) variants.push({ ...args, [key]: value.map(String).join(',') });
  }
  const start = rng.int(0, Math.max(0, variants.length - 1));
  for (let i = 0; i < variants.length; i++) {
    const variant = variants[(start + i) % variants.length]!;
    if (!checkArguments(entry, variant).ok) return encodeCall(scope, { tool: call.tool, arguments: variant });
  }
  return null;
}

/** The final call with an answer the instance's comparison rule rejects. */
export function answerMistake(scope: MistakeScope, rng: Rng): unknown | null {
  const { instance, environment } = scope;
  const truth = instance.solution.answer;
  const candidates: string[] = [];
  const number = Number(truth);
  if (truth.trim() !== '' && Number.isFinite(number)) {
    const delta = rng.int(1, 9) * (rng.chance(0.5) ? 1 : -1);
    candidates.push(String(number + delta), String(number * 10 + 1));
  }
  candidates.push('I could not find it.', truth === 'None' ? '42' : 'None', `${truth.slice(0, Math.floor(truth.length / 2))}`, 'unknown');
  for (const answer of candidates) {
    if (answer === truth) continue;
    if (!compareAnswer(answer, instance.groundTruth as JsonValue, instance.compare, { rivals: instance.rivals, query: instance.query }).correct) {
      return encodeCall(scope, { tool: environment.definition.finish.tool, arguments: environment.definition.finish.args(answer) });
    }
  }
  return null;
}
