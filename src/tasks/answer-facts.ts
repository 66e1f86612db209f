/**
 * The facts a grader reads out of answer text: numbers as numbers (never digit substrings), whole
 * mentions of a name (bounded by non-letters), and the key facts of a short free-text answer.
 */
import { asciiNumberEnd } from './ascii-numbers.js';

/** A number not glued to a letter, digit or dot before it: "127" never yields 27, "A27" yields nothing. */
const NUMBER_TOKEN = /(?<![\p{L}\p{N}.,])(?:-(?=\d))?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\p{L}\p{N}]|\.\d)/gu;

export interface NumberMention {
  readonly value: number;
  readonly index: number;
  readonly end: number;
}

/** Every number written in the text, in order. "2024-03-02" gives 2024, 3 and 2. */
export function numberMentions(text: string, limit = Infinity): NumberMention[] {
  const out: NumberMention[] = [];
  const kind = textKind(text);
  // NUMBER_TOKEN needs an ASCII digit; ASCII text is read by hand (ascii-numbers.ts), other text by
  // exec on the shared regex (matchAll would construct a copy of it per call).
  if (kind === NO_DIGIT) return out;
  if (kind === ASCII) {
    for (let i = 0; i < text.length; i++) {
      const end = asciiNumberEnd(text, i);
      if (end === -1) continue;
      push(out, text.slice(i, end), i);
      if (out.length >= limit) break;
      i = end - 1;
    }
    return out;
  }
  NUMBER_TOKEN.lastIndex = 0;
  for (let m = NUMBER_TOKEN.exec(text); m !== null; m = NUMBER_TOKEN.exec(text)) {
    push(out, m[0], m.index);
    if (out.length >= limit) break;
  }
  NUMBER_TOKEN.lastIndex = 0;
  return out;
}

function push(out: NumberMention[], written: string, index: number): void {
  const value = Number(written.includes(',') ? written.replace(/,/g, '') : written);
  if (Number.isFinite(value)) out.push({ value, index, end: index + written.length });
}

const NO_DIGIT = 0;
const ASCII = 1;
const OTHER = 2;

function textKind(text: string): typeof NO_DIGIT | typeof ASCII | typeof OTHER {
  let digit = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 127) return hasAsciiDigit(text) ? OTHER : NO_DIGIT;
    if (code >= 48 && code <= 57) digit = true;
  }
  return digit ? ASCII : NO_DIGIT;
}

/** Whether the text holds a digit 0-9 (what `\\d` matches without the `v` flag). */
export function hasAsciiDigit(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) return true;
  }
  return false;
}

/** The numbers of the text, the first `limit` of them when given. */
export function numbersIn(text: string, limit = Infinity): number[] {
  const mentions = numberMentions(text, limit);
  const out: number[] = [];
  for (let i = 0; i < mentions.length; i++) out.push(mentions[i]!.value);
  return out;
}

/** The first number written in the text, or null (reads no further than it). */
export function firstNumberIn(text: string): number | null {
  NUMBER_TOKEN.lastIndex = 0;
  for (let m = NUMBER_TOKEN.exec(text); m !== null; m = NUMBER_TOKEN.exec(text)) {
    const value = Number(m[0].replace(/,/g, ''));
    if (Number.isFinite(value)) {
      NUMBER_TOKEN.lastIndex = 0;
      return value;
    }
  }
  return null;
}

const PLAIN_NUMBER = /^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

/** The value of a text that is one number and nothing else, else null. */
export function numericValue(text: string): number | null {
  const t = text.trim();
  // PLAIN_NUMBER starts with a digit or a minus sign: names are turned away without the regex.
  const first = t.charCodeAt(0);
  if (first !== 45 && !(first >= 48 && first <= 57)) return null;
  if (!PLAIN_NUMBER.test(t)) return null;
  const n = Number(t.replace(/,/g, ''));
  return Number.isFinite(n) ? n : null;
}

export const sameNumber = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

const WORD_CHAR = /[\p{L}\p{N}]/u;

function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const code = ch.charCodeAt(0);
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return WORD_CHAR.test(ch);
}

/** Where `needle` occurs in `hay` as a whole mention (no letter or digit glued to either end), or -1. */
export function findMention(hay: string, needle: string, from = 0): number {
  if (needle === '') return -1;
  let at = hay.indexOf(needle, from);
  while (at >= 0) {
    if (!isWordChar(hay[at - 1]) && !isWordChar(hay[at + needle.length])) return at;
    at = hay.indexOf(needle, at + 1);
  }
  return -1;
}

/** The text with every whole mention of `needle` blanked out (so what is left can be searched for others). */
export function blankMentions(hay: string, needle: string): string {
  let out = hay;
  let at = findMention(out, needle);
  while (at >= 0) {
    out = `${out.slice(0, at)}${' '.repeat(needle.length)}${out.slice(at + needle.length)}`;
    at = findMention(out, needle, at + needle.length);
  }
  return out;
}

/** The word written right after each number of a text ("21 days" -> days), for unit checks. */
function unitsAfterNumbers(text: string): Map<number, string> {
  const units = new Map<number, string>();
  const after = /\s*([\p{L}%$]+)/uy;
  for (const m of numberMentions(text)) {
    after.lastIndex = m.end;
    const word = after.exec(text)?.[1]?.toLowerCase();
    if (word !== undefined && !units.has(m.value)) units.set(m.value, word);
  }
  return units;
}

const POLARITY = /^(yes|no)\b/i;

/**
 * Why a free-text answer misstates the key facts of the truth, or null when they agree: the same
 * numbers (none missing, none added), each with the unit the truth gives it, and the same yes/no.
 */
export function keyFactMismatch(answer: string, truth: string): string | null {
  const want = numbersIn(truth);
  // A few more than the truth has is enough to find one too many; reading on would only cost time.
  const got = numbersIn(answer, want.length + 8);
  const missing = want.filter((w) => !got.some((g) => sameNumber(g, w)));
  if (missing.length > 0) return `the answer does not give ${missing.slice(0, 5).join(', ')}`;
  const extra = got.filter((g) => !want.some((w) => sameNumber(g, w)));
  if (extra.length > 0) return `the answer gives ${extra.slice(0, 5).join(', ')}${extra.length > 5 ? '...' : ''}, which the truth does not`;
  const gotUnits = unitsAfterNumbers(answer);
  for (const [value, unit] of unitsAfterNumbers(truth)) {
    const said = gotUnits.get(value);
    if (said !== undefined && said !== unit && said.replace(/s$/, '') !== unit.replace(/s$/, '')) return `expected ${value} ${unit}, got ${value} ${said}`;
  }
  const polarity = POLARITY.exec(truth.trim())?.[1]?.toLowerCase();
  if (polarity !== undefined) {
    const opposite = polarity === 'yes' ? 'no' : 'yes';
    if (new RegExp(`\\b${opposite}\\b`, 'i').test(answer)) return `the truth says ${polarity}`;
  }
  return null;
}
