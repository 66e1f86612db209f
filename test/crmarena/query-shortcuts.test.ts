import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crmarenaEnvironment } from '../../envs/crmarena/index.js';
import { runSoql, type OrgRecord, type QueryableOrg, type QueryOutcome } from '../../envs/crmarena/query/index.js';

/**
 * The engine's shortcuts (a `!=` on a text no record holds dropped, IN sub-queries read from the
 * equality index, date ranges read from a sorted index, ORDER BY ... LIMIT walked in index order,
 * GROUP BY one field over per-table group numbers) against forms of the same query that take
 * none of them: `NOT (F = x)` for `F != x`, `(C) OR (C)` for C (never indexed or narrowed),
 * no LIMIT / OFFSET then a slice, `GROUP BY F, F` for `GROUP BY F` (F a field or a date function of one).
 */

const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const CHARS = ['a', 'A', 'b', 'k', 'K', '\u212A', 'é', 'É', ' '];
const text = fc.array(fc.constantFrom(...CHARS), { minLength: 0, maxLength: 3 }).map((cs) => cs.join(''));
const pad = (n: number) => String(n).padStart(2, '0');
/** Few distinct instants and days, so ORDER BY meets ties and range bounds fall on values. */
const stamp = fc.record({ day: fc.integer({ min: 9, max: 16 }), hour: fc.constantFrom(0, 12, 23) }).map(({ day, hour }) => `2024-06-${pad(day)}T${pad(hour)}:00:00Z`);
const day = fc.integer({ min: 9, max: 16 }).map((d) => `2024-06-${pad(d)}`);
const flipCase = (value: string, flip: boolean) => (flip ? value.toUpperCase() : value);

const smallOrg = fc
  .record({
    things: fc.array(
      fc.record({
        Name: fc.option(text, { nil: null }),
        Tag: fc.option(fc.oneof(text, fc.constantFrom('1', '2', 'k', 'K', '\u212A')), { nil: null }),
        N: fc.integer({ min: 0, max: 4 }),
        D: fc.option(stamp, { nil: null }),
        Day: fc.option(day, { nil: null }),
      }),
      { maxLength: 40 },
    ),
    children: fc.array(fc.record({ Label: fc.option(text, { nil: null }), Parent: fc.nat(45), Flip: fc.boolean() }), { maxLength: 30 }),
  })
  .map(({ things, children }): QueryableOrg => ({
    today: '2024-06-15',
    tables: {
      Thing: things.map((r, i): OrgRecord => ({ Id: `t${i}`, ...r })),
      Child: children.map((c, i): OrgRecord => ({ Id: `c${i}`, Label: c.Label, ParentId: c.Parent < things.length ? flipCase(`t${c.Parent}`, c.Flip) : null })),
    },
  }));

/** A condition written the shortcut way and the plain way. */
type Pair = readonly [fast: string, plain: string];

const conditionPair: fc.Arbitrary<Pair> = fc.oneof(
  text.map((t): Pair => [`Name != ${quote(t)}`, `NOT (Name = ${quote(t)})`]),
  text.map((t): Pair => [`Name = ${quote(t)}`, `Name = ${quote(t)}`]),
  fc.array(text, { minLength: 1, maxLength: 3 }).map((ts): Pair => [`Tag NOT IN (${ts.map(quote).join(', ')})`, `NOT (Tag IN (${ts.map(quote).join(', ')}))`]),
  fc.constantFrom<Pair>(
    ['D >= 2024-06-12T00:00:00Z', 'D >= 2024-06-12T00:00:00Z'],
    ['D < 2024-06-13T12:00:00Z', 'D < 2024-06-13T12:00:00Z'],
    ['D <= 2024-06-13T12:00:00Z', 'D <= 2024-06-13T12:00:00Z'],
    ['D > 2024-06-12', 'D > 2024-06-12'],
    ['D = LAST_N_DAYS:3', 'D = LAST_N_DAYS:3'],
    ['D = 2024-06-11', 'D = 2024-06-11'],
    ['D != 2024-06-11', 'D != 2024-06-11'],
    ['Day <= 2024-06-13', 'Day <= 2024-06-13'],
    ['Day = THIS_WEEK', 'Day = THIS_WEEK'],
    ['Day > 2024-06-10T12:00:00Z', 'Day > 2024-06-10T12:00:00Z'],
    ['N != 2', 'N != 2'],
    ['D = null', 'D = null'],
  ),
);

const where = fc.array(conditionPair, { minLength: 1, maxLength: 3 }).map(([first, ...rest]): Pair => {
  const all = [first!, ...rest];
  const plain = all.map((p) => p[1]).join(' AND ');
  return [all.map((p) => p[0]).join(' AND '), `(${plain}) OR (${plain})`];
});

