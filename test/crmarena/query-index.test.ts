import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runSoql, type OrgRecord, type QueryableOrg } from '../../envs/crmarena/query/index.js';
import { crmarenaEnvironment } from '../../envs/crmarena/index.js';

/**
 * Equalities and IN lists on a plain field are answered from an index of the table's positions;
 * `(C) OR (C)` means C but is never indexed (only an AND or a lone equality is), so it is the table
 * scan to compare with: same records, same order, same counts and groups.
 */
const scanForm = (condition: string) => `(${condition}) OR (${condition})`;

function expectSameAsScan(org: QueryableOrg, select: string, condition: string, tail = ''): void {
  const indexed = runSoql(org, `${select} WHERE ${condition}${tail}`);
  const scanned = runSoql(org, `${select} WHERE ${scanForm(condition)}${tail}`);
  expect(indexed).toEqual(scanned);
}

const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const flipCase = (text: string, flips: readonly boolean[]) => [...text].map((c, i) => (flips[i % flips.length] ? c.toUpperCase() : c.toLowerCase())).join('');

const CHARS = ['a', 'A', 'b', 'k', 'K', '\u212A', 'é', 'É', '\u0130', 'i', 'ß', ' '];
const text = fc.array(fc.constantFrom(...CHARS), { minLength: 0, maxLength: 3 }).map((cs) => cs.join(''));
const smallOrg = fc.array(fc.record({ Name: fc.option(text, { nil: null }), Tag: fc.option(fc.oneof(text, fc.integer({ min: 0, max: 3 }).map(String)), { nil: null }), N: fc.integer({ min: 0, max: 4 }) }), { maxLength: 40 })
  .map((rows): QueryableOrg => ({ today: '2024-06-15', tables: { Thing: rows.map((r, i): OrgRecord => ({ Id: `t${i}`, ...r })) } }));

describe('indexed equality and IN on a plain field', () => {
  it('gives the table scan\'s rows, counts and groups on random tables with case-folding traps', () => {
    fc.assert(
      fc.property(smallOrg, fc.constantFrom('Name', 'Tag', 'name', 'TAG'), fc.array(text, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.boolean(), (org, field, values, asIn, extra) => {
        const equality = asIn ? `${field} IN (${values.map(quote).join(', ')})` : `${field} = ${quote(values[0]!)}`;
        const condition = extra ? `${equality} AND N != 2` : equality;
        expectSameAsScan(org, 'SELECT Id, Name, Tag FROM Thing', condition);
        expectSameAsScan(org, 'SELECT Id FROM Thing', condition, ' ORDER BY N DESC, Id LIMIT 3');
        expectSameAsScan(org, 'SELECT COUNT() FROM Thing', condition);
        expectSameAsScan(org, 'SELECT N, COUNT(Id) c FROM Thing', condition, ' GROUP BY N ORDER BY N');
      }),
      { numRuns: 300 },
    );
  });

  it('finds the default org\'s records by Id (written in any case) exactly as a scan does', () => {
    const org = crmarenaEnvironment.world() as QueryableOrg;
    const ids = (table: string) => org.tables[table]!.map((r) => String(r['Id']));
    const caseIds = ids('Case');
    const orderItemIds = ids('OrderItem');
    fc.assert(
      fc.property(fc.array(fc.nat(caseIds.length - 1), { minLength: 1, maxLength: 5 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }), fc.nat(orderItemIds.length - 1), (picks, flips, item) => {
        const one = flipCase(caseIds[picks[0]!]!, flips);
        expectSameAsScan(org, 'SELECT Id, Subject, Status, OwnerId FROM Case', `Id = '${one}'`);
        const many = picks.map((p) => `'${flipCase(caseIds[p]!, flips)}'`).join(', ');
        expectSameAsScan(org, 'SELECT Id, CreatedDate FROM Case', `Id IN (${many}) AND Status != 'New'`, ' ORDER BY CreatedDate');
        expectSameAsScan(org, 'SELECT Id, Quantity FROM OrderItem', `Id = '${orderItemIds[item]}'`);
        expectSameAsScan(org, 'SELECT OwnerId, COUNT(Id) n FROM Case', `OwnerId = '${org.tables['Case']![picks[0]!]!['OwnerId']}'`, ' GROUP BY OwnerId');
      }),
      { numRuns: 60 },
    );
    expect(runSoql(org, `SELECT Id FROM Case WHERE Id = '${caseIds[7]!.toLowerCase()}'`)).toMatchObject({ ok: true, totalSize: 1, records: [{ Id: caseIds[7] }] });
  });
});
