import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareAnswer, CompareRuleSchema, normalizeText, trimQuotes, type CompareContext, type Verdict } from '../../src/tasks/compare.js';
import { blankMentions, findMention, numberMentions, numbersIn, numericValue, sameNumber } from '../../src/tasks/answer-facts.js';
import { judgeAnswer } from '../../src/core/answer-check.js';
import { toolbenchEnvironment } from '../../envs/toolbench/index.js';
import type { QueryInstance } from '../../src/tasks/instance.js';

// The grader's fast paths (ASCII text skips NFKC and whitespace folding, ASCII word characters skip
// the Unicode regex, the query's numbers are read only when needed) must give exactly what the
// plain definitions give. The references below are those definitions, written the slow way.

const EDGE = /^[\s.,;:!?"'`()[\]{}]+|[\s.,;:!?"'`()[\]{}]+$/g;
const slowNormalize = (text: string): string => trimQuotes(text).normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').replace(EDGE, '');

const slowWordChar = (ch: string | undefined): boolean => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
function slowFindMention(hay: string, needle: string): number {
  if (needle === '') return -1;
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
    if (!slowWordChar(hay[at - 1]) && !slowWordChar(hay[at + needle.length])) return at;
  }
  return -1;
}

const yes = (detail: string): Verdict => ({ correct: true, score: 1, detail });
const no = (detail: string): Verdict => ({ correct: false, score: 0, detail });

function slowWithoutQueryTokens(hay: string, query: string): string {
  let out = hay;
  for (const raw of normalizeText(query).split(' ')) {
    const token = raw.replace(EDGE, '');
    if (/\d/.test(token)) out = blankMentions(out, token);
  }
  return out;
}

/** contains-all as first written: every list read eagerly. */
function slowContainsAll(answer: string, want: readonly string[], context: CompareContext): Verdict {
  const said = normalizeText(answer);
  let hay = said;
  const wantText = normalizeText(want.join(', '));
  if (hay.length > 4 * wantText.length + 60) return no(`the answer is far longer (${hay.length} characters) than what was asked (${wantText.length})`);
  const missing: string[] = [];
  const wantNumbers: number[] = [];
  for (const item of [...want].sort((a, b) => b.length - a.length)) {
    const value = numericValue(item);
    if (value !== null) {
      wantNumbers.push(value);
      if (!numbersIn(hay).some((n) => sameNumber(n, value))) missing.push(item);
      continue;
    }
    const needle = normalizeText(item);
    if (findMention(hay, needle) < 0) missing.push(item);
    else hay = blankMentions(hay, needle);
  }
  if (missing.length > 0) return no(`missing ${missing.map((m) => JSON.stringify(m)).join(', ')}`);
  const queryNumbers = numbersIn(context.query ?? '');
  const saidNumbers = numbersIn(hay);
  const restNumbers = numbersIn(slowWithoutQueryTokens(hay, context.query ?? ''));
  const isSaid = (value: number) => restNumbers.some((n) => sameNumber(n, value)) && !wantNumbers.some((w) => sameNumber(w, value));
  const wantTexts = want.filter((w) => numericValue(w) === null).map(normalizeText);
  for (const rival of context.rivals ?? []) {
    const value = numericValue(rival);
    const text = normalizeText(rival);
    const where = wantTexts.some((w) => w.includes(text)) ? hay : said;
    if (value !== null ? isSaid(value) : findMention(where, text) >= 0) return no(`the answer also names ${JSON.stringify(rival)}, which is not the answer`);
  }
  const allowed = [...wantNumbers, ...queryNumbers, want.length];
  const stray = saidNumbers.filter((n) => !allowed.some((a) => sameNumber(a, n)));
  if (stray.length > 0) return no(`the answer also gives the number${stray.length > 1 ? 's' : ''} ${stray.slice(0, 5).join(', ')}, which ${stray.length > 1 ? 'are' : 'is'} not asked`);
  return yes('every expected item is present and nothing competing');
}

