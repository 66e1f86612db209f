import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareAnswer, CompareRuleSchema, type CompareRule } from '../../src/index.js';
import { normalizeText, splitList } from '../../src/tasks/compare.js';

const RULES: CompareRule[] = [
  { kind: 'exact' },
  { kind: 'normalized' },
  { kind: 'contains-all' },
  { kind: 'set' },
  { kind: 'number' },
  { kind: 'token-f1', threshold: 0.5 },
].map((r) => CompareRuleSchema.parse(r));

const MB = 1 << 20;
/** Loose: linear code does a megabyte in tens of milliseconds; the quadratic versions took seconds on 100 KB. */
const MS_PER_MB = 1500;

function timed<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
}

/** A unit repeated to about `size` characters, wrapped in a prefix and suffix. */
function repeated(prefix: string, unit: string, suffix: string, size = MB): string {
  return prefix + unit.repeat(Math.max(1, Math.floor(size / unit.length))) + suffix;
}

describe('answer checking on adversarial answers', () => {
  it('normalizes a megabyte of punctuation between two letters in linear time', () => {
    const { value, ms } = timed(() => normalizeText(repeated('x', '.', 'x')));
    expect(value.length).toBe(MB + 2);
    expect(ms).toBeLessThan(MS_PER_MB);
  });

  it('splits 10,000 and 1,000,000 unclosed brackets without overflowing the stack', () => {
    expect(splitList('['.repeat(10_000))).toEqual([]);
    const { value, ms } = timed(() => splitList('['.repeat(MB)));
    expect(value).toEqual([]);
    expect(ms).toBeLessThan(MS_PER_MB);
    expect(compareAnswer('['.repeat(10_000), ['a', 'b'], CompareRuleSchema.parse({ kind: 'set' })).correct).toBe(false);
  });

  it('peels balanced deep brackets and quotes down to the items', () => {
    expect(splitList('['.repeat(50_000) + 'a, b' + ']'.repeat(50_000))).toEqual(['a', 'b']);
    expect(splitList(`['`.repeat(20_000) + 'a; b' + `']`.repeat(20_000))).toEqual(['a', 'b']);
    // Valid but deeply nested JSON is read as text, not stringified recursively.
    const deep = splitList('["a", ' + '['.repeat(100_000) + ']'.repeat(100_000) + ']');
    expect(deep.map((item) => item.length)).toEqual([3, 200_000]);
  });

  it('keeps the meaning of ordinary lists', () => {
    expect(splitList('["a", "B", [1,2]]')).toEqual(['a', 'B', '[1,2]']);
    expect(splitList('[[a, b]]')).toEqual(['a', 'b']);
    expect(splitList(`["[1,2]"`)).toEqual(['1', '2']);
    expect(splitList(' " [x\n y] " ')).toEqual(['x', 'y']);
    expect(normalizeText(` '"Hello,  World!"' `)).toBe('hello, world');
    expect(normalizeText('...')).toBe('');
  });

  it('every rule checks any megabyte answer without throwing, in time linear in its size', () => {
    const units = fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '"', "'", '`', '.', ',', ';', ' ', '\n', '\\', '1', 'a', '%', '_', 'é', '\u00a0'), minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(units, units, units, fc.constantFrom(...RULES), fc.constantFrom<unknown>('a', ['a', 'b'], 3, null, { k: 'v' }), (prefix, unit, suffix, rule, truth) => {
        const answer = repeated(prefix, unit, suffix);
        const { value, ms } = timed(() => compareAnswer(answer, truth as never, rule));
        expect(typeof value.correct).toBe('boolean');
        expect(ms).toBeLessThan(MS_PER_MB);
      }),
      { numRuns: 30, seed: 10 },
    );
  });
});
