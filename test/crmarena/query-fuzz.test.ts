import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runSoql, runSosl, type QueryOutcome } from '../../envs/crmarena/query/index.js';
import { org } from './query-fixture.js';

/** Every outcome is a result or an error whose text starts with an UPPER_CASE code and a colon. */
function expectWellFormed(outcome: QueryOutcome): void {
  if (outcome.ok) {
    expect(outcome.done).toBe(true);
    expect(outcome.totalSize).toBeGreaterThanOrEqual(outcome.records.length);
    return;
  }
  expect(outcome.error).toMatch(/^[A-Z][A-Z_]*: \S/);
  expect(outcome.error.startsWith('UNKNOWN_EXCEPTION')).toBe(false);
}

const VALID_SOQL = [
  "SELECT Id, Subject FROM Case WHERE Status = 'Closed' AND (Priority = 'High' OR Rating >= 4) ORDER BY CreatedDate DESC NULLS LAST LIMIT 5 OFFSET 1",
  "SELECT OwnerId, COUNT(Id) n, AVG(Rating) FROM Case WHERE CreatedDate = LAST_N_DAYS:90 GROUP BY OwnerId HAVING COUNT(Id) > 1 ORDER BY COUNT(Id) DESC",
  "SELECT COUNT() FROM Case WHERE Subject LIKE '%heel\\_%' AND Status NOT IN ('New', 'Working')",
  'SELECT Id, Account.ShippingState, Owner.Email FROM Case WHERE ClosedDate != null AND CreatedDate > 2024-01-01T00:00:00Z',
  "SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Case WHERE Priority = 'High') AND NOT LastName = 'O\\'Neil'",
  'SELECT CALENDAR_MONTH(CreatedDate), COUNT(Id) FROM Case WHERE CreatedDate = THIS_YEAR GROUP BY CALENDAR_MONTH(CreatedDate)',
  'SELECT FIELDS(ALL) FROM Order WHERE EffectiveDate >= 2024-05-01 AND EffectiveDate < NEXT_MONTH LIMIT 10',
  "SELECT Id, Name FROM Product2 WHERE IsActive = true AND Name LIKE 'c_ty%'",
];

const VALID_SOSL = [
  "FIND {heel OR \"late delivery\"} IN ALL FIELDS RETURNING Case(Id, Subject WHERE Priority != 'Low' ORDER BY CreatedDate LIMIT 3), Knowledge__kav(Id, Title) LIMIT 10",
  'FIND {smith*} IN NAME FIELDS RETURNING Account(Id, FirstName, LastName), User',
  "FIND 'ava.reed@shoes.example' IN EMAIL FIELDS RETURNING User(Id, Email)",
  'FIND {(heel AND NOT strap) OR 4155550102} RETURNING Case(Id), User(Id, Phone)',
];

const VOCABULARY = [
  'SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'LIKE', 'GROUP', 'BY', 'HAVING', 'ORDER', 'ASC', 'DESC', 'NULLS', 'FIRST', 'LAST',
  'LIMIT', 'OFFSET', 'COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'COUNT_DISTINCT', 'CALENDAR_MONTH', 'FIELDS', 'ALL', 'FIND', 'RETURNING', 'IN ALL FIELDS',
  'Case', 'Account', 'Id', 'Subject', 'Status', 'Rating', 'CreatedDate', 'Account.Name', 'Owner.Email', 'IssueId__r.Name', 'Nope__c',
  '(', ')', ',', '.', '=', '!=', '<>', '<', '<=', '>', '>=', ':', '*', '-', '{', '}', '{heel}', '"', "'", "\\", "'x'", "'%a_'", "'\\'", '\\%',
  '0', '5', '-1', '2.5', '99999999999999999999', '2024-01-01', '2024-13-01', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00', 'TODAY',
  'LAST_N_DAYS:7', 'LAST_N_DAYS', 'THIS_QUARTER', 'null', 'true', 'FALSE', ';', '\n', '\u0000', 'é', '𝔘',
];

const tokenSoup = fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 40 }).chain((tokens) =>
  fc.array(fc.constantFrom(' ', '', '  ', '\t'), { minLength: tokens.length, maxLength: tokens.length }).map((gaps) => tokens.map((t, i) => t + gaps[i]).join('')),
);

type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'replace'; at: number; text: string }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...VOCABULARY), fc.string({ maxLength: 3, unit: 'binary' })) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...VOCABULARY), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % (out.length + 1);
    switch (m.kind) {
      case 'delete':
        out = out.slice(0, at) + out.slice(at + m.length);
        break;
      case 'insert':
        out = out.slice(0, at) + m.text + out.slice(at);
        break;
      case 'replace':
        out = out.slice(0, at) + m.text + out.slice(at + 1);
        break;
      case 'duplicate':
        out = out.slice(0, at + m.length) + out.slice(at, at + m.length) + out.slice(at + m.length);
        break;
      case 'truncate':
        out = out.slice(0, at);
        break;
    }
  }
  return out;
}

describe('the engine never throws and always answers in shape', () => {
  it('the valid seed queries are valid', () => {
    for (const q of VALID_SOQL) expect(runSoql(org, q), q).toMatchObject({ ok: true });
    for (const q of VALID_SOSL) expect(runSosl(org, q), q).toMatchObject({ ok: true });
  });

  it('arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 120 }), fc.string({ maxLength: 120, unit: 'binary' })), (text) => {
        expectWellFormed(runSoql(org, text));
        expectWellFormed(runSosl(org, text));
        expectWellFormed(runSoql(org, `SELECT Id FROM Case WHERE ${text}`));
        expectWellFormed(runSosl(org, `FIND {${text}} RETURNING Case(Id)`));
      }),
      { numRuns: 400 },
    );
  });

  it('soups of SOQL and SOSL tokens', () => {
    fc.assert(
      fc.property(tokenSoup, fc.boolean(), (soup, prefixed) => {
        expectWellFormed(runSoql(org, prefixed ? `SELECT Id FROM Case ${soup}` : soup));
        expectWellFormed(runSosl(org, prefixed ? `FIND {heel} ${soup}` : soup));
      }),
      { numRuns: 600 },
    );
  });

  it('mutated valid queries', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VALID_SOQL, ...VALID_SOSL), fc.array(mutation, { minLength: 1, maxLength: 4 }), (query, mutations) => {
        const text = mutate(query, mutations);
        expectWellFormed(runSoql(org, text));
        expectWellFormed(runSosl(org, text));
      }),
      { numRuns: 1500 },
    );
  });
});
