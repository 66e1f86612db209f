import type { JsonValue } from './json.js';
import { originOf, type ListOrigin } from './list-origin.js';
import { HEAD_CHARS, RECALL_MIN_CHARS, RECORD_MIN_CHARS, rememberJson, type RecallEntry } from './recalled-json.js';

/*
 * The outputs recall remembers (see recalled-json): lists of shared records, shared lists of
 * primitives and flat records, each an entry that matches its text in an action text and hands
 * out its value in the text's place.
 */
/**
 * Remembers an output array of shared flat records (each parses back from its text to an equal
 * record) whose text `[parts joined by commas]` is `chars` long (a part is the text of one record
 * or of consecutive records joined by commas); `joined`, when given, is that join, a slice of a
 * text its maker keeps anyway, and `parts` is then not read; `whole`, when given, is the text
 * itself (the observation's own string), kept while the list is among the latest few. Short lists
 * are not remembered.
 */
export function rememberRecordList(records: readonly object[], parts: readonly string[], joined: string | null, chars: number, whole: string | null = null): void {
  if (chars < RECALL_MIN_CHARS) return;
  const entry = new RecordList(records, parts, joined, headOf(joined !== null ? [joined.slice(0, HEAD_CHARS)] : parts), chars);
  if (joined === null && whole !== null && whole.length === chars) keepWhole(entry, whole);
  rememberJson(entry);
}

/**
 * How many of the latest record lists without a joined text keep their whole text: an agent
 * passes a list back within a few steps of the output, and a match is then one comparison instead
 * of one per record. Older ones drop it (and match part by part): a kept text (8-32 KB) is copied
 * by each scavenge it lives through (32 were a fifth of the bytes one copied in the CRMArena step loop).
 */
const WHOLE_TEXTS = 8;
const wholes = new Array<RecordList | undefined>(WHOLE_TEXTS).fill(undefined);
let nextWhole = 0;

function keepWhole(entry: RecordList, whole: string): void {
  const oldest = wholes[nextWhole];
  if (oldest !== undefined) oldest.whole = null;
  entry.whole = whole;
  wholes[nextWhole] = entry;
  nextWhole = (nextWhole + 1) % WHOLE_TEXTS;
}

/** The first HEAD_CHARS characters of `[part,part,...]`, built from the first parts only, so the long text is not kept alive. */
function headOf(parts: readonly string[]): string {
  let head = '[';
  for (let i = 0; i < parts.length && head.length < HEAD_CHARS; i++) head += (i > 0 ? ',' : '') + parts[i];
  return head.slice(0, HEAD_CHARS);
}

const NO_PARTS: readonly string[] = Object.freeze([]);
/**
 * An output array of shared records, remembered for recall. It keeps a copy of the array and its records'
 * texts (shared with the per-record cache), not the joined text, unless that is a slice of a text
 * kept anyway: a match is checked part by part, or against that slice in one comparison.
 */
class RecordList implements RecallEntry {
  readonly depth = 2;
  /** A frozen copy: the output array itself may be changed by whoever holds it, its records cannot. */
  readonly records: readonly object[];
  /** The output's origin, noted when it was made: it holds the very records of the output. */
  readonly origin: ListOrigin | undefined;
  /** The records' texts in parts (see rememberRecordList), kept only when there is no joined text (an entry keeps no more than it reads). */
  readonly parts: readonly string[];
  /** The whole text, `[${parts.join(',')}]`, while this list is among the latest (see keepWhole). */
  whole: string | null = null;
  constructor(
    records: readonly object[],
    parts: readonly string[],
    readonly joined: string | null,
    readonly head: string,
    readonly chars: number,
  ) {
    this.records = Object.freeze(records.slice());
    this.origin = originOf(records);
    this.parts = joined === null ? parts : NO_PARTS;
  }

  matchesAt(text: string, at: number): boolean {
    if (text.charCodeAt(at) !== 91) return false;
    if (this.whole !== null) return text.slice(at, at + this.chars) === this.whole;
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
    return this.whole ?? `[${this.joined ?? this.parts.join(',')}]`;
  }
}

/**
 * Remembers a shared list of primitives (frozen, handed out as it is on every call, its text kept
 * with it by shared-json), so that an agent passing the text back verbatim gives the tool this very
 * list. Each observation remembers it again: the registry counts entries, newest first.
 */
export function rememberSharedList(list: readonly JsonValue[], text: string): void {
  if (text.length >= RECALL_MIN_CHARS && text.charCodeAt(0) === 91) rememberJson(new SharedList(list, text, originOf(list)));
}

class SharedList implements RecallEntry {
  readonly depth = 1;
  readonly head: string;
  readonly chars: number;
  constructor(
    readonly list: readonly JsonValue[],
    readonly listText: string,
    readonly origin: ListOrigin | undefined,
  ) {
    this.head = listText.slice(0, HEAD_CHARS);
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

/**
 * Remembers a frozen flat record whose text is `text`, so that an agent passing the text back as
 * an argument gets this very record. The record must be made by assignment to a fresh `{}` (a
 * tool's `{key: number}` output: no accessors, every property enumerable); one that would not
 * parse back from its text to an equal record (a -0, NaN, an infinity, a nested value, an own
 * `__proto__`, another prototype) is not remembered. `checked`: its maker vouches that it is
 * frozen and parses back equal (a walk of a few dozen keys of a dictionary-mode record is not
 * cheap), so neither is looked at again.
 */
export function rememberFlatRecord(record: object, text: string, checked = false): void {
  if (text.length < RECORD_MIN_CHARS || text.charCodeAt(0) !== 123) return;
  if (!checked && (!Object.isFrozen(record) || !parsesBackEqual(record))) return;
  rememberJson(new FlatRecord(record, text), RECORD_MIN_CHARS);
}

function parsesBackEqual(record: object): boolean {
  if (Object.getPrototypeOf(record) !== Object.prototype) return false;
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key === '__proto__') return false;
    const v: unknown = (record as Record<string, unknown>)[key];
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || Object.is(v, -0)) return false;
    } else if (v !== null && typeof v !== 'string' && typeof v !== 'boolean') return false;
  }
  return true;
}

class FlatRecord implements RecallEntry {
  readonly depth = 1;
  readonly head: string;
  readonly chars: number;
  constructor(
    readonly record: object,
    readonly recordText: string,
  ) {
    this.head = recordText.slice(0, HEAD_CHARS);
    this.chars = recordText.length;
  }

  matchesAt(text: string, at: number): boolean {
    return text.slice(at, at + this.chars) === this.recordText;
  }

  value(): JsonValue & object {
    return this.record as JsonValue & object;
  }

  text(): string {
    return this.recordText;
  }
}
