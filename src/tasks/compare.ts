import { z } from 'zod';
import type { JsonValue } from '../core/json.js';
import { checkShape, DEFAULT_JSON_LIMITS, nestsDeeperThan } from '../actions/safe-json.js';

/** How a final answer is compared with the ground truth. A null ground truth is the string "None". */
export const CompareRuleSchema = z.discriminatedUnion('kind', [
  /** Equal after trimming whitespace and surrounding quotes. */
  z.object({ kind: z.literal('exact') }),
  /** Equal after lower-casing, folding whitespace and dropping punctuation at the ends. */
  z.object({ kind: z.literal('normalized') }),
  /** The answer text contains every ground-truth item (normalised). */
  z.object({ kind: z.literal('contains-all') }),
  /** Same set of items, any order: the answer is a JSON array or a comma/newline separated list. */
  z.object({ kind: z.literal('set') }),
  /** The first number in the answer is within tolerance of the ground truth. */
  z.object({ kind: z.literal('number'), tolerance: z.number().min(0).default(1e-6), relative: z.boolean().default(false) }),
  /** Normalised token F1 against the ground truth text is at least the threshold. */
  z.object({ kind: z.literal('token-f1'), threshold: z.number().min(0).max(1) }),
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

export function normalizeText(text: string): string {
  return trimEdgePunctuation(trimQuotes(text).normalize('NFKC').toLowerCase().replace(/\s+/g, ' '));
}

/** Whitespace and punctuation dropped at both ends by index scanning: an end-anchored regex is quadratic on long punctuation runs. */
function trimEdgePunctuation(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isEdgePunctuation(text.charCodeAt(start))) start++;
  while (end > start && isEdgePunctuation(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

const EDGE_PUNCTUATION = new Set([...'.,;:!?"\'`()[]{}'].map((c) => c.charCodeAt(0)));

function isEdgePunctuation(code: number): boolean {
  return EDGE_PUNCTUATION.has(code) || isSpace(code);
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

const NUMBER = /[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?|[-+]?\.\d+/;

export function firstNumber(text: string): number | null {
  const match = NUMBER.exec(text);
  if (!match) return null;
  const n = Number(match[0].replace(/,/g, ''));
  return Number.isFinite(n) ? n : null;
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

/** Compares a final answer (null when the agent gave up) with the ground truth under a rule. */
export function compareAnswer(answer: string | null, truth: JsonValue, rule: CompareRule): Verdict {
  if (answer === null) return no('no answer was given');
  if (truth === null) {
    return normalizeText(answer) === 'none' ? yes('the answer is None, as expected') : no(`expected None, got ${JSON.stringify(trimQuotes(answer))}`);
  }
  const expected = answerText(truth);
  switch (rule.kind) {
    case 'exact':
      return trimQuotes(answer) === expected ? yes('exact match') : no(`expected ${JSON.stringify(expected)}`);
    case 'normalized':
      return normalizeText(answer) === normalizeText(expected) ? yes('match after normalisation') : no(`expected ${JSON.stringify(expected)}`);
    case 'contains-all': {
      const hay = normalizeText(answer);
      const missing = items(truth).filter((item) => !hay.includes(normalizeText(item)));
      return missing.length === 0 ? yes('every expected item is present') : no(`missing ${missing.map((m) => JSON.stringify(m)).join(', ')}`);
    }
    case 'set': {
      const want = new Set(items(truth).map(normalizeText));
      const got = new Set(splitList(answer).map(normalizeText));
      const same = want.size === got.size && [...want].every((w) => got.has(w));
      return same ? yes('same set of items') : no(`expected the set {${[...want].join(', ')}}, got {${[...got].join(', ')}}`);
    }
    case 'number': {
      const got = firstNumber(answer);
      const want = typeof truth === 'number' ? truth : firstNumber(expected);
      if (got === null || want === null) return no('no number in the answer');
      const allowed = rule.relative ? rule.tolerance * Math.abs(want) : rule.tolerance;
      return Math.abs(got - want) <= allowed ? yes(`${got} is within ${allowed} of ${want}`) : no(`expected ${want} (within ${allowed}), got ${got}`);
    }
    case 'token-f1': {
      const f1 = tokenF1(answer, expected);
      return { correct: f1 >= rule.threshold, score: f1, detail: `token F1 ${f1.toFixed(3)} against threshold ${rule.threshold}` };
    }
  }
}
