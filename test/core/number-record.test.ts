import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noteColumns, numberTexts, orderedPrefix, parsesBack, readColumns } from '../../src/core/number-record.js';
import { meanByGroup } from '../../envs/crmarena/tools/case-rows.js';

/**
 * `{key: number}` records' number texts and key prefixes, held to `JSON.stringify`, and the means
 * by group to the plain Map-of-sums loop.
 */

/** Keys an org mints, and keys JSON writes out of assignment order or assignment does not set. */
const key = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: fc.constantFrom('0', '5', 'W', 's', 'x', 'A', 'C'), minLength: 1, maxLength: 18 }) },
  { weight: 2, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', '0', '7', '01', '-1', '4294967294', '4294967295', '', '"', '\u2028', '\ud800', 'é') },
);
/** Numbers JSON writes oddly or not at all. */
const number = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(-0, 0, Number.NaN, Infinity, -Infinity, 1e21, 1e-7, 5e-324, 0.1 + 0.2));

describe('numberTexts', () => {
  it('gives each number the text JSON.stringify gives it', () => {
    fc.assert(
      fc.property(fc.array(number, { maxLength: 60 }), (values) => {
        expect(numberTexts(values)).toEqual(values.map((v) => JSON.stringify(v)));
        for (const v of values) expect(parsesBack(v)).toBe(Object.is(JSON.parse(JSON.stringify(v)), v));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('orderedPrefix', () => {
  it('is the key\'s JSON member prefix exactly when JSON writes it in assignment order and assignment sets it', () => {
    fc.assert(
      fc.property(key, key, (a, b) => {
        const prefix = orderedPrefix(b);
        if (prefix !== null) expect(prefix).toBe(`${JSON.stringify(b)}:`);
        // `a` set first, then `b`: JSON.stringify writes b second exactly when its prefix is given (a being a plain key).
        if (orderedPrefix(a) === null || a === b) return;
        const record: Record<string, number> = {};
        record[a] = 1;
        record[b] = 2;
        const inOrder = JSON.stringify(record) === `{${JSON.stringify(a)}:1,${JSON.stringify(b)}:2}`;
        expect(prefix !== null).toBe(inOrder);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('meanByGroup', () => {
  const groups = fc.uniqueArray(key, { minLength: 1, maxLength: 12 }).chain((names) =>
    fc.record({
      names: fc.constant(names),
      rows: fc.array(fc.record({ group: fc.integer({ min: -1, max: names.length - 1 }), ms: fc.oneof(fc.double({ min: 0, max: 1e12, noNaN: true }), fc.constantFrom(Number.NaN, 0, -0, -1, 60_000)) }), { maxLength: 60 }),
      unit: fc.constantFrom(1000, 60_000, 1),
    }),
  );

  it('is the plain Map-of-sums record, its text is JSON.stringify of it, and its columns are its keys and values', () => {
    fc.assert(
      fc.property(groups, ({ names, rows, unit }) => {
        const group = Int32Array.from(rows, (r) => r.group);
        const closure = Float64Array.from(rows, (r) => r.ms);
        const at = Int32Array.from(rows, (_, i) => i);
        const sums = new Map<string, { total: number; n: number }>();
        let fails = false;
        for (const { group: g, ms } of rows) {
          if (g < 0) continue;
          if (ms < 0) fails = true;
          if (fails || ms !== ms) continue;
          const s = sums.get(names[g]!) ?? { total: 0, n: 0 };
          s.total += ms / unit;
          s.n++;
          sums.set(names[g]!, s);
        }
        const means = meanByGroup(at, group, names, closure, unit);
        if (fails) {
          expect(means).toBeNull();
          return;
        }
        const plain = Object.fromEntries([...sums].map(([name, s]) => [name, s.total / s.n]));
        expect(means).not.toBeNull();
        const { record, text, columns } = means!;
        expect(Object.entries(record)).toEqual(Object.entries(plain));
        expect(text).toBe(JSON.stringify(plain));
        if (columns !== null) {
          expect(columns.keys).toEqual(Object.keys(record));
          expect(columns.values).toEqual(Object.values(record));
          // Parses back equal, -0 and key order included.
          const back = JSON.parse(text) as Record<string, number>;
          expect(Object.keys(back)).toEqual(Object.keys(record));
          for (const k of columns.keys) expect(Object.is(back[k], record[k])).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('readColumns', () => {
  it('reads a record as Object.keys and their values, noted or not', () => {
    fc.assert(
      fc.property(fc.dictionary(key, number), fc.boolean(), (drawn, noted) => {
        const record = Object.freeze({ ...drawn });
        const keys = Object.keys(record);
        const values = keys.map((k) => record[k]!);
        if (noted) noteColumns(record, { keys, values });
        const read = readColumns(record);
        expect(read.keys).toEqual(keys);
        expect(read.values).toEqual(values);
      }),
    );
  });
});
