import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonText } from '../../src/core/shared-json.js';
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
