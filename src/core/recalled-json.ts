import type { JsonValue } from './json.js';
import { noteOrigin, type ListOrigin } from './list-origin.js';
import { RecentNotes } from './recent-notes.js';

/**
 * Recent tool outputs whose JSON text an agent may pass back as an argument (CRMArena's case
 * lists go from tool to tool in every episode). An action text that holds one of these texts
 * verbatim is read by parsing only the rest and putting a frozen value equal to the output's
 * parse in its place. Recognition compares the text itself, character for character, so the
 * result is always the one a full parse gives; only speed depends on what is remembered.
 * Bounded by entries, oldest forgotten first; an entry keeps no copy of its text (see RecallEntry).
 */
export interface RecallEntry {
  /** The first HEAD_CHARS characters of the text, as a string of their own (not a slice of the text). */
  readonly head: string;
  /** Length of the text. */
  readonly chars: number;
  /** Nesting depth of the value (the outermost container is 1). */
  readonly depth: number;
  /** Whether `text` holds this entry's text verbatim at `at`. */
  matchesAt(text: string, at: number): boolean;
  /** A frozen value equal to `JSON.parse` of the text. */
  value(): JsonValue & object;
  /** The text itself, `JSON.stringify(value())`. */
  text(): string;
  /** Where the value's items come from (see list-origin), noted as the value is handed out. */
  readonly origin?: ListOrigin | undefined;
}

/** Texts shorter than this are parsed as they come: a parse costs about as much as a look-up. */
export const RECALL_MIN_CHARS = 1024;
/**
 * Flat records are remembered from this length: a `{key: number}` record of a few dozen means
 * costs more to parse, validate and write back (a shortest-digits conversion per number) than the
 * look-ups it takes to find it. Action texts are looked into from this length while such a record is remembered.
 */
export const RECORD_MIN_CHARS = 128;
/** Characters of a text's start that key its look-up. */
export const HEAD_CHARS = 48;
/** Enough for the latest outputs of a few hundred episodes played side by side. */
const MAX_ENTRIES = 256;
/** How many array or object openings of an action text are tried as the start of a remembered text. */
const MAX_STARTS = 8;

const byHead = new Map<string, RecallEntry[]>();
/** The entries in a ring, the oldest at `next` once it is full: no Map entry, iterator or identity hash per remembered output. */
const ring = new Array<RecallEntry | undefined>(MAX_ENTRIES).fill(undefined);
let next = 0;
let remembered = 0;
/** How many remembered entries are shorter than RECALL_MIN_CHARS (flat records). */
let short = 0;
/**
 * The latest frozen values handed out, with their entries, so that consumers can tell a recalled
 * value from a parsed one within the step that parsed it (the argument check, the transcript
 * text). A value asked about after it has left these reads as not recalled, and is then validated
 * or written in full, with the same result. `strings` is whether the value is a list of strings,
 * 0 while not yet asked (1 yes, 2 no).
 */
const handed = new RecentNotes<{ readonly entry: RecallEntry; strings: 0 | 1 | 2 }>(16);

/** Remembers an output whose text starts with `[` or `{` and is at least `minChars` long (RECALL_MIN_CHARS, or RECORD_MIN_CHARS for a flat record). */
export function rememberJson(entry: RecallEntry, minChars = RECALL_MIN_CHARS): void {
  const open = entry.head.charCodeAt(0);
  if (entry.chars < minChars || entry.head.length !== HEAD_CHARS || (open !== 91 && open !== 123)) return;
  if (entry.chars < RECALL_MIN_CHARS) short++;
  let bucket = byHead.get(entry.head);
  if (bucket === undefined) byHead.set(entry.head, (bucket = []));
  bucket.push(entry);
  const oldest = ring[next];
  ring[next] = entry;
  next = (next + 1) % MAX_ENTRIES;
  if (oldest === undefined) remembered++;
  else forget(oldest);
}

function forget(entry: RecallEntry): void {
  if (entry.chars < RECALL_MIN_CHARS) short--;
  const bucket = byHead.get(entry.head)!;
  bucket.splice(bucket.indexOf(entry), 1);
  if (bucket.length === 0) byHead.delete(entry.head);
}

/** Whether a value is one that recallJson handed out lately (frozen; equal to a parse of its text). */
export function isRecalled(value: unknown): boolean {
  return handed.has(value);
}

/** `JSON.stringify(value)` of a value recallJson handed out lately, without walking it; undefined for any other value. */
export function recalledText(value: unknown): string | undefined {
  return handed.get(value)?.entry.text();
}

/** Whether a value is an array recallJson handed out lately that holds only strings (looked at once per hand-out). */
export function isRecalledStringList(value: unknown): boolean {
  const note = handed.get(value);
  if (note === undefined || !Array.isArray(value)) return false;
  if (note.strings === 0) {
    let strings = true;
    for (let i = 0; i < value.length && strings; i++) strings = typeof value[i] === 'string';
    note.strings = strings ? 1 : 2;
  }
  return note.strings === 1;
}