const order = fc.record({ field: fc.constantFrom('D', 'Day'), desc: fc.boolean(), nulls: fc.constantFrom('', ' NULLS FIRST', ' NULLS LAST'), then: fc.constantFrom('', ', N', ', Name DESC', ', D', ', Day DESC NULLS FIRST') })
  .map(({ field, desc, nulls, then }) => `ORDER BY ${field}${desc ? ' DESC' : ''}${nulls}${then}`);

function expectSame(fast: QueryOutcome, plain: QueryOutcome): void {
  expect(fast).toEqual(plain);
}

describe('query shortcuts give the plain evaluation\'s rows, order, groups and counts', () => {
  it('on random small orgs with NULLs, case-folding traps, date boundaries and ORDER BY ties', () => {
    fc.assert(
      fc.property(smallOrg, where, order, fc.nat(6), fc.nat(3), (org, [fast, plain], orderBy, limit, offset) => {
        expectSame(runSoql(org, `SELECT Id, Name, D FROM Thing WHERE ${fast}`), runSoql(org, `SELECT Id, Name, D FROM Thing WHERE ${plain}`));
        expectSame(runSoql(org, `SELECT COUNT() FROM Thing WHERE ${fast}`), runSoql(org, `SELECT COUNT() FROM Thing WHERE ${plain}`));
        // ORDER BY a date field with LIMIT walks the sorted index; without LIMIT it sorts every kept row.
        const full = runSoql(org, `SELECT Id, D, Day, N FROM Thing WHERE ${plain} ${orderBy}`);
        const paged = runSoql(org, `SELECT Id, D, Day, N FROM Thing WHERE ${fast} ${orderBy} LIMIT ${limit} OFFSET ${offset}`);
        expect(full.ok && paged.ok).toBe(true);
        if (full.ok && paged.ok) expect(paged.records).toEqual(full.records.slice(offset, offset + limit));
        const unfiltered = runSoql(org, `SELECT Id, D FROM Thing ${orderBy}`);
        const firstRows = runSoql(org, `SELECT Id, D FROM Thing ${orderBy} LIMIT ${limit}`);
        if (unfiltered.ok && firstRows.ok) expect(firstRows.records).toEqual(unfiltered.records.slice(0, limit));
        // GROUP BY one field (group numbers; counts only, or accumulators) against GROUP BY it twice (text keys).
        for (const select of ['Tag, COUNT(Id) c', 'Tag, COUNT(Id) c, COUNT(Name) cn, MAX(D) latest, SUM(N) s']) {
          expectSame(runSoql(org, `SELECT ${select} FROM Thing WHERE ${fast} GROUP BY Tag`), runSoql(org, `SELECT ${select} FROM Thing WHERE ${plain} GROUP BY Tag, Tag`));
          expectSame(runSoql(org, `SELECT ${select} FROM Thing GROUP BY Tag`), runSoql(org, `SELECT ${select} FROM Thing GROUP BY Tag, Tag`));
        }
        // GROUP BY a date function of a field: group numbers per table too.
        for (const fn of ['CALENDAR_MONTH(D)', 'DAY_ONLY(D)', 'HOUR_IN_DAY(D)', 'DAY_IN_WEEK(Day)', 'CALENDAR_YEAR(Day)']) {
          for (const select of [`${fn} g, COUNT(Id) c`, `${fn} g, COUNT(Id) c, COUNT(Name) cn, MAX(D) latest, SUM(N) s`]) {
            expectSame(runSoql(org, `SELECT ${select} FROM Thing WHERE ${fast} GROUP BY ${fn}`), runSoql(org, `SELECT ${select} FROM Thing WHERE ${plain} GROUP BY ${fn}, ${fn}`));
            expectSame(runSoql(org, `SELECT ${select} FROM Thing GROUP BY ${fn}`), runSoql(org, `SELECT ${select} FROM Thing GROUP BY ${fn}, ${fn}`));
          }
        }
        expectSame(
          runSoql(org, `SELECT Name, COUNT(Id) c FROM Thing WHERE ${fast} GROUP BY Name HAVING COUNT(Id) > 1 ORDER BY COUNT(Id) DESC`),
          runSoql(org, `SELECT Name, COUNT(Id) c FROM Thing WHERE ${plain} GROUP BY Name, Name HAVING COUNT(Id) > 1 ORDER BY COUNT(Id) DESC`),
        );
      }),
      { numRuns: 400 },
    );
  });

  it('reads IN (sub-query) from the equality index exactly as the scan matches it', () => {
    fc.assert(
      fc.property(smallOrg, where, fc.constantFrom('Id', 'Name', 'N'), fc.constantFrom('ParentId', 'Label'), (org, [fast, plain], selected, field) => {
        const sub = (w: string) => `(SELECT ${selected} FROM Thing WHERE ${w})`;
        const fastForm = runSoql(org, `SELECT Id, Label, ParentId FROM Child WHERE ${field} IN ${sub(fast)}`);
        const plainForm = runSoql(org, `SELECT Id, Label, ParentId FROM Child WHERE (${field} IN ${sub(plain)}) OR (${field} IN ${sub(plain)})`);
        expectSame(fastForm, plainForm);
      }),
      { numRuns: 300 },
    );
  });

  it('semi-joins by the sub-query\'s records, remembered per record, as the scan matches values', () => {
    const subShape = fc.record({
      selected: fc.constantFrom('Id', 'id', 'Name', 'Tag', 'N'),
      orderBy: fc.constantFrom('', ' ORDER BY Name', ' ORDER BY D DESC NULLS LAST, Id', ' ORDER BY D DESC', ' ORDER BY Day'),
      limit: fc.constantFrom('', ' LIMIT 1', ' LIMIT 5', ' LIMIT 3 OFFSET 2'),
    });
    fc.assert(
      fc.property(smallOrg, fc.array(fc.tuple(where, subShape, fc.constantFrom('ParentId', 'Label')), { minLength: 1, maxLength: 4 }), (org, queries) => {
        // Several queries on one org: later ones read buckets the earlier ones remembered.
        for (const [[fast, plain], { selected, orderBy, limit }, field] of queries) {
          const sub = (w: string) => `(SELECT ${selected} FROM Thing WHERE ${w}${orderBy}${limit})`;
          expectSame(
            runSoql(org, `SELECT Id, Label FROM Child WHERE ${field} IN ${sub(fast)}`),
            runSoql(org, `SELECT Id, Label FROM Child WHERE (${field} IN ${sub(plain)}) OR (${field} IN ${sub(plain)})`),
          );
          expectSame(
            runSoql(org, `SELECT Label, COUNT(Id) n FROM Child WHERE ${field} IN ${sub(fast)} AND Label != 'zz' GROUP BY Label`),
            runSoql(org, `SELECT Label, COUNT(Id) n FROM Child WHERE (${field} IN ${sub(plain)} AND NOT (Label = 'zz')) OR (${field} IN ${sub(plain)} AND NOT (Label = 'zz')) GROUP BY Label, Label`),
          );
        }
      }),
      { numRuns: 200 },
    );
  });

  it('answers the benchmark\'s queries over the default org as the plain forms do', () => {
    const org = crmarenaEnvironment.world() as QueryableOrg;
    const product = String(org.tables['Product2']![3]!['Id']);
    const pairs: [string, string][] = [
      [
        `SELECT Id, CreatedDate, ClosedDate, OwnerId FROM Case WHERE Status = 'Closed' AND CreatedDate = LAST_N_DAYS:90 ORDER BY CreatedDate DESC LIMIT 20`,
        `SELECT Id, CreatedDate, ClosedDate, OwnerId FROM Case WHERE (Status = 'Closed' AND CreatedDate = LAST_N_DAYS:90) OR (Status = 'Closed' AND CreatedDate = LAST_N_DAYS:90) ORDER BY CreatedDate DESC`,
      ],
      [`SELECT OwnerId, COUNT(Id) n FROM Case WHERE Priority != 'x1' GROUP BY OwnerId`, `SELECT OwnerId, COUNT(Id) n FROM Case WHERE NOT (Priority = 'x1') GROUP BY OwnerId, OwnerId`],
      [
        `SELECT CALENDAR_MONTH(CreatedDate) m, COUNT(Id) n FROM Case WHERE OrderItemId__c IN (SELECT Id FROM OrderItem WHERE Product2Id = '${product}') AND Origin != 'x2' GROUP BY CALENDAR_MONTH(CreatedDate)`,
        `SELECT CALENDAR_MONTH(CreatedDate) m, COUNT(Id) n FROM Case WHERE (OrderItemId__c IN (SELECT Id FROM OrderItem WHERE Product2Id = '${product}') AND NOT (Origin = 'x2')) OR (Origin = 'never' AND Origin = 'never') GROUP BY CALENDAR_MONTH(CreatedDate)`,
      ],
      [`SELECT Id, Account.ShippingState FROM Case WHERE Status = 'Closed' AND Subject != 'x3' LIMIT 50`, `SELECT Id, Account.ShippingState FROM Case WHERE (Status = 'Closed' AND NOT (Subject = 'x3')) OR (Status = 'Closed' AND NOT (Subject = 'x3')) LIMIT 50`],
      [`SELECT Id, Name FROM Product2 WHERE Name LIKE '%Pack%' AND Id != 'x4'`, `SELECT Id, Name FROM Product2 WHERE (Name LIKE '%Pack%' AND NOT (Id = 'x4')) OR (Name LIKE '%Pack%' AND NOT (Id = 'x4'))`],
    ];
    for (const [fast, plain] of pairs) {
      const a = runSoql(org, fast);
      const b = runSoql(org, plain);
      expect(a.ok).toBe(true);
      if (a.ok && b.ok) expect(a.records).toEqual(fast.includes('LIMIT 20') ? b.records.slice(0, 20) : b.records);
      else expect(a).toEqual(b);
    }
  });
});
