import type { JsonValue } from '../core/json.js';

/**
 * A value as stored in a record: plain JSON, a copy of whatever a policy produced. Defined as
 * `JSON.parse(JSON.stringify(value))` (null when that writes nothing, the value's text when it
 * throws, a string as it is); plain values (arrays and plain objects of strings, numbers,
 * booleans and null) are copied directly, the same result without writing and reading text.
 * A step copies its action and each call's arguments, so this runs a few times per step.
 */
export function jsonCopy(value: unknown): JsonValue {
  if (typeof value === 'string') return value;
  try {
    const copied = plainCopy(value, 0);
    if (copied !== NOT_PLAIN) return copied === ABSENT ? null : copied;
  } catch {
    // a getter that throws: the text round trip below meets it too
  }
  try {
    const text = JSON.stringify(value);
    return text === undefined ? null : (JSON.parse(text) as JsonValue);
  } catch {
    return String(value);
  }
}

/** Anything the direct copy does not handle the way JSON text would (toJSON, classes, bigint, cycles, `__proto__` keys, ...). */
const NOT_PLAIN = Symbol('not plain');
/** A value JSON.stringify leaves out (undefined, a function, a symbol): null in an array, no member in an object. */
const ABSENT = Symbol('absent');
/** Deeper than this, the text round trip decides (it throws on cycles; the copy would recurse). */
const MAX_DEPTH = 64;

type Copied = JsonValue | typeof NOT_PLAIN | typeof ABSENT;

function plainCopy(value: unknown, depth: number): Copied {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // non-finite numbers are written as null; -0 as 0
      return Number.isFinite(value) ? value + 0 : null;
    case 'undefined':
    case 'function':
    case 'symbol':
      return ABSENT;
    case 'object':
      break;
    default:
      return NOT_PLAIN;
  }
  if (value === null) return null;
  if (depth >= MAX_DEPTH) return NOT_PLAIN;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (Array.isArray(value)) {
    if (proto !== Array.prototype || 'toJSON' in value) return NOT_PLAIN;
    const out: JsonValue[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = plainCopy(value[i], depth + 1);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      out[i] = item === ABSENT ? null : item;
    }
    return out;
  }
  if ((proto !== Object.prototype && proto !== null) || 'toJSON' in (value as object)) return NOT_PLAIN;
  const record = value as Record<string, unknown>;
  const out: Record<string, JsonValue> = {};
  for (const key of Object.keys(record)) {
    if (key === '__proto__') return NOT_PLAIN;
    const item = plainCopy(record[key], depth + 1);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    if (item !== ABSENT) out[key] = item;
  }
  return out;
}
