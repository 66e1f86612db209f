import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toolbenchEnvironment } from '../../envs/toolbench/index.js';
import { FirstIndex } from '../../envs/toolbench/world/first-index.js';

// The final-state checks find the record a task named through a map made once per world table;
// it must give exactly what `rows.find((r) => key(r) === value)` gives, whatever the value.

interface Row {
  readonly name: string | number;
  readonly n: number;
}

const KEYS = ['a', 'b', 'A', '', ' a', 'café', 'cafe\u0301', '0', 0, -0, 1, NaN, Infinity] as const;
const key = fc.constantFrom(...KEYS);
const looked = fc.oneof(key, fc.constantFrom(null, undefined, true, ['a'], { a: 1 }, '1', 2));

describe('FirstIndex', () => {
  it('finds what Array.prototype.find finds: the first row with an equal key, for any looked-up value', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 12 }), fc.array(looked, { minLength: 1, maxLength: 6 }), (names, values) => {
        const rows: Row[] = names.map((name, n) => ({ name, n }));
        const index = new FirstIndex((r: Row) => r.name);
        for (const value of values) expect(index.find(rows, value)).toBe(rows.find((r) => r.name === value));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps one map per table: other tables through the same index are looked up in their own rows', () => {
    const index = new FirstIndex((r: Row) => r.name);
    const first: Row[] = [{ name: 'a', n: 0 }];
    const second: Row[] = [{ name: 'a', n: 1 }, { name: 'b', n: 2 }];
    expect(index.find(first, 'a')).toBe(first[0]);
    expect(index.find(second, 'a')).toBe(second[0]);
    expect(index.find(first, 'b')).toBeUndefined();
  });

  it('finds every named world record the state checks look up (each world of the default split pool)', () => {
    const world = toolbenchEnvironment.world(toolbenchEnvironment.worldSeedFor({ seed: 3, split: 'train' }));
    const byTitle = new FirstIndex((p: { readonly title: string }) => p.title);
    for (const p of world.shop.products) expect(byTitle.find(world.shop.products, p.title)).toBe(world.shop.products.find((x) => x.title === p.title));
    const byLine = new FirstIndex((l: { readonly line: string }) => l.line);
    for (const l of world.realEstate.listings) expect(byLine.find(world.realEstate.listings, l.line)).toBe(world.realEstate.listings.find((x) => x.line === l.line));
  });
});