/** number as first written. */
function slowOneNumber(answer: string, want: number, tolerance: number, context: CompareContext): Verdict {
  const said = numbersIn(answer);
  if (said.length === 0) return no('no number in the answer');
  const room = 4 * String(want).length + 60;
  if (answer.length > room) return no(`the answer is far longer (${answer.length} characters) than one number needs (at most ${room})`);
  const close = (n: number) => Math.abs(n - want) <= tolerance + 1e-9;
  const queryNumbers = numbersIn(context.query ?? '');
  const got = said.find(close);
  const stray = said.filter((n) => !close(n) && !queryNumbers.some((q) => sameNumber(q, n)));
  if (got === undefined) return no(`expected ${want} (within ${tolerance}), got ${said.find((n) => !queryNumbers.some((q) => sameNumber(q, n))) ?? said[0]}`);
  if (stray.length > 0) return no(`one number is asked, but the answer also gives ${stray.slice(0, 5).join(', ')}`);
  return yes(`${got} is within ${tolerance} of ${want}`);
}

const PIECES = ['a', 'B', 'z', '7', ' ', '  ', '\t', '\n', '\r', '\v', '\f', ';', '!', '?', '{', '[', ':', '\u00a0', '\u3000', 'ﬁ', 'İ', 'é', 'e\u0301', 'Ⅻ', '２', '"', "'", '`', '.', ',', '(', ']', '-', 'ß', '\ud83d\ude00'];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((parts) => parts.join(''));

const NAMES = ['Rovers', 'Rovers Reserves', 'Silver Grill', 'Café Ωmega', 'Route 66', 'Paris', 'Rome', 'X gains momentum', 'The view: X gains momentum'];
const NUMBERS = ['22', '2024', '3', '1,250', '4.5', '-7', '66', '06'];
const FILLER = ['the answer is', 'and', ', ', ': ', ' with ', '2024-06-22', '22C', 'on 3 days', '.', '\n'];
const answerText = fc.array(fc.constantFrom(...NAMES, ...NUMBERS, ...FILLER), { minLength: 1, maxLength: 8 }).map((parts) => parts.join(' '));
const query = fc.array(fc.constantFrom('What is the weather on 2024-06-22 in', 'Top 3 clubs', 'Paris', 'of 66', 'list', '1,250 items'), { maxLength: 3 }).map((parts) => parts.join(' '));

/** The number reader as first written: matchAll of the number token over the whole text. */
const SLOW_NUMBER_TOKEN = /(?<![\p{L}\p{N}.,])(?:-(?=\d))?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\p{L}\p{N}]|\.\d)/gu;
function slowNumberMentions(t: string, limit = Infinity): { value: number; index: number; end: number }[] {
  const out: { value: number; index: number; end: number }[] = [];
  for (const m of t.matchAll(SLOW_NUMBER_TOKEN)) {
    const value = Number(m[0].replace(/,/g, ''));
    if (Number.isFinite(value)) out.push({ value, index: m.index, end: m.index + m[0].length });
    if (out.length >= limit) break;
  }
  return out;
}
const slowNumericValue = (t: string): number | null => {
  const s = t.trim();
  if (!/^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?$/.test(s)) return null;
  const n = Number(s.replace(/,/g, ''));
  return Number.isFinite(n) ? n : null;
};
const NUMBER_PIECES = ['0', '1', '7', '22', '2024', '1,250', ',', ',000', '.', '.5', '-', 'e', 'E', '+', 'e5', 'x', 'A', ' ', '\n', '٣', '２', 'é', '-0', '1e999', '0.0'];
const numberText = fc.array(fc.constantFrom(...NUMBER_PIECES), { maxLength: 16 }).map((parts) => parts.join(''));
/** ASCII text made of the characters the token's backtracking turns on, one at a time (read by hand, not by the regex). */
const asciiNumberText = fc.array(fc.constantFrom('0', '1', '2', '3', '9', ',', '.', '-', '+', 'e', 'E', 'x', ' '), { maxLength: 24 }).map((parts) => parts.join(''));

