import { deepFreeze } from './deep-freeze.js';
import type { JsonValue } from './json.js';
import { rememberRecordList, rememberSharedList } from './recall-entries.js';
import { memberPrefix } from './quoted-keys.js';
import { RecentNotes } from './recent-notes.js';

/**
 * The JSON text of shared immutable values, made once per value and kept while it lives, and the
 * JSON of tool outputs that hold them. A value is shared when nothing can change it:
 * - a value given to `sharedValue`, which deep-freezes it (ToolBench's record views, made through
 *   `SharedViews` in shared-views.ts), or
 * - a frozen plain record whose own properties are all data properties holding primitives, found
 *   by its structure (CRMArena's case views and with-state records).
 * `jsonText` is exactly `JSON.stringify`: an output marked by `holdingViews` is walked with shared
 * values anywhere in it taking their text; an array of shared records is joined from their texts
 * (or from the texts its maker gave, `knowListText`) and, when long, remembered for recall.
 */

/** Each shared value's text, as the walk of a marked output reads it. */
const texts = new WeakMap<object, string>();
/**
 * The same texts of the shared values that are flat records parsing back from their text to an
 * equal record (not a nested view, a -0, NaN or an infinity, a null prototype), which recall may
 * hand out: what a list of records reads, in one look-up per record.
 */
const exactTexts = new WeakMap<object, string>();

/** Shared values that are lists of primitives: jsonText remembers them for recall (see rememberSharedList). */
const primitiveLists = new WeakSet<object>();

function remember(value: object, text: string, exact: boolean): void {
  texts.set(value, text);
  if (exact) exactTexts.set(value, text);
}
/** Frozen objects seen not to be records (an accessor, a nested value, another prototype), and not given to sharedValue. */
const notShared = new WeakSet<object>();

/** 1 for a flat record whose JSON parses back to an equal record, 2 for one that does not, 0 for no flat record. */
function recordKind(value: object): 0 | 1 | 2 {
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

/**
 * Deep-freezes `value` and makes its JSON text once; returns it. Whoever holds it afterwards
 * holds it read-only. Only plain data keeps its text once frozen: a value holding anything else
 * (a getter, a `toJSON`, whose text depends on where it stands, a Date, which freezing does not
 * stop from changing) is frozen but gets no text, and is written afresh each time.
 */
export function sharedValue<V extends object>(value: V): V {
  deepFreeze(value);
  if (isPlainData(value, 0)) {
    remember(value, JSON.stringify(value), recordKind(value) === 1);
    if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) primitiveLists.add(value);
  }
  return value;
}

/** Whether `value` is a shared value with its text (deep-frozen plain data, see sharedValue): it cannot change. */
export function isSharedValue(value: unknown): boolean {
  return typeof value === 'object' && value !== null && texts.has(value);
}

/** Frozen plain objects and arrays of own enumerable data properties all the way down, without a toJSON, to MAX_DEPTH. */
function isPlainData(value: object, depth: number): boolean {
  if (depth > MAX_DEPTH || !Object.isFrozen(value) || 'toJSON' in value) return false;
  const proto = Object.getPrototypeOf(value);
  if (Array.isArray(value) ? proto !== Array.prototype : proto !== Object.prototype && proto !== null) return false;
  const descriptors = Object.getOwnPropertyDescriptors(value);
  for (const key of Object.keys(descriptors)) {
    const d = descriptors[key]!;
    if (!('value' in d)) return false;
    if (!d.enumerable) continue;
    const v: unknown = d.value;
    if (typeof v === 'object' ? v !== null && !isPlainData(v, depth + 1) : typeof v === 'bigint') return false;
  }
  return true;
}

/** Set by sharedText: whether the last value it gave a text for parses back from it as a flat record. */
let lastExact = true;

/** A shared value's text (made on first sight for a frozen record), or null for any other value. */
function sharedText(item: object): string | null {
  const exact = exactTexts.get(item);
  if (exact !== undefined) {
    lastExact = true;
    return exact;
  }
  const known = texts.get(item);
  if (known !== undefined) {
    lastExact = false;
    return known;
  }
  if (!Object.isFrozen(item) || notShared.has(item)) return null;
  const kind = recordKind(item);
  if (kind === 0) {
    notShared.add(item);
    return null;
  }
  const text = JSON.stringify(item);
  remember(item, text, kind === 1);
  lastExact = kind === 1;
  return text;
}

/** The cached JSON text of a shared flat record whose text parses back to an equal record, else null. */
export function exactRecordText(item: unknown): string | null {
  if (typeof item !== 'object' || item === null) return null;
  const text = sharedText(item);
  return text !== null && lastExact ? text : null;
}

