import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalCdf, sampleStd, twoProportionTest, wilsonInterval } from '../../src/rollout/proportions.js';

describe('pass-rate statistics', () => {
  it('match textbook values', () => {
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
    // Wilson interval of 8/10 (Newcombe 1998): 0.4902 - 0.9433
    const [lo, hi] = wilsonInterval(8, 10);
    expect(lo).toBeCloseTo(0.4902, 3);
    expect(hi).toBeCloseTo(0.9433, 3);
    // 45/100 vs 60/100: z = 2.1243, p = 0.0336
    const t = twoProportionTest(45, 100, 60, 100);
    expect(t.z).toBeCloseTo(2.1243, 3);
    expect(t.p).toBeCloseTo(0.0336, 3);
    expect(sampleStd([0.5, 0.7, 0.6])).toBeCloseTo(0.1, 10);
    expect(sampleStd([0.4])).toBe(0);
    expect(twoProportionTest(0, 10, 0, 20)).toEqual({ difference: 0, z: 0, p: 1 });
  });

  it('hold their invariants for any counts', () => {
    const counts = fc.integer({ min: 1, max: 500 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
    fc.assert(
      fc.property(counts, counts, ([xa, na], [xb, nb]) => {
        const [lo, hi] = wilsonInterval(xa, na);
        expect(lo).toBeGreaterThanOrEqual(0);
        expect(hi).toBeLessThanOrEqual(1);
        expect(lo).toBeLessThanOrEqual(xa / na + 1e-12);
        expect(hi).toBeGreaterThanOrEqual(xa / na - 1e-12);
        const ab = twoProportionTest(xa, na, xb, nb);
        const ba = twoProportionTest(xb, nb, xa, na);
        expect(ab.p).toBeGreaterThanOrEqual(0);
        expect(ab.p).toBeLessThanOrEqual(1);
        expect(ab.p).toBeCloseTo(ba.p, 12);
        expect(ab.difference).toBeCloseTo(-ba.difference, 12);
      }),
    );
  });
});
