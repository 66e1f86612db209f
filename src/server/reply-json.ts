import { stableJson } from '../core/json.js';

/** Deeper than this (or cyclic), a value goes to stableJson, which serialises it or throws as it always did. */
const MAX_DEPTH = 200;
/** Strings at least this long are escaped once per reply (a tool's result is both a message's content and the call's observation). */
const LONG_STRING = 128;

/** Thrown inside the walk for what only stableJson may serialise; never escapes replyJson. */
class Unexpressible extends Error {}
const UNEXPRESSIBLE = new Unexpressible('handed to stableJson');

/**
 * The bytes stableJson gives (keys sorted at every level), in less time: no cycle bookkeeping, a
 * key order that is already sorted is not sorted again, and a long string repeated within a reply
 * is escaped once. What stableJson treats differently from a plain walk (toJSON, prototypes other
 * than Object's, `__proto__` keys) and what is too deep (or cyclic) is handed to stableJson whole,
 * so it gives the same bytes or the same error.
 */
export function replyJson(value: unknown): string {
  if (PATCHED_PROTOTYPES.some((proto) => 'toJSON' in proto)) return stableJson(value);
  try {
    return new ReplyWriter().write(value, 0) as string;
  } catch (error) {
    if (error === UNEXPRESSIBLE) return stableJson(value);
    throw error;
  }
}

/** A toJSON on these (not there in a sane process) would be called by stableJson on every value. */
const PATCHED_PROTOTYPES: readonly object[] = [Object.prototype, Array.prototype, String.prototype, Number.prototype, Boolean.prototype];

class ReplyWriter {
  #strings: Map<string, string> | undefined;

  write(value: unknown, depth: number): string | undefined {
    switch (typeof value) {
      case 'string':
        return value.length < LONG_STRING ? JSON.stringify(value) : this.#long(value);
      case 'number':
        return Number.isFinite(value) ? `${value}` : 'null';
      case 'boolean':
        return value ? 'true' : 'false';
      case 'object':
        break;
      default:
        // undefined, functions and symbols give undefined (skipped, or null in an array); a bigint throws as stableJson does.
        return JSON.stringify(value);
    }
    if (value === null) return 'null';
    if (depth > MAX_DEPTH) throw UNEXPRESSIBLE;
    if (Array.isArray(value)) {
      let out = '[';
      for (let i = 0; i < value.length; i++) {
        if (i > 0) out += ',';
        out += this.write(value[i], depth + 1) ?? 'null';
      }
      return `${out}]`;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw UNEXPRESSIBLE;
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    let sorted = true;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (key === 'toJSON' || key === '__proto__') throw UNEXPRESSIBLE;
      if (i > 0 && keys[i - 1]! > key) sorted = false;
    }
    if (!sorted) keys.sort();
    let out = '{';
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const item = this.write(record[key], depth + 1);
      if (item === undefined) continue;
      if (out.length > 1) out += ',';
      out += `${JSON.stringify(key)}:${item}`;
    }
    return `${out}}`;
  }

  #long(value: string): string {
    this.#strings ??= new Map();
    let text = this.#strings.get(value);
    if (text === undefined) {
      text = JSON.stringify(value);
      this.#strings.set(value, text);
    }
    return text;
  }
}
