import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveSeed, rngStream } from '../../src/index.js';

describe('seeded streams', () => {
  it('pins concrete values, so a change of algorithm or key derivation is caught', () => {
    const world = rngStream(42, 'world');
    expect([world.next(), world.next(), world.next()]).toEqual([0.4134333785623312, 0.08912208140827715, 0.20373647520318627]);
    expect(rngStream(42).child('world').key).toBe('42/world');
    expect(rngStream(7, 'a', 'b').int(1, 1000)).toBe(rngStream('7/a/b').int(1, 1000));
    expect(deriveSeed(1, 'episode', '0')).toBe(3440743655);
    expect(rngStream('x').shuffle([1, 2, 3, 4, 5, 6])).toEqual([2, 1, 4, 3, 5, 6]);
  });

  it('child streams are independent of draws on the parent and of sibling labels', () => {
    const a = rngStream(1);
    a.next();
    a.next();
    expect(a.child('tools/x').next()).toBe(rngStream(1).child('tools/x').next());
    // adding a sibling stream does not move another one
    const before = rngStream(5, 'templates', 'movie').next();
    rngStream(5, 'templates', 'new_template').next();
    expect(rngStream(5, 'templates', 'movie').next()).toBe(before);
  });

  it('int, pick, sample and shuffle stay in range and are deterministic', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 100 }), fc.array(fc.integer(), { minLength: 1, maxLength: 30 }), (seed, lo, span, items) => {
        const r = rngStream(seed, 'p');
        const x = r.int(lo, lo + span);
        expect(x).toBeGreaterThanOrEqual(lo);
        expect(x).toBeLessThanOrEqual(lo + span);
        expect(items).toContain(r.pick(items));
        const k = Math.min(3, items.length);
        const s = r.sample(items, k);
        expect(s).toHaveLength(k);
        expect(rngStream(seed, 'p').shuffle(items).sort()).toEqual([...items].sort());
        expect(rngStream(seed, 'q').shuffle(items)).toEqual(rngStream(seed, 'q').shuffle(items));
      }),
      { numRuns: 200 },
    );
  });
});
