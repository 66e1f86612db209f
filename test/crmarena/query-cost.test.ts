import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crmarenaEnvironment } from '../../envs/index.js';
import { MAX_QUERY_LENGTH, runSoql, runSosl, type QueryableOrg } from '../../envs/crmarena/query/index.js';

/** The default org (2,500 cases with long descriptions): the size the slow queries were found on. */
const org = crmarenaEnvironment.world() as QueryableOrg;
/** Loose: each of these took 0.6 to 29 s before; linear work over the org takes tens of milliseconds. */
const BOUND_MS = 1500;

function timed(run: () => ReturnType<typeof runSoql>): { outcome: ReturnType<typeof runSoql>; ms: number } {
  const start = performance.now();
  const outcome = run();
  return { outcome, ms: performance.now() - start };
}

const ors = (n: number, condition: (i: number) => string) => Array.from({ length: n }, (_, i) => condition(i)).join(' OR ');

describe('SOQL cost on adversarial queries within the length limit', () => {
  it("LIKE patterns of '_' runs OR'ed 150 times run in linear time and keep their meaning", () => {
    for (const condition of [
      () => `Description LIKE '%${'_'.repeat(100)}%'`,
      (i: number) => `Description LIKE '%${'_'.repeat(60 + (i % 40))}%'`,
      () => `Subject LIKE '${'_'.repeat(100)}'`,
      (i: number) => `Description LIKE '%e${'_e'.repeat(8 + (i % 5))}%'`,
    ]) {
      const query = `SELECT Id FROM Case WHERE ${ors(150, condition)}`;
      const { outcome, ms } = timed(() => runSoql(org, query));
      expect(outcome.ok).toBe(true);
      expect(ms).toBeLessThan(BOUND_MS);
    }
    const long = runSoql(org, `SELECT COUNT() FROM Case WHERE ${ors(150, () => `Description LIKE '%${'_'.repeat(100)}%'`)}`);
    const once = runSoql(org, `SELECT COUNT() FROM Case WHERE Description LIKE '%${'_'.repeat(100)}%'`);
    expect(long.ok && once.ok && long.totalSize).toBe(once.ok ? once.totalSize : -1);
  });

  it("a run of 16,000 '%' is one '%'", () => {
    const { outcome, ms } = timed(() => runSoql(org, `SELECT COUNT() FROM Case WHERE Subject LIKE '${'%'.repeat(16_000)}'`));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(outcome.ok && outcome.totalSize).toBe(2500);
    const spread = runSoql(org, `SELECT COUNT() FROM Case WHERE Subject LIKE '${'%'.repeat(500)}a${'%'.repeat(500)}e%%%'`);
    const plain = runSoql(org, `SELECT COUNT() FROM Case WHERE Subject LIKE '%a%e%'`);
    expect(spread.ok && plain.ok && spread.totalSize === plain.totalSize && plain.totalSize > 0).toBe(true);
  });

  it('ORDER BY and GROUP BY take at most 32 items, with an error that says so; repeated keys sort as one', () => {
    const order = runSoql(org, `SELECT Id FROM Case ORDER BY ${Array.from({ length: 400 }, () => 'Subject').join(', ')}`);
    expect(order).toEqual({ ok: false, error: expect.stringMatching(/^MALFORMED_QUERY: ORDER BY may list at most 32 fields at position \d+$/) });
    const group = runSoql(org, `SELECT COUNT(Id) FROM Case GROUP BY ${Array.from({ length: 100 }, () => 'Status').join(', ')}`);
    expect(group).toEqual({ ok: false, error: expect.stringMatching(/^MALFORMED_QUERY: GROUP BY may list at most 32 fields/) });
    const repeated = timed(() => runSoql(org, `SELECT Id FROM Case ORDER BY ${Array.from({ length: 31 }, (_, i) => (i % 2 ? 'Subject DESC' : 'Description')).join(', ')}, Id`));
    const once = runSoql(org, 'SELECT Id FROM Case ORDER BY Description, Subject DESC, Id');
    expect(repeated.ms).toBeLessThan(BOUND_MS);
    expect(repeated.outcome).toEqual(once);
  });

  it('at most two IN sub-queries per query', () => {
    const two = runSoql(org, "SELECT Id FROM Case WHERE Id IN (SELECT Id FROM Case WHERE Subject LIKE '%a%') AND AccountId IN (SELECT Id FROM Account)");
    expect(two.ok).toBe(true);
    const many = runSoql(org, `SELECT Id FROM Case WHERE ${ors(300, () => "Id IN (SELECT Id FROM Case WHERE Subject LIKE '%a%')")}`);
    expect(many).toEqual({ ok: false, error: expect.stringMatching(/^MALFORMED_QUERY: a query may hold at most 2 IN \/ NOT IN sub-queries/) });
  });

  it('any query text up to the length limit, built from repeated pieces, answers within the bound', () => {
    const piece = fc.constantFrom(
      "Subject LIKE '%_%' OR ",
      "Description LIKE '%e_e%' OR ",
      '%',
      '_',
      "Status = 'New' AND ",
      'Subject, ',
      '(',
      ')',
      'NOT ',
      "Id IN (SELECT Id FROM Case WHERE Subject LIKE '%a%') OR ",
    );
    fc.assert(
      fc.property(fc.constantFrom('SELECT Id FROM Case WHERE ', "SELECT Id FROM Case WHERE Description LIKE '", 'SELECT Id FROM Case ORDER BY ', 'FIND {'), piece, fc.constantFrom("Id != 'x'", "'", 'Id', '} IN ALL FIELDS RETURNING Case(Id)'), (head, unit, tail) => {
        const body = unit.repeat(Math.floor((MAX_QUERY_LENGTH - head.length - tail.length) / unit.length));
        const run = head.startsWith('FIND') ? runSosl : runSoql;
        const { ms } = timed(() => run(org, head + body + tail));
        expect(ms).toBeLessThan(BOUND_MS);
      }),
      { numRuns: 40, seed: 10 },
    );
  });
});
