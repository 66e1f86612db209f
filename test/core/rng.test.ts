import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { deriveSeed, rngStream } from '../../src/index.js';
import { aleaSeedState } from '../../src/core/rng.js';

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

  it('every stream gives the numbers of the plain seedrandom.alea construction of its key', () => {
    const plain = (key: string, n: number) => {
      const prng = seedrandom.alea(key);
      return Array.from({ length: n }, () => prng());
    };
    const label = fc.string({ unit: fc.constantFrom('a', 'Z', '/', '0', '9', ' ', '_', '-', 'é', '\u{1F600}', '\uD800', '\u0000'), maxLength: 24 });
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double({ noNaN: false }), fc.string({ unit: 'binary', maxLength: 40 })), fc.array(label, { maxLength: 5 }), fc.array(label, { maxLength: 3 }), fc.integer({ min: 1, max: 12 }), (seed, labels, children, n) => {
        let stream = rngStream(seed, ...labels);
        let key = labels.length === 0 ? String(seed) : `${String(seed)}/${labels.join('/')}`;
        for (const child of children) {
          stream = stream.child(child);
          key = `${key}/${child}`;
        }
        expect(stream.key).toBe(key);
        expect(Array.from({ length: n }, () => stream.next())).toEqual(plain(key, n));
        expect(seedrandom.alea('', { state: aleaSeedState(key) })()).toBe(plain(key, 1)[0]);
        expect(deriveSeed(seed, ...labels)).toBe(Math.floor(plain(labels.length === 0 ? String(seed) : `${String(seed)}/${labels.join('/')}`, 1)[0]! * 0x1_0000_0000));
      }),
      { numRuns: 500 },
    );
    // long keys: Mash's hash wraps many times over
    for (const length of [0, 1, 100, 5_000]) expect(rngStream('k'.repeat(length), 'x').next()).toBe(plain(`${'k'.repeat(length)}/x`, 1)[0]);
    // long runs of draws from one stream: its carried state (c, s0..s2) steps exactly as Alea's
    for (const key of ['0', 'seed/policy/KeyValue-v0/train/17/3/seed/0', '\u{1F600}']) {
      const stream = rngStream(key);
      expect(Array.from({ length: 5_000 }, () => stream.next())).toEqual(plain(key, 5_000));
    }
  });
});
