import { z } from 'zod';
import type { JsonValue } from '../core/json.js';
import { blankMentions, findMention, firstNumberIn, hasAsciiDigit, keyFactMismatch, numbersIn, numericValue, sameNumber } from './answer-facts.js';
import { sameRecordId } from './salesforce-id.js';
import { checkShape, DEFAULT_JSON_LIMITS, nestsDeeperThan } from '../actions/safe-json.js';

/** Other phrasings of "no such thing" that count as None when the truth is None (the task's policy text names them). */
const noneForms = { none: z.array(z.string()).optional() };

/**
 * How a final answer is compared with the ground truth. A null ground truth is the string "None"
 * (or one of the rule's `none` forms). Rules that could be satisfied by listing every candidate
 * (contains-all) also refuse answers naming a rival, other numbers, or far longer than the truth.
 */
export const CompareRuleSchema = z.discriminatedUnion('kind', [
  /** Equal after trimming whitespace and surrounding quotes; `ids: 'salesforce'` also takes the 15-character form of an 18-character id. */
  z.object({ kind: z.literal('exact'), ids: z.literal('salesforce').optional(), ...noneForms }),
  /** Equal after lower-casing, folding whitespace and dropping punctuation at the ends. */
  z.object({ kind: z.literal('normalized'), ...noneForms }),
  /**
   * Every ground-truth item is mentioned whole (numbers as numbers), and nothing else that competes:
   * no rival of the instance, no number that is neither a truth item nor in the query, and not far
   * longer than the truth.
   */
  z.object({ kind: z.literal('contains-all'), ...noneForms }),
  /** Same set of items, any order: the answer is a JSON array or a comma/newline separated list. */
  z.object({ kind: z.literal('set'), ...noneForms }),
  /** The first number in the answer (a whole number, not digits inside another) is within tolerance of the ground truth. */
  z.object({ kind: z.literal('number'), tolerance: z.number().min(0).default(1e-6), relative: z.boolean().default(false), ...noneForms }),
  /**
   * Normalised token F1 against the ground truth text is at least the threshold, and (unless
   * `keyFacts` is false) the key facts agree exactly: the same numbers with the same units, the same yes/no.
   */
  z.object({ kind: z.literal('token-f1'), threshold: z.number().min(0).max(1), keyFacts: z.boolean().default(true), ...noneForms }),
]);
export type CompareRule = z.infer<typeof CompareRuleSchema>;
export type CompareRuleInput = z.input<typeof CompareRuleSchema>;

export interface Verdict {
  readonly correct: boolean;
  /** 1 or 0, or the F1 score for token-f1. */
  readonly score: number;
  /** Why, in a sentence. */
  readonly detail: string;
}

export const NONE = 'None';

export function trimQuotes(text: string): string {
  const [start, end] = quotedSpan(text, 0, text.length);
  return text.slice(start, end);
}

/** The span of text[start, end) without surrounding whitespace and matching quotes, by index: no copy per layer. */
function quotedSpan(text: string, start: number, end: number): [number, number] {
  for (;;) {
    while (start < end && isSpace(text.charCodeAt(start))) start++;
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    const first = text[start];
    if (end - start < 2 || (first !== '"' && first !== "'" && first !== '`') || text[end - 1] !== first) return [start, end];
    start++;
    end--;
  }
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || (code > 127 && /\s/.test(String.fromCharCode(code)));
}

/** Whitespace that folding would change: a run of two, or one that is not a plain space. */
const UNFOLDED_SPACE = /\s\s|[^\S ]/;

export function normalizeText(text: string): string {
  // ASCII is its own NFKC form, and text without unfolded whitespace is its own fold: both skipped.
  let t = trimQuotes(text);
  const ascii = asciiSpacing(t);
  if (ascii === NOT_ASCII) {
    t = t.normalize('NFKC').toLowerCase();
    if (UNFOLDED_SPACE.test(t)) t = t.replace(/\s+/g, ' ');
  } else {
    // Lower-casing ASCII moves no whitespace, so the scan of the text before it holds after it.
    t = t.toLowerCase();
    if (ascii === UNFOLDED) t = t.replace(/\s+/g, ' ');
  }
  return trimEdgePunctuation(t);
}

