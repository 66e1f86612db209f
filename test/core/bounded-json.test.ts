import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedJson } from '../../src/core/bounded-json.js';

describe('boundedJson', () => {
  it('is JSON.stringify for any JSON value within the budget', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(boundedJson(value, 1_000_000)).toEqual({ text: JSON.stringify(value), cut: false });
      }),
      { numRuns: 500 },
    );
  });

  it('is a prefix of JSON.stringify, cut at the budget, for any budget', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 60 }), (value, budget) => {
        const full = JSON.stringify(value);
        const { text, cut } = boundedJson(value, budget);
        expect(cut).toBe(full.length > budget);
        expect(text).toBe(full.slice(0, budget));
      }),
      { numRuns: 500 },
    );
  });

  it('writes values nested 100,000 deep and with a million keys without recursion, without writing them whole', () => {
    const deep = JSON.parse('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)) as unknown;
    expect(boundedJson(deep, 20)).toEqual({ text: '{"a":{"a":{"a":{"a":', cut: true });
    const wide = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, 'v'.repeat(10)]));
    const expected = JSON.stringify(wide).slice(0, 100);
    const start = performance.now();
    expect(boundedJson(wide, 100).text).toBe(expected);
    expect(performance.now() - start).toBeLessThan(1000);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    expect(boundedJson(cyclic, 100).text).toBe('{"a":1,"self":null}');
  });
});
