/**
 * The answer index of a template in a world: its draws grouped by answer, so generation picks the
 * answer first (with balanced weights) and then a draw that yields it, with no redraws. Built once
 * per (template, world) from draws on fixed streams of the template, until the draw space stops
 * giving new queries or a budget is spent; it is a pure function of (template, world).
 */
import { stableJson, type JsonObject, type JsonValue } from '../core/json.js';
import { estimateHeapBytes } from '../core/heap-estimate.js';
import { isSharedValue } from '../core/shared-json.js';
import { chargeWorld } from '../core/world-cache.js';
import { rngStream } from '../core/rng.js';
import { answerText } from './compare.js';
import { balancedShares } from './balance.js';
import { drawAnswer, TemplateError, type Drawn, type Sandbox } from './draw.js';
import type { Conversation, SolutionCall } from './instance.js';
import type { TaskTemplate } from './template.js';
import { normalizeText } from './compare.js';

/** Most valid draws an index holds (counting repeats). */
export const INDEX_DRAWS = 400;
/** Most draws tried (valid or not) while building an index. */
export const INDEX_ATTEMPTS = 4000;
/** A template with no valid draw after this many attempts cannot be drawn in the world. */
export const INDEX_HOPELESS = 1000;
/** An index is complete when this many valid draws in a row bring no new query. */
export const INDEX_SATURATED = 80;

/** One distinct query of the index, with everything about it that does not depend on the episode seed. */
export interface IndexEntry {
  readonly values: Readonly<Record<string, JsonValue>>;
  readonly calls: readonly SolutionCall[];
  readonly answer: JsonValue;
  readonly answerText: string;
  readonly params: JsonObject;
  readonly context: JsonObject;
  readonly rivals: readonly string[] | undefined;
  /** The multi-turn conversation of a template that has one. */
  readonly conversation: Conversation | undefined;
  /** The answer key balance works on (the template's answer class, else the answer text). */
  readonly key: string;
}

export interface AnswerIndex {
  readonly entries: readonly IndexEntry[];
  /** Cumulative balanced probability of the entries (the last is 1). */
  readonly cumulative: Float64Array;
  /** Raw draw counts per answer key, and their balanced shares. */
  readonly keyCounts: ReadonlyMap<string, number>;
  readonly keyShares: ReadonlyMap<string, number>;
}

/** The entry for a uniform number u in [0, 1). */
export function pickEntry(index: AnswerIndex, u: number): IndexEntry {
  const c = index.cumulative;
  let lo = 0;
  let hi = c.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (c[mid]! > u) hi = mid;
    else lo = mid + 1;
  }
  return index.entries[lo]!;
}

const indexes = new WeakMap<TaskTemplate, WeakMap<object, AnswerIndex | TemplateError>>();

/** The template's answer index over the sandbox's world (built on first use, then kept while the world lives). */
export function answerIndexOf<W, S>(sandbox: Sandbox<W, S>, template: TaskTemplate<W, S>): AnswerIndex {
  const world = sandbox.world as object;
  let byWorld = indexes.get(template);
  if (!byWorld) indexes.set(template, (byWorld = new WeakMap()));
  let index = byWorld.get(world);
  if (!index) {
    // A template that cannot be drawn in a world fails the same way on every later use, without retrying.
    try {
      index = buildIndex(sandbox, template);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      index = error;
    }
    byWorld.set(world, index);
    // Kept as long as the world: the world cache's bound counts it (shared records are the world's own).
    if (!(index instanceof TemplateError)) chargeWorld(world, estimateHeapBytes(index, isSharedValue));
  }
  if (index instanceof TemplateError) throw index;
  return index;
}

function buildIndex<W, S>(sandbox: Sandbox<W, S>, template: TaskTemplate<W, S>): AnswerIndex {
  const byValues = new Map<string, { entry: IndexEntry; count: number }>();
  const reasons: string[] = [];
  let valid = 0;
  let sinceNew = 0;
  let attempts = 0;
  for (; attempts < INDEX_ATTEMPTS && valid < INDEX_DRAWS && sinceNew < INDEX_SATURATED && !(valid === 0 && attempts >= INDEX_HOPELESS); attempts++) {
    const attempt = attempts;
    const drawn = drawAnswer(sandbox, template, `index-${attempt}`, rngStream('answer-index', template.id, String(attempt)));
    if ('why' in drawn) {
      if (reasons.length < 3 && !reasons.includes(drawn.why)) reasons.push(drawn.why);
      continue;
    }
    valid++;
    const id = stableJson(drawn.values);
    const seen = byValues.get(id);
    if (seen) {
      seen.count++;
      sinceNew++;
    } else {
      byValues.set(id, { entry: entryOf(template, drawn), count: 1 });
      sinceNew = 0;
    }
  }
  if (byValues.size === 0) throw new TemplateError(`template ${template.id}: no valid instance in this world after ${attempts} draws (${reasons.join('; ')})`);
  const keyCounts = new Map<string, number>();
  for (const { entry, count } of byValues.values()) keyCounts.set(entry.key, (keyCounts.get(entry.key) ?? 0) + count);
  const keyShares = balancedShares(keyCounts);
  const entries: IndexEntry[] = [];
  const cumulative = new Float64Array(byValues.size);
  let sum = 0;
  for (const { entry, count } of byValues.values()) {
    sum += (keyShares.get(entry.key)! * count) / keyCounts.get(entry.key)!;
    cumulative[entries.length] = sum;
    entries.push(entry);
  }
  for (let i = 0; i < cumulative.length; i++) cumulative[i] = cumulative[i]! / sum;
  cumulative[cumulative.length - 1] = 1;
  return { entries, cumulative, keyCounts, keyShares };
}

function entryOf<W, S>(template: TaskTemplate<W, S>, drawn: Drawn<W, S>): IndexEntry {
  const { values, scope, answer, conversation } = drawn;
  const calls = conversation ? conversation.intents.flatMap((intent) => intent.calls) : drawn.calls;
  const params: JsonObject = template.params ? template.params(scope) : {};
  const context: JsonObject = template.context ? template.context(scope) : {};
  const rivals = template.rivals ? rivalTexts(template.rivals({ ...scope, params }), answer) : undefined;
  const key = template.answerClass ? template.answerClass({ values, answer }) : queryValueClass(values, answerText(answer)) ?? answerText(answer);
  Object.freeze(values);
  Object.freeze(calls);
  return Object.freeze({ values, calls, answer, answerText: answerText(answer), params, context, rivals, conversation, key });
}

/**
 * An answer that repeats one of the query's own values ("the end date" of a window asked about)
 * is a class a constant policy can play ("answer the second value"): it is balanced as that class.
 */
function queryValueClass(values: Readonly<Record<string, JsonValue>>, answer: string): string | null {
  for (const [name, value] of Object.entries(values)) if (typeof value === 'string' && value === answer) return `the query's ${name}`;
  return null;
}

/** The rivals as answer texts, without duplicates and without any that equal a ground-truth item. */
function rivalTexts(values: readonly JsonValue[], truth: JsonValue): string[] {
  const truthKeys = new Set((Array.isArray(truth) ? truth : [truth]).map((v) => normalizeText(answerText(v))));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of values) {
    const text = answerText(value);
    const key = normalizeText(text);
    if (key === '' || truthKeys.has(key) || seen.has(key)) continue;
    seen.add(key);
    out.push(text);
  }
  return out;
}
