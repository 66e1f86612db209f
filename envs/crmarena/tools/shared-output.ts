import type { JsonValue } from '../../../src/core/json.js';

/** JSON texts of frozen outputs made once from an org's immutable data (see sharedOutput). */
const texts = new WeakMap<object, string>();

/**
 * A deep-frozen output that a tool hands out on every call with the same inputs (an index's list
 * of ids), made once with its JSON text, which the observation then reads instead of
 * serialising it again. The values are primitives, so freezing the copy freezes it all.
 */
export function sharedOutput(values: readonly (string | number | boolean | null)[]): JsonValue {
  const output = Object.freeze(values.slice());
  texts.set(output, JSON.stringify(output));
  return output as JsonValue;
}

/** `JSON.stringify(output)` of a sharedOutput, else undefined. */
export function sharedOutputText(output: JsonValue): string | undefined {
  return typeof output === 'object' && output !== null ? texts.get(output) : undefined;
}
