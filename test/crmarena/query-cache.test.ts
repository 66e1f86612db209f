import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runSoql, runSosl, type QueryableOrg, type QueryOutcome } from '../../envs/crmarena/query/index.js';
import { QueryError } from '../../envs/crmarena/query/query-error.js';
import { planSoql } from '../../envs/crmarena/query/soql-planner.js';
import { parseSoql } from '../../envs/crmarena/query/soql-parser.js';
import { planSosl } from '../../envs/crmarena/query/sosl-planner.js';
import { parseSosl } from '../../envs/crmarena/query/sosl-parser.js';
import { RecentTexts } from '../../envs/crmarena/query/recent-texts.js';
import { makeOrg, org } from './query-fixture.js';

describe('RecentTexts (which texts the query cache admits)', () => {
  it('knows a text again within the window and forgets it after `capacity` new texts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 60 }), (capacity, picks) => {
        const recent = new RecentTexts(capacity);
        const firstSeen: string[] = [];
        for (const pick of picks) {
          const text = `t${pick}`;
          const expected = firstSeen.slice(-capacity).includes(text);
          expect(recent.seenBefore(text)).toBe(expected);
          if (!expected) firstSeen.push(text);
        }
      }),
    );
  });
});

const QUERIES = [
  "SELECT Id, Subject FROM Case WHERE Status = 'Closed' ORDER BY CreatedDate DESC LIMIT 3",
  'SELECT Id FROM Case WHERE CreatedDate = LAST_N_DAYS:7 ORDER BY Id',
  'SELECT OwnerId, COUNT(Id) n FROM Case GROUP BY OwnerId ORDER BY OwnerId',
  "SELECT Id FROM Case WHERE AccountId IN (SELECT Id FROM Account WHERE ShippingState = 'CA')",
  "SELECT Id, Account.ShippingState FROM Case WHERE Subject LIKE '%heel%'",
  'SELECT Id FROM Case WHERE CreatedDate = TODAY',
  'SELECT Id FROM Nope',
  'SELECT Id FROM Case WHERE',
];
const SEARCHES = ['FIND {heel} IN ALL FIELDS RETURNING Case(Id, Subject)', 'FIND {late} RETURNING Case(Id) LIMIT 1'];
// Orgs sharing one table set with different todays, and another table set.
const ORGS = [org, { today: '2024-06-14', tables: org.tables }, { today: '2024-06-20', tables: org.tables }, makeOrg('2024-06-14')];

/** The engine's outcome by definition: parse, plan and run, nothing kept. */
function uncached(target: QueryableOrg, text: string, sosl: boolean): QueryOutcome {
  try {
    const { totalSize, records } = sosl ? planSosl(target, parseSosl(text)).run() : planSoql(target, parseSoql(text)).run();
    return { ok: true, totalSize, done: true, records };
  } catch (error) {
    if (error instanceof QueryError) return { ok: false, error: error.format() };
    throw error;
  }
}

describe('the query cache', () => {
  it('gives a text the uncached outcome on its first, second (admitted) and later uses, per org and today', () => {
    const all = [...QUERIES.map((text) => ({ text, sosl: false })), ...SEARCHES.map((text) => ({ text, sosl: true }))];
    fc.assert(
      fc.property(fc.array(fc.record({ query: fc.constantFrom(...all), org: fc.constantFrom(...ORGS) }), { minLength: 1, maxLength: 40 }), (picks) => {
        for (const { query, org: target } of picks) {
          const outcome = (query.sosl ? runSosl : runSoql)(target, query.text);
          expect(outcome).toEqual(uncached(target, query.text, query.sosl));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('answers evicted texts afresh: texts used twice fill the cache past its 256 entries, then the first ones run again', () => {
    const text = (i: number) => `SELECT Id, Subject FROM Case WHERE Rating != ${i} ORDER BY CreatedDate DESC LIMIT ${1 + (i % 5)}`;
    const first = Array.from({ length: 10 }, (_, i) => runSoql(org, text(i)));
    for (let i = 0; i < 300; i++) {
      runSoql(org, text(i));
      expect(runSoql(org, text(i))).toEqual(uncached(org, text(i), false));
    }
    for (let i = 0; i < 10; i++) {
      expect(runSoql(org, text(i))).toEqual(first[i]);
      expect(runSoql(org, text(i))).toEqual(uncached(org, text(i), false));
    }
  });
});
