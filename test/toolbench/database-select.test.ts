import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { liveRows, matches, OPERATORS, selectWhere, type Condition } from '../../envs/toolbench/tools/database-table.js';
import { createState } from '../../envs/toolbench/state.js';
import type { Row, Table } from '../../envs/toolbench/world/database.js';

/** Values whose texts collide across types ('5' and 5, 'true' and true, '' and missing), as `=` compares texts. */
const scalar = fc.constantFrom<string | number | boolean | null>('a', 'A', 'b', '', '5', 5, 5.5, '5.5', 0, -0, '0', true, 'true', false, null, 'null');
const COLUMNS = ['id', 'x', 'y'] as const;
const row = (id: number) =>
  fc.record({ x: scalar, y: scalar }, { requiredKeys: [] }).map((r): Row => ({ id: `R${id}`, ...r }));
const table = fc.integer({ min: 0, max: 25 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => row(i + 1)))).map(
  (rows): Table => ({ name: 't', columns: COLUMNS.map((name) => ({ name, type: 'string' as const })), rows, idPrefix: 'R', idWidth: 1 }),
);
const condition = fc.record({ column: fc.constantFrom('id', 'x', 'y', 'z'), op: fc.constantFrom(...OPERATORS), value: fc.oneof(scalar, fc.constantFrom('R1', 'R2')) }) as fc.Arbitrary<Condition>;
/** An overlay the episode wrote, or none (the indexed case). */
const overlay = fc.option(
  fc.record({ deleted: fc.array(fc.constantFrom('R1', 'R3', 'R9')), updated: fc.dictionary(fc.constantFrom('R2', 'R4'), fc.record({ x: scalar })), inserted: fc.array(fc.record({ x: scalar, y: scalar })) }, { requiredKeys: [] }),
  { freq: 2 },
);

describe('selectWhere', () => {
  it('gives exactly the plain filter of the live rows, for any table, overlay and conditions (the index reused across queries)', () => {
    fc.assert(
      fc.property(table, overlay, fc.array(fc.array(condition, { maxLength: 3 }), { minLength: 1, maxLength: 4 }), (t, o, queries) => {
        const state = createState(0);
        if (o !== null) {
          if (o.deleted) state.db.deleted['t'] = o.deleted;
          if (o.updated) state.db.updated['t'] = o.updated;
          if (o.inserted) state.db.inserted['t'] = o.inserted.map((r, i) => ({ id: `N${i}`, ...r }));
        }
        for (const where of queries) {
          const plain = liveRows(state, t).filter((r) => where.every((c) => matches(r, c)));
          const got = selectWhere(state, t, where);
          expect(got).toEqual(plain);
          // Without an overlay the rows are the world's own (an updated row is a fresh merge on every read).
          if (o === null) got.forEach((r, i) => expect(r).toBe(plain[i]));
        }
      }),
      { numRuns: 3000 },
    );
  });
});
