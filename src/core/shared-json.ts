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

/**
 * Exactly `JSON.stringify(value)`; an array of shared records is joined from their cached texts,
 * and when long enough, remembered (see recalled-json), so that an agent that passes the text
 * back as an argument gets the same records without a parse.
 */
export function jsonText(value: JsonValue): string {
  if (!Array.isArray(value) || value.length < MIN_ITEMS) return JSON.stringify(value);
  const parts: string[] = new Array(value.length);
  let exact = true;
  for (let i = 0; i < value.length; i++) {
    const text = recordText(value[i]);
    if (text === null) return JSON.stringify(value);
    exact &&= lastExact;
    parts[i] = text;
  }
  const text = `[${parts.join(',')}]`;
  if (exact && text.length >= RECALL_MIN_CHARS) rememberJson(new RecordList(value as readonly object[], headOf(parts), text.length));
  return text;
}

/** The first HEAD_CHARS characters of `[part,part,...]`, built from the first parts only, so the long text is not kept alive. */
function headOf(parts: readonly string[]): string {
  let head = '[';
  for (let i = 0; i < parts.length && head.length < HEAD_CHARS; i++) head += (i > 0 ? ',' : '') + parts[i];
  return head.slice(0, HEAD_CHARS);
}

/**
 * An output array of shared records, remembered for recall. It keeps the array, not its text:
 * a match is checked against each record's cached text, as the array holds them at that moment.
 */
class RecordList implements RecallEntry {
  readonly depth = 2;
  constructor(
    readonly records: readonly object[],
    readonly head: string,
    readonly chars: number,
  ) {}

  matchesAt(text: string, at: number): boolean {
    if (text.charCodeAt(at) !== 91) return false;
    const records = this.records;
    const n = records.length;
    let pos = at + 1;
    for (let i = 0; i < n; i++) {
      const part = recordTexts.get(records[i] as object);
      // A slice compares as a block; startsWith goes character by character.
      if (part === undefined || text.slice(pos, pos + part.length) !== part) return false;
      pos += part.length;
      if (text.charCodeAt(pos) !== (i === n - 1 ? 93 : 44)) return false;
      pos++;
    }
    return n > 0 && pos - at === this.chars;
  }

  value(): JsonValue[] {
    return Object.freeze(this.records.slice()) as JsonValue[];
  }
}
