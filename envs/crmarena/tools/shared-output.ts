import type { JsonValue } from '../../../src/core/json.js';
import { HEAD_CHARS, RECALL_MIN_CHARS, rememberJson, type RecallEntry } from '../../../src/core/recalled-json.js';
import { flat } from '../org/flat-string.js';

/** JSON texts of frozen outputs made once from an org's immutable data (see sharedOutput). */
const texts = new WeakMap<object, string>();

/**
 * A frozen output that a tool hands out on every call with the same inputs (an index's list of
 * ids), made once with its JSON text, which the observation then reads instead of serialising it
 * again. The values are primitives, so freezing the copy freezes it all.
 */
export function sharedOutput(values: readonly (string | number | boolean | null)[]): JsonValue {
  const output = Object.freeze(values.slice());
  texts.set(output, JSON.stringify(output));
  return output as JsonValue;
}

/** Whether `value` is a sharedOutput (frozen, the same object on every call that gives it). */
export function isSharedOutput(value: unknown): boolean {
  return typeof value === 'object' && value !== null && texts.has(value);
}

/**
 * `JSON.stringify(output)` of a sharedOutput, else undefined. A long one is remembered for recall
 * (core/recalled-json), so that an agent passing the list back verbatim hands the tool this very
 * object: its text is kept with it anyway, so remembering keeps no new text.
 */
export function sharedOutputText(output: JsonValue): string | undefined {
  if (typeof output !== 'object' || output === null) return undefined;
  const text = texts.get(output);
  if (text !== undefined && text.length >= RECALL_MIN_CHARS && text.charCodeAt(0) === 91) rememberJson(new SharedListEntry(output as readonly JsonValue[], text));
  return text;
}

/** A recall entry per observation of a shared list (the registry counts entries, so each observation makes its own). */
class SharedListEntry implements RecallEntry {
  readonly depth = 1;
  readonly head: string;
  readonly chars: number;
  constructor(
    readonly list: readonly JsonValue[],
    readonly listText: string,
  ) {
    this.head = flat(listText.slice(0, HEAD_CHARS));
    this.chars = listText.length;
  }

  matchesAt(text: string, at: number): boolean {
    return text.slice(at, at + this.chars) === this.listText;
  }

  value(): JsonValue[] {
    return this.list as JsonValue[];
  }

  text(): string {
    return this.listText;
  }
}