describe('grader fast paths agree with the plain definitions', () => {
  it('numberMentions (ASCII read by hand, other text by exec on the shared regex, texts without a digit skipped) equals matchAll of the number token', () => {
    fc.assert(
      fc.property(fc.oneof(numberText, asciiNumberText, text, answerText), fc.constantFrom(Infinity, 0, 1, 2, 5), (t, limit) => {
        expect(numberMentions(t, limit)).toEqual(slowNumberMentions(t, limit));
        expect(numbersIn(t, limit)).toEqual(slowNumberMentions(t, limit).map((m) => m.value));
      }),
      { numRuns: 20000 },
    );
  });

  it('numericValue (names turned away by their first character) equals the plain-number test', () => {
    fc.assert(fc.property(fc.oneof(numberText, text, fc.string()), (t) => { expect(numericValue(t)).toBe(slowNumericValue(t)); }), { numRuns: 3000 });
  });

  it('normalizeText equals NFKC + lower case + folded whitespace + trimmed edges', () => {
    fc.assert(fc.property(text, (t) => { expect(normalizeText(t)).toBe(slowNormalize(t)); }), { numRuns: 2000 });
  });

  it('findMention finds the same whole mention as the Unicode word-character test', () => {
    fc.assert(fc.property(text, text, (hay, needle) => { expect(findMention(hay, needle)).toBe(slowFindMention(hay, needle)); }), { numRuns: 2000 });
    fc.assert(fc.property(answerText, fc.constantFrom(...NAMES.map(normalizeText)), (hay, needle) => { expect(findMention(normalizeText(hay), needle)).toBe(slowFindMention(normalizeText(hay), needle)); }), { numRuns: 500 });
  });

  it('contains-all gives the same verdict and detail as when every list was read eagerly', () => {
    const rule = CompareRuleSchema.parse({ kind: 'contains-all' });
    const truth = fc.uniqueArray(fc.constantFrom(...NAMES, ...NUMBERS), { minLength: 1, maxLength: 3 });
    const rivals = fc.array(fc.constantFrom(...NAMES, ...NUMBERS), { maxLength: 5 });
    fc.assert(
      fc.property(answerText, truth, rivals, query, (answer, want, rival, q) => {
        const context = { rivals: rival, query: q };
        expect(compareAnswer(answer, want, rule, context)).toEqual(slowContainsAll(answer, want, context));
      }),
      { numRuns: 3000 },
    );
  });

  it('number gives the same verdict and detail as when the query was always read', () => {
    fc.assert(
      fc.property(answerText, fc.constantFrom(22, 2024, 3, 1250, 4.5, -7, 66), fc.constantFrom(1e-6, 0.5, 10), query, (answer, want, tolerance, q) => {
        const rule = CompareRuleSchema.parse({ kind: 'number', tolerance });
        expect(compareAnswer(answer, want, rule, { query: q })).toEqual(slowOneNumber(answer, want, tolerance, { query: q }));
      }),
      { numRuns: 3000 },
    );
  });

  it('contains-all over real ToolBench instances (their truths, rivals and queries) gives the plain verdict for random answer texts', () => {
    // Each answer is graded twice: nothing the grader reads may depend on what it graded before.
    const instances: QueryInstance[] = [];
    // The train split's contains-all templates (numeric rivals, names, addresses, phone numbers) in its first pool world.
    const world = toolbenchEnvironment.world(toolbenchEnvironment.worldSeedFor({ seed: 0, split: 'train' }));
    for (const template of toolbenchEnvironment.split('train').templates) {
      if (CompareRuleSchema.parse(template.compare).kind !== 'contains-all') continue;
      for (let seed = 0; seed < 6; seed++) instances.push(toolbenchEnvironment.draw({ seed, split: 'train', template: template.id, world }));
    }
    expect(instances.length).toBeGreaterThanOrEqual(12);
    expect(instances.some((i) => (i.rivals ?? []).some((r) => numericValue(r) !== null))).toBe(true);
    const answerFor = (instance: QueryInstance) => {
      const truth = (Array.isArray(instance.groundTruth) ? instance.groundTruth : [instance.groundTruth]).map(String);
      const pieces = [...truth, ...(instance.rivals ?? []).slice(0, 8), ...instance.query.split(' ').slice(0, 10), ...NUMBERS, ...FILLER, 'None'];
      return fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 6 }).chain((parts) => fc.constantFrom(', ', ' ', ' and ', '; ').map((sep) => parts.join(sep)));
    };
    fc.assert(
      fc.property(fc.constantFrom(...instances).chain((instance) => fc.tuple(fc.constant(instance), answerFor(instance))), ([instance, answer]) => {
        const want = (Array.isArray(instance.groundTruth) ? instance.groundTruth : [instance.groundTruth]).map(String);
        const plain = slowContainsAll(answer, want, { rivals: instance.rivals, query: instance.query });
        expect(judgeAnswer(answer, instance)).toEqual(plain);
        expect(judgeAnswer(answer, instance)).toEqual(plain);
      }),
      { numRuns: 3000 },
    );
    // The oracle's own answers pass.
    for (const instance of instances) expect(judgeAnswer(instance.solution.answer, instance).correct).toBe(true);
  });
});
