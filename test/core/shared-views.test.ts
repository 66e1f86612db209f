import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holdingViews, jsonText } from '../../src/core/shared-json.js';
import { SharedViews } from '../../src/core/shared-views.js';

const asView = new SharedViews((record: { readonly value: unknown }) => record.value as object);

/** Values JSON.stringify treats specially, beside fast-check's JSON values. */
const oddLeaf = fc.constantFrom<unknown>(undefined, -0, NaN, Infinity, -Infinity, () => 1, Symbol('s'), '\ud800', 'a"b\\c\n', 1e21, 5e-7, new Date(0), { toJSON: (key: string) => `key:${key}` });

/** A tree of plain objects and arrays whose nodes may be shared views (made through sharedView). */
function tree(depth: number): fc.Arbitrary<unknown> {
  const leaf = fc.oneof(fc.jsonValue({ maxDepth: 2 }), oddLeaf);
  if (depth === 0) return leaf;
  const inner = tree(depth - 1);
  const node = fc.oneof(
    fc.array(inner, { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('__proto__', '1', '0', 'toString')), inner, { maxKeys: 4 }),
  );
  return fc.oneof(
    { weight: 2, arbitrary: leaf },
    { weight: 3, arbitrary: node },
    // A shared view of a fresh record holding the node: frozen, its text cached.
    { weight: 2, arbitrary: node.map((value) => asView.of({ value: value as object }, null)) },
  );
}

describe('jsonText', () => {
  it('is JSON.stringify of any value, marked or not, with shared views anywhere in it', () => {
    fc.assert(
      fc.property(tree(3), fc.boolean(), (value, mark) => {
        if (mark && typeof value === 'object' && value !== null && !Object.isFrozen(value)) holdingViews(value);
        expect(jsonText(value)).toBe(JSON.stringify(value));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives way to JSON.stringify for what it does not write itself, cycles included', () => {
    class Point {
      constructor(readonly x: number) {}
    }
    const view = new SharedViews((r: { n: number }) => ({ n: r.n })).of({ n: 1 }, null);
    expect(jsonText(holdingViews({ p: new Point(1), view }))).toBe(JSON.stringify({ p: new Point(1), view }));
    expect(jsonText(holdingViews({ d: new Date(5), view }))).toBe(JSON.stringify({ d: new Date(5), view }));
    const cyclic: Record<string, unknown> = holdingViews({ view });
    cyclic['self'] = cyclic;
    expect(() => jsonText(cyclic)).toThrow(TypeError);
    expect(() => jsonText(holdingViews({ big: 1n }))).toThrow(TypeError);
  });

  it('makes one frozen view per record and variant', () => {
    const record = { a: 1, nested: { b: 2 } };
    const views = new SharedViews((r: typeof record, _: null, variant: string | number) => ({ a: r.a, nested: { b: r.nested.b }, variant }));
    const first = views.of(record, null, 1);
    expect(views.of(record, null, 1)).toBe(first);
    expect(views.of(record, null, 0)).not.toBe(first);
    expect(views.of(record, null)).toBe(views.of(record, null));
    expect(views.of(record, null)).not.toBe(views.of(record, null, 0));
    expect(views.of({ ...record }, null, 1)).not.toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.nested)).toBe(true);
    expect(jsonText(holdingViews({ list: [first, first] }))).toBe('{"list":[{"a":1,"nested":{"b":2},"variant":1},{"a":1,"nested":{"b":2},"variant":1}]}');
  });
});
