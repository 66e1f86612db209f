import { stableJson } from '../core/json.js';

/** Deeper than this (or cyclic), a value goes to stableJson, which serialises it or throws as it always did. */
const MAX_DEPTH = 200;
/** Marks a value the engine's JSON.stringify cannot give in stableJson's bytes. */
const UNEXPRESSIBLE = Symbol('unexpressible');

/**
 * The bytes stableJson gives (keys sorted at every level), in a fraction of its time: objects whose
 * keys already come in order are kept, the others copied with their keys inserted in order, and the
 * result goes through the engine's JSON.stringify. What insertion order cannot express (a key
 * starting with a digit, which the engine may list first; `__proto__`), what stringifies
 * differently (toJSON, boxed primitives, other prototypes) and what is too deep is handed to
 * stableJson whole.
 */
export function replyJson(value: unknown): string {
  const ordered = inKeyOrder(value, 0);
  return ordered === UNEXPRESSIBLE ? stableJson(value) : JSON.stringify(ordered);
}

/** `value` with every object's keys in sorted order: itself where they already are. */
function inKeyOrder(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) return UNEXPRESSIBLE;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const ordered = inKeyOrder(item, depth + 1);
      if (ordered === UNEXPRESSIBLE) return UNEXPRESSIBLE;
      if (ordered !== item) (copy ??= value.slice())[i] = ordered;
    }
    return copy ?? value;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if ((proto !== Object.prototype && proto !== null) || typeof (value as { toJSON?: unknown }).toJSON === 'function') return UNEXPRESSIBLE;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let sorted = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const first = key.charCodeAt(0);
    if ((first >= 48 && first <= 57) || key === '__proto__') return UNEXPRESSIBLE;
    if (i > 0 && keys[i - 1]! > key) sorted = false;
  }
  if (!sorted) keys.sort();
  let copy: Record<string, unknown> | undefined = sorted ? undefined : {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const item = record[key];
    const ordered = inKeyOrder(item, depth + 1);
    if (ordered === UNEXPRESSIBLE) return UNEXPRESSIBLE;
    if (copy === undefined && ordered !== item) {
      copy = {};
      for (let j = 0; j < i; j++) copy[keys[j]!] = record[keys[j]!];
    }
    if (copy !== undefined) copy[key] = ordered;
  }
  return copy ?? value;
}