const NOT_ASCII = 0;
const UNFOLDED = 1;
const FOLDED = 2;

/** NOT_ASCII, or for ASCII text whether UNFOLDED_SPACE would match it (a whitespace run of two, or a tab, newline, vertical tab, form feed or return). */
function asciiSpacing(text: string): typeof NOT_ASCII | typeof UNFOLDED | typeof FOLDED {
  let unfolded = false;
  let lastWasSpace = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 127) return NOT_ASCII;
    if (code === 32) {
      if (lastWasSpace) unfolded = true;
      lastWasSpace = true;
    } else if (code >= 9 && code <= 13) {
      unfolded = true;
      lastWasSpace = true;
    } else lastWasSpace = false;
  }
  return unfolded ? UNFOLDED : FOLDED;
}

/** Whitespace and punctuation dropped at both ends by index scanning: an end-anchored regex is quadratic on long punctuation runs. */
function trimEdgePunctuation(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isEdgePunctuation(text.charCodeAt(start))) start++;
  while (end > start && isEdgePunctuation(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/** 1 for the ASCII characters trimmed at the ends: whitespace and the punctuation below. */
const ASCII_EDGE = new Uint8Array(128);
for (const c of '.,;:!?"\'`()[]{}') ASCII_EDGE[c.charCodeAt(0)] = 1;
for (const code of [9, 10, 11, 12, 13, 32]) ASCII_EDGE[code] = 1;

function isEdgePunctuation(code: number): boolean {
  return code < 128 ? ASCII_EDGE[code] === 1 : isSpace(code);
}

/** The canonical text of a ground-truth value, as the oracle would say it. */
export function answerText(value: JsonValue): string {
  if (value === null) return NONE;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((v) => answerText(v)).join(', ');
  return JSON.stringify(value);
}

function items(value: JsonValue): string[] {
  if (Array.isArray(value)) return value.map((v) => answerText(v));
  return [answerText(value)];
}

export function splitList(answer: string): string[] {
  // Peel brackets in a loop, not by recursion (10,000 `[` overflowed the stack); JSON is tried on the
  // outer levels only, since parsing at every level made the cost quadratic in the nesting.
  let [start, end] = quotedSpan(answer, 0, answer.length);
  for (let level = 0; start < end && answer[start] === '['; level++) {
    if (level < JSON_LIST_LEVELS) {
      const list = jsonList(answer.slice(start, end));
      if (list !== null) return list;
    }
    [start, end] = quotedSpan(answer, start + 1, end - 1 > start && answer[end - 1] === ']' ? end - 1 : end);
  }
  return answer.slice(start, end).split(/[,\n;]/).map((s) => s.trim()).filter((s) => s !== '');
}

const JSON_LIST_LEVELS = 3;

/** The items of a JSON array as text, or null when the text is not a JSON array of sane depth and size. */
function jsonList(text: string): string[] | null {
  if (nestsDeeperThan(text, DEFAULT_JSON_LIMITS.maxDepth)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || checkShape(parsed, { ...DEFAULT_JSON_LIMITS, maxChars: Number.MAX_SAFE_INTEGER, maxNodes: Number.MAX_SAFE_INTEGER }) !== null) return null;
  return parsed.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
}

export function tokens(text: string): string[] {
  return normalizeText(text).replace(/[^\p{L}\p{N}\s]/gu, ' ').split(/\s+/).filter((t) => t !== '' && !STOPWORDS.has(t));
}

const STOPWORDS = new Set(['a', 'an', 'the', 'of', 'to', 'and', 'or', 'in', 'on', 'for', 'is', 'are', 'be']);

export function tokenF1(prediction: string, truth: string): number {
  const p = tokens(prediction);
  const t = tokens(truth);
  if (p.length === 0 || t.length === 0) return p.length === t.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const tok of t) counts.set(tok, (counts.get(tok) ?? 0) + 1);
  let common = 0;
  for (const tok of p) {
    const c = counts.get(tok) ?? 0;
    if (c > 0) {
      common++;
      counts.set(tok, c - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / p.length;
  const recall = common / t.length;
  return (2 * precision * recall) / (precision + recall);
}

const yes = (detail: string): Verdict => ({ correct: true, score: 1, detail });
const no = (detail: string): Verdict => ({ correct: false, score: 0, detail });

/** What else a grader knows about the instance besides its ground truth. */
export interface CompareContext {
  /** Other values of the answer's kind that a correct answer must not name (the instance's `rivals`). */
  readonly rivals?: readonly string[] | undefined;
  /** The query: numbers it states may be repeated in an answer. */
  readonly query?: string | undefined;
}

/** How much longer than the truth a contains-all answer may be: room for a sentence, not for a list. */
export const MAX_LENGTH_FACTOR = 4;
export const MAX_LENGTH_SLACK = 60;

/** Compares a final answer (null when the agent gave up) with the ground truth under a rule. */
export function compareAnswer(answer: string | null, truth: JsonValue, rule: CompareRule, context: CompareContext = {}): Verdict {
  if (answer === null) return no('no answer was given');
  if (truth === null) {
    const said = normalizeText(answer);
    const accepted = [NONE, ...(rule.none ?? [])].map(normalizeText);
    return accepted.includes(said) ? yes('the answer is None, as expected') : no(`expected None, got ${JSON.stringify(trimQuotes(answer))}`);
  }
  switch (rule.kind) {
    case 'exact': {
      const expected = answerText(truth);
      const said = trimQuotes(answer);
      const same = rule.ids === 'salesforce' ? sameRecordId(said, expected) : said === expected;
      return same ? yes('exact match') : no(`expected ${JSON.stringify(expected)}`);
    }
    case 'normalized': {
      const expected = answerText(truth);
      return normalizeText(answer) === normalizeText(expected) ? yes('match after normalisation') : no(`expected ${JSON.stringify(expected)}`);
    }
    case 'contains-all':
      return containsAll(answer, items(truth), context);
    case 'set': {
      const want = new Set(items(truth).map(normalizeText));
      const got = new Set(splitList(answer).map(normalizeText));
      const same = want.size === got.size && [...want].every((w) => got.has(w));
      return same ? yes('same set of items') : no(`expected the set {${[...want].join(', ')}}, got {${[...got].join(', ')}}`);
    }
    case 'number':
      return oneNumber(answer, typeof truth === 'number' ? truth : firstNumberIn(answerText(truth)), rule, context);
    case 'token-f1': {
      const expected = answerText(truth);
      const f1 = tokenF1(answer, expected);
      const wrongFact = rule.keyFacts ? keyFactMismatch(answer, expected) : null;
      if (wrongFact !== null) return { correct: false, score: 0, detail: `a key fact is wrong: ${wrongFact}` };
      return { correct: f1 >= rule.threshold, score: f1, detail: `token F1 ${f1.toFixed(3)} against threshold ${rule.threshold}` };
    }
  }
}

/**
 * number: one number is asked, so the answer must give it (within tolerance), no other number
 * besides those the query itself states, and be no longer than a sentence: pasting a tool's
 * output, or listing candidates, fails.
 */
function oneNumber(answer: string, want: number | null, rule: Extract<CompareRule, { kind: 'number' }>, context: CompareContext): Verdict {
  const said = numbersIn(answer);
  if (said.length === 0 || want === null) return no('no number in the answer');
  // Written once: a template's `${want}` is this same String(want).
  const wantText = String(want);
  const room = MAX_LENGTH_FACTOR * wantText.length + MAX_LENGTH_SLACK;
  if (answer.length > room) return no(`the answer is far longer (${answer.length} characters) than one number needs (at most ${room})`);
  const allowed = rule.relative ? rule.tolerance * Math.abs(want) : rule.tolerance;
  let got: number | undefined;
  let allClose = true;
  for (const n of said) {
    if (isClose(n, want, allowed)) got ??= n;
    else allClose = false;
  }
  // The query's numbers only matter when some number of the answer is not the one asked.
  if (got !== undefined && allClose) return yes(`${got} is within ${allowed} of ${wantText}`);
  const queryNumbers = numbersIn(context.query ?? '');
  const inQuery = (n: number) => queryNumbers.some((q) => sameNumber(q, n));
  if (got === undefined) return no(`expected ${wantText} (within ${allowed}), got ${said.find((n) => !inQuery(n)) ?? said[0]}`);
  const stray = said.filter((n) => !isClose(n, want, allowed) && !inQuery(n));
  if (stray.length > 0) return no(`one number is asked, but the answer also gives ${stray.slice(0, 5).join(', ')}`);
  return yes(`${got} is within ${allowed} of ${wantText}`);
}

function isClose(n: number, want: number, allowed: number): boolean {
  return Math.abs(n - want) <= allowed + 1e-9;
}

/** The text with every whole mention of a query token that holds a digit ("2024-06-22", "30") blanked. */
function withoutQueryTokens(hay: string, query: string): string {
  let out = hay;
  for (const raw of normalizeText(query).split(' ')) {
    // Trimming takes only punctuation and whitespace off the ends: a token without a digit has none after it.
    if (hasAsciiDigit(raw)) out = blankMentions(out, trimEdgePunctuation(raw));
  }
  return out;
}

/** contains-all: each item mentioned whole, no rival, no stray number, no padding. */
function containsAll(answer: string, want: readonly string[], context: CompareContext): Verdict {
  const said = normalizeText(answer);
  let hay = said;
  const wantText = normalizeText(want.join(', '));
  if (hay.length > MAX_LENGTH_FACTOR * wantText.length + MAX_LENGTH_SLACK) return no(`the answer is far longer (${hay.length} characters) than what was asked (${wantText.length})`);
  const missing: string[] = [];
  const wantNumbers: number[] = [];
  const wantTexts: string[] = [];
  // The numbers of `hay`, read again only after a blanking changed it.
  let hayNumbers: number[] | null = null;
  // Longest first: a title inside another title ("X gains momentum" in "The view: x gains momentum")
  // is then looked for outside the longer one's mention, which is blanked before it.
  const ordered = [...want].sort((a, b) => b.length - a.length);
  for (const item of ordered) {
    const value = numericValue(item);
    if (value !== null) {
      wantNumbers.push(value);
      hayNumbers ??= numbersIn(hay);
      if (!hasNumber(hayNumbers, value)) missing.push(item);
      continue;
    }
    const needle = normalizeText(item);
    wantTexts.push(needle);
    if (findMention(hay, needle) < 0) missing.push(item);
    else {
      hay = blankMentions(hay, needle);
      hayNumbers = null;
    }
  }
  if (missing.length > 0) return no(`missing ${missing.map((m) => JSON.stringify(m)).join(', ')}`);
  const query = context.query ?? '';
  const saidNumbers = hayNumbers ?? numbersIn(hay);
  // A query number excuses a rival only where the answer restates it as the query wrote it: "22"
  // alone is a rival temperature even when the query's date is 2024-06-22. Read only for a numeric rival.
  let restNumbers: number[] | null = null;
  for (const rival of context.rivals ?? []) {
    const value = numericValue(rival);
    if (value !== null) {
      restNumbers ??= numbersIn(withoutQueryTokens(hay, query));
      if (hasNumber(restNumbers, value) && !hasNumber(wantNumbers, value)) return no(`the answer also names ${JSON.stringify(rival)}, which is not the answer`);
      continue;
    }
    const text = normalizeText(rival);
    // A rival inside a truth item ("Rovers" in "Rovers Reserves") is looked for outside the truth's mentions; any other rival anywhere.
    const where = wantTexts.some((w) => w.includes(text)) ? hay : said;
    if (findMention(where, text) >= 0) return no(`the answer also names ${JSON.stringify(rival)}, which is not the answer`);
  }
  if (saidNumbers.length === 0) return yes('every expected item is present and nothing competing');
  // Numbers outside the truth's mentions are strays (a pasted output's dates and counts), except
  // those the query states and how many items there are ("the 3 newest are ...").
  const allowed = [...wantNumbers, ...numbersIn(query), want.length];
  const stray = saidNumbers.filter((n) => !hasNumber(allowed, n));
  if (stray.length > 0) return no(`the answer also gives the number${stray.length > 1 ? 's' : ''} ${stray.slice(0, 5).join(', ')}, which ${stray.length > 1 ? 'are' : 'is'} not asked`);
  return yes('every expected item is present and nothing competing');
}

function hasNumber(numbers: readonly number[], value: number): boolean {
  for (const n of numbers) if (sameNumber(n, value)) return true;
  return false;
}
