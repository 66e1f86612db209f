import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareAnswer, CompareRuleSchema, tokenF1, type CompareRule } from '../../src/index.js';

const rule = (r: unknown): CompareRule => CompareRuleSchema.parse(r);

describe('final-answer comparison rules', () => {
  it('exact trims whitespace and quotes only', () => {
    expect(compareAnswer('  "005Ab"  ', '005Ab', rule({ kind: 'exact' })).correct).toBe(true);
    expect(compareAnswer('005ab', '005Ab', rule({ kind: 'exact' })).correct).toBe(false);
  });

  it('normalized ignores case, spacing and end punctuation', () => {
    expect(compareAnswer(' The  Godfather. ', 'the godfather', rule({ kind: 'normalized' })).correct).toBe(true);
    expect(compareAnswer('Godfather II', 'the godfather', rule({ kind: 'normalized' })).correct).toBe(false);
  });

  it('contains-all needs every item', () => {
    const r = rule({ kind: 'contains-all' });
    expect(compareAnswer('Paris has 21C and Rome 25C', ['Paris', 'Rome'], r).correct).toBe(true);
    const miss = compareAnswer('Paris only', ['Paris', 'Rome'], r);
    expect(miss.correct).toBe(false);
    expect(miss.detail).toContain('"Rome"');
  });

  it('set is order-free and reads JSON arrays or separated lists', () => {
    const r = rule({ kind: 'set' });
    expect(compareAnswer('CA, NY', ['NY', 'CA'], r).correct).toBe(true);
    expect(compareAnswer('["ny","ca"]', ['NY', 'CA'], r).correct).toBe(true);
    expect(compareAnswer('NY\nCA\nTX', ['NY', 'CA'], r).correct).toBe(false);
    expect(compareAnswer('NY', ['NY', 'CA'], r).correct).toBe(false);
  });

  it('number reads the first number, with absolute or relative tolerance', () => {
    expect(compareAnswer('The total is $1,234.50.', 1234.5, rule({ kind: 'number', tolerance: 0.01 })).correct).toBe(true);
    expect(compareAnswer('about 1240', 1234.5, rule({ kind: 'number', tolerance: 0.01, relative: true })).correct).toBe(true);
    expect(compareAnswer('about 1300', 1234.5, rule({ kind: 'number', tolerance: 0.01, relative: true })).correct).toBe(false);
    expect(compareAnswer('no idea', 3, rule({ kind: 'number' })).correct).toBe(false);
    expect(compareAnswer('-7', -7, rule({ kind: 'number', tolerance: 0 })).correct).toBe(true);
  });

  it('a null ground truth is the string None under every rule', () => {
    for (const kind of ['exact', 'normalized', 'set', 'contains-all']) {
      expect(compareAnswer('None', null, rule({ kind })).correct).toBe(true);
      expect(compareAnswer("'none'", null, rule({ kind })).correct).toBe(true);
      expect(compareAnswer('005xyz', null, rule({ kind })).correct).toBe(false);
    }
    expect(compareAnswer(null, null, rule({ kind: 'exact' })).correct).toBe(false);
  });

  it('token-f1 scores overlap against a threshold', () => {
    const r = rule({ kind: 'token-f1', threshold: 0.6 });
    const v = compareAnswer('Returns are accepted within 30 days of delivery', 'Returns accepted within 30 days of delivery.', r);
    expect(v.correct).toBe(true);
    expect(v.score).toBeGreaterThan(0.9);
    expect(compareAnswer('No refunds ever', 'Returns accepted within 30 days of delivery.', r).correct).toBe(false);
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const f = tokenF1(a, b);
        expect(f).toBeGreaterThanOrEqual(0);
        expect(f).toBeLessThanOrEqual(1);
        expect(tokenF1(a, b)).toBeCloseTo(tokenF1(b, a));
      }),
    );
  });

  it('the oracle text of any ground truth matches it under its rule', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 })), (n) => {
        expect(compareAnswer(String(n), n, rule({ kind: 'number', tolerance: 1e-9, relative: true })).correct).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9]{1,8}$/), { minLength: 1, maxLength: 6, selector: (s) => s.toLowerCase() }), (items) => {
        expect(compareAnswer(items.join(', '), items, rule({ kind: 'set' })).correct).toBe(true);
      }),
    );
  });
});