/** The remembered entry whose text is found verbatim at `at`, newest first. */
function rememberedAt(text: string, at: number): RecallEntry | undefined {
  const bucket = byHead.get(text.slice(at, at + HEAD_CHARS));
  if (bucket === undefined) return undefined;
  for (let i = bucket.length - 1; i >= 0; i--) {
    const entry = bucket[i]!;
    if (at + entry.chars <= text.length && entry.matchesAt(text, at)) return entry;
  }
  return undefined;
}

/** Stands in for the remembered text while the rest is parsed. */
const SENTINEL = '\uffff';
const SENTINEL_TOKEN = `"${SENTINEL}"`;
/** Text that could itself decode to the sentinel: the raw character or its escape. */
const SENTINEL_LOOKALIKE = /\uffff|\\u[fF]{4}/;

/**
 * `JSON.parse(text)` when the text holds a remembered text as one of its values, with that
 * value frozen; undefined when it does not (or is invalid JSON, or nests deeper than maxDepth):
 * the caller then parses the text itself.
 */
export function recallJson(text: string, maxDepth: number): JsonValue | undefined {
  const shortest = short > 0 ? RECORD_MIN_CHARS : RECALL_MIN_CHARS;
  if (remembered === 0 || text.length < shortest) return undefined;
  // The openings in text order, each kind found by a native search: the first MAX_STARTS are tried.
  let bracket = text.indexOf('[');
  let brace = text.indexOf('{');
  for (let tries = 0; tries < MAX_STARTS; tries++) {
    let at: number;
    if (bracket !== -1 && (brace === -1 || bracket < brace)) {
      at = bracket;
      bracket = text.indexOf('[', at + 1);
    } else if (brace !== -1) {
      at = brace;
      brace = text.indexOf('{', at + 1);
    } else return undefined;
    if (text.length - at < shortest) return undefined;
    const found = rememberedAt(text, at);
    if (found !== undefined) return substitute(text, at, found, maxDepth);
  }
  return undefined;
}

/**
 * Parses the text with the remembered part replaced by a sentinel string. When that parses and
 * the sentinel comes back exactly once, as a value, the remembered text stood in a value's place:
 * the whole text is valid JSON and parses to the same thing with the remembered value there.
 */
function substitute(text: string, at: number, found: RecallEntry, maxDepth: number): JsonValue | undefined {
  const before = text.slice(0, at);
  const after = text.slice(at + found.chars);
  if (SENTINEL_LOOKALIKE.test(before) || SENTINEL_LOOKALIKE.test(after)) return undefined;
  let rest: JsonValue;
  try {
    rest = JSON.parse(before + SENTINEL_TOKEN + after) as JsonValue;
  } catch {
    return undefined;
  }
  if (rest === SENTINEL) return found.depth <= maxDepth ? spotted(text, at, found, handOut(found)) : undefined;
  const place = findSentinel(rest, maxDepth, found.depth);
  if (place === null) return undefined;
  Object.defineProperty(place.holder, place.key, { value: spotted(text, at, found, handOut(found)), writable: true, enumerable: true, configurable: true });
  return rest;
}

/** The latest recall: the action text, where the remembered text stood in it, how long it is, and the value put in its place. */
let spotText: string | null = null;
let spotAt = -1;
let spotChars = 0;
let spotValue: unknown = undefined;

function spotted(text: string, at: number, entry: RecallEntry, value: JsonValue): JsonValue {
  spotText = text;
  spotAt = at;
  spotChars = entry.chars;
  spotValue = value;
  return value;
}

/**
 * Where `JSON.stringify(value)` ends in `text` when the latest recall found it there verbatim at
 * `at` and handed out `value` in its place (no character is compared again), else -1.
 */
export function recalledEndAt(text: string, at: number, value: unknown): number {
  return value === spotValue && at === spotAt && text === spotText ? at + spotChars : -1;
}

/** How many characters of `text` the latest recall read as a remembered text (0 when it was about another text). */
export function recalledCharsIn(text: string): number {
  return text === spotText ? spotChars : 0;
}

function handOut(entry: RecallEntry): JsonValue {
  const value = entry.value();
  handed.set(value, { entry, strings: 0 });
  if (entry.origin !== undefined) noteOrigin(value, entry.origin);
  return value;
}

interface Place {
  readonly holder: object;
  readonly key: string | number;
}

/**
 * Where the sentinel is, when it appears exactly once and only as a value, and the value with
 * the remembered one in its place nests no deeper than maxDepth; else null. Iterative.
 */
function findSentinel(root: JsonValue, maxDepth: number, foundDepth: number): Place | null {
  let place: Place | null = null;
  const stack: { value: JsonValue; depth: number }[] = [{ value: root, depth: 1 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > maxDepth) return null;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item = value[i]!;
        if (item === SENTINEL) {
          if (place !== null || depth + foundDepth > maxDepth) return null;
          place = { holder: value, key: i };
        } else if (typeof item === 'object' && item !== null) stack.push({ value: item, depth: depth + 1 });
      }
    } else {
      for (const key of Object.keys(value)) {
        if (key === SENTINEL) return null;
        const item = value[key]!;
        if (item === SENTINEL) {
          if (place !== null || depth + foundDepth > maxDepth) return null;
          place = { holder: value, key };
        } else if (typeof item === 'object' && item !== null) stack.push({ value: item, depth: depth + 1 });
      }
    }
  }
  return place;
}