/** A list output whose texts its maker gave (knowListText). */
interface KnownList {
  readonly parts: readonly string[];
  readonly joined: string | null;
}

/** The latest outputs marked as holding shared values: an output that has left these is stringified whole, which gives the same text. */
const held = new RecentNotes<true>(4);
/** The latest lists told by knowListText: their maker's observation reads them within the same step; a list that has left these is joined from its records' texts, to the same text. */
const told = new RecentNotes<KnownList>(8);

/** Marks an output that holds shared values (anywhere), so jsonText splices their texts; returns it. */
export function holdingViews<T extends object>(output: T): T {
  held.set(output, true);
  return output;
}

/**
 * Whether `output` is one of the latest outputs marked by holdingViews: for tests that hold every
 * tool whose output holds shared values to marking it (an unmarked one is written by
 * JSON.stringify: the same text, without the values' cached texts).
 */
export function isMarkedOutput(output: object): boolean {
  return held.has(output);
}

/**
 * Tells jsonText the texts of an output array of shared records, so that it neither looks each
 * record up nor, when `joined` is given, joins them. `parts` are the records' texts
 * (`exactRecordText(records[i])`) in order, in pieces: a piece is the text of one record or the
 * texts of consecutive records joined by commas, so that `parts.join(',')` is the records' texts
 * joined by commas (one piece per record is the plain case). `joined`, when given, is that join
 * (a slice of a text the maker keeps anyway, such as the joined texts of every record of a table,
 * so that remembering it for recall keeps no new text), and `parts` may then be empty.
 * `parts` must be the caller's own array (its ends are set aside for a moment while it is joined) or frozen.
 */
export function knowListText(records: readonly object[], parts: readonly string[], joined: string | null = null): void {
  told.set(records, { parts, joined });
}

/** Arrays shorter than this are stringified whole: looking their items up cannot pay for itself. */
const MIN_ITEMS = 8;

/**
 * Exactly `JSON.stringify(value)`. A marked output is written with its shared values' texts; an
 * array of shared records is joined from their texts and, when long enough, remembered (see
 * recalled-json), so that an agent that passes the text back as an argument gets the same records
 * without a parse.
 */
export function jsonText(value: JsonValue): string;
export function jsonText(value: unknown): string | undefined;
export function jsonText(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (held.has(value)) return walked(value);
  const known = told.get(value);
  if (known !== undefined) return knownText(value as readonly object[], known);
  const own = texts.get(value);
  if (own !== undefined) {
    if (primitiveLists.has(value)) rememberSharedList(value as readonly JsonValue[], own);
    return own;
  }
  if (!Array.isArray(value) || value.length < MIN_ITEMS) return JSON.stringify(value);
  const parts: string[] = new Array(value.length);
  let exact = true;
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    const text = typeof item === 'object' && item !== null ? sharedText(item) : null;
    if (text === null) return JSON.stringify(value);
    exact &&= lastExact;
    parts[i] = text;
  }
  const text = bracketed(parts);
  if (exact) rememberRecordList(value as readonly object[], parts, null, text.length, text);
  return text;
}

function knownText(records: readonly object[], known: KnownList): string {
  const text = known.joined !== null ? `[${known.joined}]` : bracketed(known.parts);
  rememberRecordList(records, known.parts, known.joined, text.length, text);
  return text;
}

/**
 * `[${parts.join(',')}]` as one flat string: the brackets go into the join, so the text is not a
 * rope that its first reader (recall's comparison, the transcript's cut) copies again.
 */
function bracketed(parts: readonly string[]): string {
  const n = parts.length;
  if (n < 2) return `[${n === 1 ? parts[0] : ''}]`;
  const ends = Object.isFrozen(parts) ? parts.slice() : (parts as string[]);
  const first = ends[0]!;
  const last = ends[n - 1]!;
  ends[0] = `[${first}`;
  ends[n - 1] = `${last}]`;
  const text = ends.join(',');
  ends[0] = first;
  ends[n - 1] = last;
  return text;
}

/** Past this depth the walk gives up (a cycle, or something no tool returns) and JSON.stringify decides. */
const MAX_DEPTH = 64;

/** Set when the walk meets something it does not write itself (toJSON, a class instance, a bigint). */
let gaveUp = false;

function walked(value: object): string | undefined {
  gaveUp = false;
  const text = write(value, 0);
  return gaveUp ? JSON.stringify(value) : text;
}

function write(value: object, depth: number): string {
  // Only texts already made: a marked output's other objects are its maker's fresh ones.
  const shared = texts.get(value);
  if (shared !== undefined) return shared;
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
    out += `${first ? '' : ','}${memberPrefix(key)}${text}`;
    first = false;
  }
  return `${out}}`;
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
