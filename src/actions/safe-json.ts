import type { JsonValue } from '../core/json.js';
import { recallJson } from '../core/recalled-json.js';

export interface JsonLimits {
  /** Longest text that is parsed at all. */
  maxChars: number;
  /** Deepest nesting of arrays and objects. */
  maxDepth: number;
  /** Most values (of any kind) in one document. */
  maxNodes: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { maxChars: 200_000, maxDepth: 48, maxNodes: 50_000 };

/** Longest text parsed before its nesting is checked (see parseJson). */
const SCAN_FIRST_CHARS = 65_536;

export type JsonParse = { ok: true; value: JsonValue } | { ok: false; message: string };

/**
 * JSON.parse that never throws and refuses documents too long, too deep or too large to be an
 * honest action. JSON.parse defines `__proto__` as an own data property, so no prototype is touched.
 */
export function parseJson(text: string, limits: JsonLimits = DEFAULT_JSON_LIMITS): JsonParse {
  if (text.length > limits.maxChars) return { ok: false, message: `JSON text too long (${text.length} > ${limits.maxChars} characters)` };
  // Texts up to SCAN_FIRST_CHARS are parsed first (V8's JSON.parse is iterative: deep text cannot
  // overflow the stack) and checked on the value, which costs less than a scan of every character;
  // longer ones are scanned first, so a megabyte of brackets is refused before it is built. Either
  // way, when the nesting and another rule both fail, the nesting is named.
  if (text.length > SCAN_FIRST_CHARS && nestsDeeperThan(text, limits.maxDepth)) return nestedTooDeeply(limits);
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch (error) {
    if (nestsDeeperThan(text, limits.maxDepth)) return nestedTooDeeply(limits);
    return { ok: false, message: `invalid JSON: ${(error as Error).message}` };
  }
  // Every value takes at least one character of text and no string is longer than its text, so a
  // text within maxChars and maxNodes already meets those two: only its depth is left to check.
  // Each level of nesting takes its own `[` or `{` (and its closing character), so a text shorter
  // than 2 * (maxDepth + 1), or holding at most maxDepth of those characters anywhere, cannot nest
  // too deeply: the walk of the value is left for texts that could.
  if (text.length <= limits.maxNodes) return text.length < 2 * (limits.maxDepth + 1) || !opensMoreThan(text, limits.maxDepth) || !deeperThan(value, limits.maxDepth) ? { ok: true, value } : nestedTooDeeply(limits);
  const problem = checkShape(value, limits);
  if (problem === null) return { ok: true, value };
  return deeperThan(value, limits.maxDepth) ? nestedTooDeeply(limits) : { ok: false, message: problem };
}

/**
 * parseJson for the JSON of an action: when the text holds, verbatim, the JSON of a recent tool
 * output that is remembered (see core/recalled-json), only the rest is parsed and the output's
 * frozen value takes its place. The result is the one parseJson gives, apart from that frozen part.
 */
export function parseActionJson(text: string, limits: JsonLimits = DEFAULT_JSON_LIMITS): JsonParse {
  if (text.length > limits.maxChars) return parseJson(text, limits);
  const value = recallJson(text, limits.maxDepth);
  if (value === undefined) return parseJson(text, limits);
  // Valid JSON no deeper than maxDepth: only the size rules are left, as in parseJson.
  if (text.length <= limits.maxNodes) return { ok: true, value };
  const problem = checkShape(value, limits);
  return problem === null ? { ok: true, value } : { ok: false, message: problem };
}

function nestedTooDeeply(limits: JsonLimits): { ok: false; message: string } {
  return { ok: false, message: `JSON value nested too deeply (more than ${limits.maxDepth} levels)` };
}

/** Whether the text holds more than `most` characters `[` and `{` (in strings too): found by a character search each, stopping past `most`. */
export function opensMoreThan(text: string, most: number): boolean {
  let count = 0;
  for (let at = text.indexOf('{'); at !== -1; at = text.indexOf('{', at + 1)) if (++count > most) return true;
  for (let at = text.indexOf('['); at !== -1; at = text.indexOf('[', at + 1)) if (++count > most) return true;
  return false;
}

/** Whether a value holds arrays/objects nested more than maxDepth deep (the outermost is depth 1); recursion stops at maxDepth. */
function deeperThan(value: unknown, maxDepth: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (maxDepth < 1) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (deeperThan(value[i], maxDepth - 1)) return true;
    return false;
  }
  for (const key of Object.keys(value)) if (deeperThan((value as Record<string, unknown>)[key], maxDepth - 1)) return true;
  return false;
}

/**
 * Whether JSON text opens more than maxDepth arrays/objects at once, found by one scan and no
 * allocation, so that deeply nested text is refused before JSON.parse spends time building it.
 * Exact for valid JSON; invalid JSON fails to parse anyway.
 */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > maxDepth) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

/**
 * Null when the value is within the limits (and acyclic), else what is wrong: depth, count of
 * values, and characters of text (keys and strings), so that arguments given as an object are
 * held to the same size as arguments given as JSON text. Iterative: no recursion.
 */
export function checkShape(value: unknown, limits: JsonLimits = DEFAULT_JSON_LIMITS): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const flat = flatShape(value);
  if (flat !== null && limits.maxDepth >= 1) {
    if (flat.values + 1 > limits.maxNodes) return tooLarge(limits);
    return flat.chars > limits.maxChars ? tooLong(limits) : null;
  }
  // Depth-first, every value counted as it is popped; two parallel stacks so no pair is allocated per value.
  const values: unknown[] = [value];
  const depths: number[] = [1];
  let nodes = 0;
  let chars = 0;
  while (values.length > 0) {
    const current = values.pop();
    const depth = depths.pop()!;
    if (++nodes > limits.maxNodes) return tooLarge(limits);
    if (typeof current === 'string' && (chars += current.length) > limits.maxChars) return tooLong(limits);
    if (typeof current !== 'object' || current === null) continue;
    if (depth > limits.maxDepth) return `JSON value nested too deeply (more than ${limits.maxDepth} levels)`;
    if (Array.isArray(current)) {
      for (const item of current) {
        values.push(item);
        depths.push(depth + 1);
      }
    } else {
      for (const key of Object.keys(current)) {
        if ((chars += key.length) > limits.maxChars) return tooLong(limits);
        values.push((current as Record<string, unknown>)[key]);
        depths.push(depth + 1);
      }
    }
  }
  return null;
}

function tooLarge(limits: JsonLimits): string {
  return `JSON value too large (more than ${limits.maxNodes} values)`;
}

function tooLong(limits: JsonLimits): string {
  return `JSON value too long (more than ${limits.maxChars} characters of text)`;
}

/** The members and characters of text of an array or object whose members are all primitives, else null (the common case of tool arguments). */
function flatShape(value: object): { values: number; chars: number } | null {
  let chars = 0;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === 'string') chars += item.length;
      else if (typeof item === 'object' && item !== null) return null;
    }
    return { values: value.length, chars };
  }
  const keys = Object.keys(value);
  for (const key of keys) {
    const item = (value as Record<string, unknown>)[key];
    chars += key.length;
    if (typeof item === 'string') chars += item.length;
    else if (typeof item === 'object' && item !== null) return null;
  }
  return { values: keys.length, chars };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
