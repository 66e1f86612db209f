import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactRecordText, holdingViews, jsonText, knowListText, sharedValue } from '../../src/core/shared-json.js';
import { SharedViews } from '../../src/core/shared-views.js';
import type { JsonValue } from '../../src/core/json.js';

const primitive = fc.oneof(fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null));
const flat = fc.dictionary(fc.string({ maxLength: 6 }), primitive, { maxKeys: 5 });

/** Items of every kind an output array may hold, some of them changed between serialisations. */
const item = fc.oneof(
  flat.map((r) => Object.freeze(r)),
  flat.map((r) => Object.freeze(Object.assign(Object.create(null), r))),
  flat,
  flat.map((r) => Object.freeze({ ...r, nested: { n: 1 } })),
  fc.constant(null).map(() => Object.freeze(Object.defineProperty({}, 'count', { get: () => counter.n, enumerable: true }))),
  primitive,
  fc.array(primitive, { maxLength: 3 }).map((a) => Object.freeze(a)),
);

/** Read by a getter on a frozen record: what it returns changes though the record cannot. */
const counter = { n: 0 };

/** What may change between two serialisations: unfrozen records, the insides of frozen ones, getters' sources. */
function mutate(values: readonly unknown[]): void {
  counter.n++;
  for (const v of values) {
    if (typeof v !== 'object' || v === null) continue;
    if (!Object.isFrozen(v)) (v as Record<string, unknown>)['changed'] = 1;
    const nested = (v as Record<string, unknown>)['nested'];
    if (nested && typeof nested === 'object') (nested as Record<string, unknown>)['n'] = 2;
  }
}

describe('jsonText', () => {
  it('is JSON.stringify, before and after the unfrozen parts change, for any array or value', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 40 }), fc.boolean(), (items, repeatShared) => {
        const value = (repeatShared ? [...items, ...items] : items) as unknown as JsonValue;
        expect(jsonText(value)).toBe(JSON.stringify(value));
        mutate(items);
        expect(jsonText(value)).toBe(JSON.stringify(value));
        expect(jsonText(value)).toBe(JSON.stringify(value));
      }),
      { numRuns: 500 },
    );
  });

  it('joins frozen records from their cached text', () => {
    const records = Array.from({ length: 20 }, (_, i) => Object.freeze({ Id: `r${i}`, n: i, at: null }));
    expect(jsonText(records)).toBe(JSON.stringify(records));
    expect(jsonText(records.slice(3, 15))).toBe(JSON.stringify(records.slice(3, 15)));
    expect(jsonText({ a: records } as unknown as JsonValue)).toBe(JSON.stringify({ a: records }));
  });
});

/** Odd leaves JSON.stringify treats specially. */
const oddLeaf = fc.constantFrom<unknown>(undefined, -0, NaN, Infinity, () => 1, Symbol('s'), '\ud800', 'a"b\\c\n', 1e21, new Date(0), { toJSON: (key: string) => `key:${key}` });

/** One of every kind of value the one cache meets, from both envs' ways of sharing. */
function mixedTree(depth: number): fc.Arbitrary<unknown> {
  const leaf = fc.oneof(primitive, oddLeaf, fc.jsonValue({ maxDepth: 1 }));
  if (depth === 0) return leaf;
  const inner = mixedTree(depth - 1);
  const node = fc.oneof(fc.array(inner, { maxLength: 10 }), fc.dictionary(fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('__proto__', '1', 'toJSON')), inner, { maxKeys: 4 }));
  return fc.oneof(
    { weight: 2, arbitrary: leaf },
    { weight: 3, arbitrary: node },
    // ToolBench's way: a view given to sharedValue (deep-frozen, text made once), directly or through SharedViews.
    { weight: 1, arbitrary: node.map((v) => (typeof v === 'object' && v !== null ? sharedValue(v) : v)) },
    { weight: 1, arbitrary: node.map((v) => asView.of({ value: v }, null)) },
    // CRMArena's way: frozen flat records found by their structure, some of whose texts do not parse back equal.
    { weight: 2, arbitrary: item },
    // A list whose maker tells its records' texts.
    { weight: 1, arbitrary: fc.array(flat.map((r) => Object.freeze(r)), { minLength: 1, maxLength: 12 }).map(known) },
  );
}

/** Changes every unfrozen object in the tree (the insides of frozen records too) and what getters read. */
function mutateTree(value: unknown, depth: number): void {
  if (depth === 0) counter.n++;
  if (typeof value !== 'object' || value === null || depth > 8) return;
  if (!Object.isFrozen(value) && !Array.isArray(value)) (value as Record<string, unknown>)['changed'] = depth;
  for (const key of Object.keys(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key)!;
    if ('value' in d) mutateTree(d.value, depth + 1);
  }
}

const asView = new SharedViews((record: { readonly value: unknown }) => record.value as object);

function known(records: object[]): object[] {
  const parts = records.map((r) => exactRecordText(r));
  if (parts.every((p): p is string => p !== null)) knowListText(records, parts, records.length % 2 === 0 ? parts.join(',') : null);
  return records;
}

describe('jsonText over both envs\' shared values', () => {
  it('is JSON.stringify of any tree of views, records, known lists and plain values, marked or not, before and after the unfrozen parts change', () => {
    fc.assert(
      fc.property(mixedTree(3), fc.boolean(), (value, mark) => {
        if (mark && typeof value === 'object' && value !== null) holdingViews(value);
        expect(jsonText(value)).toBe(JSON.stringify(value));
        mutateTree(value, 0);
        expect(jsonText(value)).toBe(JSON.stringify(value));
        expect(jsonText(value)).toBe(JSON.stringify(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives a shared value one text whichever way it was shared, and the same one each time', () => {
    const record = Object.freeze({ Id: 'a', n: 1 });
    const view = sharedValue({ nested: { list: [record] }, n: -0 });
    expect(Object.isFrozen(view.nested.list)).toBe(true);
    expect(exactRecordText(record)).toBe('{"Id":"a","n":1}');
    expect(exactRecordText(sharedValue({ Id: 'b' }))).toBe('{"Id":"b"}');
    // Shared, but not a flat record that parses back equal: never an exact record text.
    expect(exactRecordText(view)).toBeNull();
    expect(exactRecordText(Object.freeze({ n: -0 }))).toBeNull();
    const list = Array.from({ length: 10 }, () => view);
    expect(jsonText(list)).toBe(JSON.stringify(list));
    expect(jsonText(holdingViews({ list, record }))).toBe(JSON.stringify({ list, record }));
  });

  it('writes an output marked long ago (out of the ring of recent marks) and one changed after marking as JSON.stringify does', () => {
    const view = sharedValue({ a: 1, list: ['x', 'y'] });
    const outputs = Array.from({ length: 9 }, (_, i) => holdingViews({ i, views: [view, view], fresh: { n: i } }));
    // Written newest first and oldest first: the oldest have left the ring and are stringified whole.
    for (const output of [...outputs].reverse()) expect(jsonText(output)).toBe(JSON.stringify(output));
    for (const output of outputs) expect(jsonText(output)).toBe(JSON.stringify(output));
    const changed = outputs[8]!;
    changed.fresh.n = 99;
    (changed as Record<string, unknown>)['extra'] = [view];
    expect(jsonText(changed)).toBe(JSON.stringify(changed));
  });
});
