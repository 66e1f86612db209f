import { deepFreeze } from './deep-freeze.js';

/**
 * Shared frozen views of immutable world records, and the JSON of outputs that hold them.
 *
 * A tool that shows a world record the same way on every call (a listing, a league table, an
 * article) can hand out one deep-frozen view per record and variant instead of a fresh object;
 * the view's JSON text is made once with it. An output that holds such views is marked by the
 * tool (`holdingViews`), and `outputJson` writes it with the views' texts spliced in: exactly
 * `JSON.stringify(output)`, without re-serialising the records.
 */

const viewTexts = new WeakMap<object, string>();
const holders = new WeakSet<object>();

/**
 * The views `build` makes of shared, immutable records: made once per record (and variant, for
 * a view that also depends on a small state-derived choice, e.g. in stock or not), deep-frozen
 * with their JSON text, and kept while the record lives. Made once per `build`, at module level;
 * `build` must be a function of its arguments only, and `context` fixed for the record (the world
 * it belongs to), as only the record and the variant tell views apart.
 */
export class SharedViews<R extends object, C, V extends object> {
  readonly #plain = new WeakMap<R, V>();
  readonly #variants = new WeakMap<R, Map<string | number, V>>();

  constructor(readonly build: (record: R, context: C, variant: string | number) => V) {}

  of(record: R, context: C, variant?: string | number): V {
    if (!sharing) return this.build(record, context, variant ?? 0);
    if (variant === undefined) {
      let view = this.#plain.get(record);
      if (view === undefined) this.#plain.set(record, (view = this.#make(record, context, 0)));
      return view;
    }
    let byVariant = this.#variants.get(record);
    if (byVariant === undefined) this.#variants.set(record, (byVariant = new Map()));
    let view = byVariant.get(variant);
    if (view === undefined) byVariant.set(variant, (view = this.#make(record, context, variant)));
    return view;
  }

  #make(record: R, context: C, variant: string | number): V {
    const view = this.build(record, context, variant);
    deepFreeze(view);
    const text = JSON.stringify(view);
    // A toJSON would be called with another key inside an output: such a view is not spliced.
    if (typeof text === 'string' && !('toJSON' in view)) viewTexts.set(view, text);
    return view;
  }
}

let sharing = true;

/** Runs `fn` with every view built afresh (neither shared nor frozen): the plain definition tests hold shared views to. */
export function withFreshViews<T>(fn: () => T): T {
  const was = sharing;
  sharing = false;
  try {
    return fn();
  } finally {
    sharing = was;
  }
}

/** Marks an output that holds shared views, so `outputJson` splices their texts; returns it. */
export function holdingViews<T extends object>(output: T): T {
  holders.add(output);
  return output;
}

/** Past this depth the walk gives up (a cycle, or something no tool returns) and JSON.stringify decides. */
const MAX_DEPTH = 64;

/** Set when the walk meets something it does not write itself (toJSON, a class instance, a bigint). */
let gaveUp = false;

/**
 * Exactly `JSON.stringify(value)`. For an output marked by `holdingViews`, plain objects and
 * arrays are written here and shared views take their cached text.
 */
export function outputJson(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !holders.has(value)) return JSON.stringify(value);
  gaveUp = false;
  const text = write(value, 0);
  return gaveUp ? JSON.stringify(value) : text;
}

function write(value: object, depth: number): string {
  const cached = viewTexts.get(value);
  if (cached !== undefined) return cached;
  if (depth > MAX_DEPTH || 'toJSON' in value) {
    gaveUp = true;
    return '';
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += member(value[i], depth) ?? 'null';
      if (gaveUp) return '';
    }
    return `${out}]`;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    gaveUp = true;
    return '';
  }
  let out = '{';
  let first = true;
  for (const key of Object.keys(value)) {
    const text = member((value as Record<string, unknown>)[key], depth);
    if (gaveUp) return '';
    if (text === undefined) continue;
    out += `${first ? '' : ','}${quotedKey(key)}:${text}`;
    first = false;
  }
  return `${out}}`;
}

/** Keys as JSON text; tools use a few hundred key names, so the first MAX_KEYS seen are kept. */
const quotedKeys = new Map<string, string>();
const MAX_KEYS = 4096;

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < MAX_KEYS) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/** A member's text, or undefined for what JSON leaves out (undefined, a function, a symbol). */
function member(v: unknown, depth: number): string | undefined {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      return v === null ? 'null' : write(v, depth + 1);
    case 'bigint':
      gaveUp = true;
      return '';
    default:
      return undefined;
  }
}
