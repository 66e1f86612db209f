import type { JsonValue } from './json.js';
import { HEAD_CHARS, RECALL_MIN_CHARS, rememberJson, type RecallEntry } from './recalled-json.js';

/**
 * JSON text of shared immutable records (frozen plain objects whose own properties are all data
 * properties holding primitives), made once per record and kept while it lives. Tools that hand
 * out a world's shared records (CRMArena's case views) return the same objects call after call;
 * their text need not be rebuilt each time.
 */
const recordTexts = new WeakMap<object, string>();
/** Shared records whose text does not parse back to an equal record (a -0, NaN or an infinity). */
const inexactTexts = new WeakMap<object, string>();
/** Frozen objects seen not to qualify (an accessor, a nested value, another prototype). */
const notRecords = new WeakSet<object>();

/** Arrays shorter than this are stringified whole: the cache cannot pay for itself. */
const MIN_ITEMS = 8;

/** 1 for a shared record whose JSON parses back to an equal record, 2 for one that does not, 0 for no shared record. */
function sharedRecordKind(value: object): 0 | 1 | 2 {
  if (!Object.isFrozen(value)) return 0;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return 0;
  const descriptors = Object.getOwnPropertyDescriptors(value);
  if (Object.getOwnPropertySymbols(descriptors).length > 0) return 0;
  // JSON.parse makes Object.prototype records: a null-prototype one does not come back the same.
  let kind: 1 | 2 = proto === null ? 2 : 1;
  for (const key of Object.keys(descriptors)) {
    const d = descriptors[key]!;
    if (!('value' in d) || !d.enumerable) return 0;
    const v: unknown = d.value;
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || Object.is(v, -0)) kind = 2;
    } else if (typeof v === 'object' ? v !== null : typeof v !== 'string' && typeof v !== 'boolean') return 0;
  }
  return kind;
}

/** Set by recordText: whether the last record it read parses back from its text unchanged. */
let lastExact = true;

function recordText(item: unknown): string | null {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return null;
  const known = recordTexts.get(item);
  if (known !== undefined) {
    lastExact = true;
    return known;
  }
  if (notRecords.has(item) || !Object.isFrozen(item)) return null;
  const inexact = inexactTexts.get(item);
  if (inexact !== undefined) {
    lastExact = false;
    return inexact;
  }
  const kind = sharedRecordKind(item);
  if (kind === 0) {
    notRecords.add(item);
    return null;
  }
  const text = JSON.stringify(item);
  (kind === 1 ? recordTexts : inexactTexts).set(item, text);
  lastExact = kind === 1;
  return text;
}

/** The cached JSON text of a shared record whose text parses back to an equal record, else null. */
export function exactRecordText(item: unknown): string | null {
  const text = recordText(item);
  return text !== null && lastExact ? text : null;
}

/** Arrays of shared records whose texts their maker gave (see knowListText). */
const knownLists = new WeakMap<object, KnownList>();

interface KnownList {
  readonly parts: readonly string[];
  readonly joined: string | null;
}

/**
 * Tells jsonText the texts of an output array of shared records, so that it neither looks each
 * record up nor, when `joined` is given, joins them: `parts[i]` must be `exactRecordText(records[i])`
 * and `joined`, when given, `parts.join(',')` (a slice of a text the maker keeps anyway, such as
 * the joined texts of every record of a table, so that remembering it for recall keeps no new text).
 */
export function knowListText(records: readonly object[], parts: readonly string[], joined: string | null = null): void {
  knownLists.set(records, { parts, joined });
}

/**
 * Exactly `JSON.stringify(value)`; an array of shared records is joined from their cached texts,
 * and when long enough, remembered (see recalled-json), so that an agent that passes the text
 * back as an argument gets the same records without a parse.
 */
export function jsonText(value: JsonValue): string {
  if (!Array.isArray(value)) return JSON.stringify(value);
  const known = knownLists.get(value);
  if (known !== undefined) return knownText(value as readonly object[], known);
  if (value.length < MIN_ITEMS) return JSON.stringify(value);
  const parts: string[] = new Array(value.length);
  let exact = true;
  for (let i = 0; i < value.length; i++) {
    const text = recordText(value[i]);
    if (text === null) return JSON.stringify(value);
    exact &&= lastExact;
    parts[i] = text;
  }
  const text = `[${parts.join(',')}]`;
  if (exact && text.length >= RECALL_MIN_CHARS) rememberJson(new RecordList(value as readonly object[], parts, null, headOf(parts), text.length));
  return text;
}

function knownText(records: readonly object[], known: KnownList): string {
  const text = `[${known.joined ?? known.parts.join(',')}]`;
  if (text.length >= RECALL_MIN_CHARS) rememberJson(new RecordList(records, known.parts, known.joined, headOf(known.parts), text.length));
  return text;
}

/** The first HEAD_CHARS characters of `[part,part,...]`, built from the first parts only, so the long text is not kept alive. */
function headOf(parts: readonly string[]): string {
  let head = '[';
  for (let i = 0; i < parts.length && head.length < HEAD_CHARS; i++) head += (i > 0 ? ',' : '') + parts[i];
  return head.slice(0, HEAD_CHARS);
}

/**
 * An output array of shared records, remembered for recall. It keeps a copy of the array and its records'
 * texts (shared with the per-record cache), not the joined text, unless that is a slice of a text
 * kept anyway: a match is checked part by part, or against that slice in one comparison.
 */
class RecordList implements RecallEntry {
  readonly depth = 2;
  /** A frozen copy: the output array itself may be changed by whoever holds it, its records cannot. */
  readonly records: readonly object[];
  constructor(
    records: readonly object[],
    readonly parts: readonly string[],
    readonly joined: string | null,
    readonly head: string,
    readonly chars: number,
  ) {
    this.records = Object.freeze(records.slice());
  }

  matchesAt(text: string, at: number): boolean {
    if (text.charCodeAt(at) !== 91) return false;
    const end = at + this.chars - 1;
    if (this.joined !== null) return this.records.length > 0 && text.charCodeAt(end) === 93 && text.slice(at + 1, end) === this.joined;
    const parts = this.parts;
    const n = parts.length;
    let pos = at + 1;
    for (let i = 0; i < n; i++) {
      const part = parts[i]!;
      // A slice compares as a block; startsWith goes character by character.
      if (text.slice(pos, pos + part.length) !== part) return false;
      pos += part.length;
      if (text.charCodeAt(pos) !== (i === n - 1 ? 93 : 44)) return false;
      pos++;
    }
    return n > 0 && pos - at === this.chars;
  }

  value(): JsonValue[] {
    return this.records as JsonValue[];
  }

  text(): string {
    return `[${this.joined ?? this.parts.join(',')}]`;
  }
}
