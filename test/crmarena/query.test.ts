import { describe, expect, it } from 'vitest';
import { runSoql } from '../../envs/crmarena/query/index.js';
import { column, errorOf, makeOrg, org, rowsOf } from './query-fixture.js';

const ids = (query: string) => column(runSoql(org, query));

describe('SOQL selection and projection', () => {
  it('returns the selected fields under their canonical names, in select order', () => {
    const outcome = runSoql(org, "select subject, ID from case where id = '500A'");
    expect(outcome).toEqual({ ok: true, totalSize: 1, done: true, records: [{ Subject: 'Heel snapped after a week', Id: '500A' }] });
    expect(Object.keys(rowsOf(outcome)[0] ?? {})).toEqual(['Subject', 'Id']);
  });

  it('reads keywords, object and field names in any case', () => {
    expect(ids("SeLeCt Id FrOm cAsE wHeRe StAtUs = 'New' OrDeR bY iD dEsC lImIt 1")).toEqual(['500G']);
  });

  it('expands FIELDS(ALL) and FIELDS(CUSTOM)', () => {
    expect(rowsOf(runSoql(org, "SELECT FIELDS(ALL) FROM Issue__c WHERE Name = 'Size Mismatch'"))).toEqual([{ Id: 'a1MC', Name: 'Size Mismatch' }]);
    expect(rowsOf(runSoql(org, "SELECT FIELDS(CUSTOM) FROM Product2 WHERE Id = '01tC'"))).toEqual([{ External_ID__c: 'WB-300' }]);
  });

  it('reads parent fields through lookups (Account.X, Owner.X, Custom__r.X)', () => {
    const rows = rowsOf(runSoql(org, "SELECT Id, Account.ShippingState, Owner.LastName FROM Case WHERE Account.ShippingState = 'ca' ORDER BY Id"));
    expect(rows).toEqual([
      { Id: '500B', 'Account.ShippingState': 'CA', 'Owner.LastName': 'Okafor' },
      { Id: '500E', 'Account.ShippingState': 'CA', 'Owner.LastName': 'Okafor' },
      { Id: '500F', 'Account.ShippingState': 'CA', 'Owner.LastName': 'Reed' },
      { Id: '500G', 'Account.ShippingState': 'CA', 'Owner.LastName': 'Lind' },
    ]);
    expect(ids("SELECT Id FROM Case WHERE IssueId__r.Name = 'Shipping Delay'")).toEqual(['500B', '500F']);
    expect(rowsOf(runSoql(org, "SELECT IssueId__r.Name FROM Case WHERE Id = '500G'"))).toEqual([{ 'IssueId__r.Name': null }]);
  });

  it('an empty table accepts any field and returns nothing', () => {
    expect(runSoql(org, 'SELECT Id, Whatever__c FROM EmptyThing__c')).toEqual({ ok: true, totalSize: 0, done: true, records: [] });
  });

  it('returns fresh records on every run, whatever the caller does to them', () => {
    const first = rowsOf(runSoql(org, "SELECT Id FROM Case WHERE Id = '500A'"));
    (first[0] as Record<string, unknown>)['Id'] = 'tampered';
    expect(ids("SELECT Id FROM Case WHERE Id = '500A'")).toEqual(['500A']);
  });

  it('keeps answering correctly after the query cache has evicted older texts', () => {
    const first = "SELECT Id FROM Case WHERE Rating = 5 AND Status != 'Working'";
    expect(ids(first)).toEqual(['500H']);
    for (let limit = 0; limit < 300; limit++) expect(ids(`SELECT Id FROM Case ORDER BY Id LIMIT ${limit}`)).toHaveLength(Math.min(limit, 8));
    expect(ids(first)).toEqual(['500H']);
  });

  it('answers each org from its own data and its own today, even for a cached query text', () => {
    const query = 'SELECT Id FROM Case WHERE CreatedDate = TODAY';
    expect(column(runSoql(org, query))).toEqual(['500G']);
    expect(column(runSoql(makeOrg('2024-06-14'), query))).toEqual(['500C']);
    const other = { today: '2024-06-15', tables: { Case: [{ Id: 'x1', CreatedDate: '2024-06-15T08:00:00Z' }] } };
    expect(column(runSoql(other, query))).toEqual(['x1']);
  });
});

describe('SOQL filters', () => {
  it('compares text case-insensitively', () => {
    expect(ids("SELECT Id FROM Case WHERE Status = 'closed'")).toEqual(['500A', '500B', '500F', '500H']);
  });

  it('!= keeps nulls; = null and != null test for missing values', () => {
    expect(ids("SELECT Id FROM Case WHERE Priority != 'High'")).toEqual(['500B', '500C', '500E', '500F', '500G']);
    expect(ids("SELECT Id FROM Case WHERE Priority <> 'High'")).toEqual(['500B', '500C', '500E', '500F', '500G']);
    expect(ids('SELECT Id FROM Case WHERE ClosedDate = null')).toEqual(['500C', '500D', '500E', '500G']);
    expect(ids('SELECT Id FROM Case WHERE ClosedDate != NULL')).toEqual(['500A', '500B', '500F', '500H']);
  });

  it('compares numbers and booleans; nulls fail ordering comparisons', () => {
    expect(ids('SELECT Id FROM Case WHERE Rating > 3')).toEqual(['500A', '500D', '500H']);
    expect(ids('SELECT Id FROM Case WHERE Rating <= 2')).toEqual(['500B', '500E']);
    expect(ids('SELECT Id FROM Case WHERE Rating >= 4.5')).toEqual(['500D', '500H']);
    expect(ids('SELECT Id FROM Case WHERE Rating < -1')).toEqual([]);
    expect(ids('SELECT Id FROM Case WHERE Escalated = TRUE')).toEqual(['500D', '500E']);
    expect(ids('SELECT Id FROM Product2 WHERE IsActive = false')).toEqual(['01tC']);
  });

  it('IN and NOT IN, with null as a member', () => {
    expect(ids("SELECT Id FROM Case WHERE Status IN ('New', 'escalated')")).toEqual(['500C', '500E', '500G']);
    expect(ids("SELECT Id FROM Case WHERE Status NOT IN ('Closed')")).toEqual(['500C', '500D', '500E', '500G']);
    expect(ids("SELECT Id FROM Case WHERE Priority IN ('low', null)")).toEqual(['500C', '500E', '500F']);
    expect(ids("SELECT Id FROM Case WHERE Priority NOT IN ('High', null)")).toEqual(['500B', '500C', '500F', '500G']);
    expect(ids('SELECT Id FROM Case WHERE Rating IN (1, 5)')).toEqual(['500D', '500E', '500H']);
  });

  it('LIKE: % and _ wildcards, escaped \\% and \\_, case-insensitive, anchored', () => {
    expect(ids("SELECT Id FROM Case WHERE Subject LIKE '%HEEL%'")).toEqual(['500A', '500H']);
    expect(ids("SELECT Id FROM Case WHERE Subject LIKE 'late%'")).toEqual(['500F']);
    expect(ids("SELECT Id FROM Case WHERE Subject LIKE '%late'")).toEqual(['500B']);
    expect(ids("SELECT Id FROM Case WHERE Subject LIKE '_ipper%'")).toEqual(['500E']);
    expect(ids("SELECT Id FROM Case WHERE Subject LIKE 'Sole 50\\%%'")).toEqual(['500D']);
    expect(ids("SELECT Id FROM Case WHERE Subject LIKE '%size\\_shoe%'")).toEqual(['500C']);
    expect(ids("SELECT Id FROM Case WHERE Subject LIKE '%wrong\\_size%'")).toEqual([]);
    expect(ids("SELECT Id FROM Case WHERE Subject LIKE '%wrong_size%'")).toEqual(['500C']);
    expect(ids("SELECT Id FROM Case WHERE Subject LIKE 'zipper'")).toEqual([]);
    expect(ids("SELECT Id FROM Case WHERE Subject LIKE 'ZIPPER BROKEN'")).toEqual(['500E']);
    expect(ids("SELECT Id FROM Case WHERE Subject LIKE '%a%e%'")).toEqual(['500A', '500B', '500F', '500H']);
  });

  it('reads backslash escapes in string literals', () => {
    expect(ids("SELECT Id FROM Account WHERE LastName = 'O\\'Neil'")).toEqual(['001D']);
    expect(ids("SELECT Id FROM Account WHERE LastName = 'O\\u0027Neil'")).toEqual(['001D']);
  });

  it('NOT negates the condition after it; parentheses group', () => {
    expect(ids("SELECT Id FROM Case WHERE NOT Status = 'Closed'")).toEqual(['500C', '500D', '500E', '500G']);
    expect(ids("SELECT Id FROM Case WHERE NOT (Status = 'Closed' OR Priority = 'High')")).toEqual(['500C', '500E', '500G']);
    expect(ids("SELECT Id FROM Case WHERE NOT NOT Status = 'New'")).toEqual(['500C', '500G']);
    expect(ids("SELECT Id FROM Case WHERE NOT Subject LIKE '%heel%'")).toEqual(['500B', '500C', '500D', '500E', '500F', '500G']);
  });

  it('AND/OR grouping follows the parentheses; mixing them without parentheses is refused, as Salesforce does', () => {
    expect(ids("SELECT Id FROM Case WHERE Status = 'New' OR (Status = 'Working' AND Priority = 'Low')")).toEqual(['500C', '500G']);
    expect(ids("SELECT Id FROM Case WHERE (Status = 'New' OR Status = 'Working') AND Priority = 'Low'")).toEqual(['500C']);
    expect(ids("SELECT Id FROM Case WHERE (Priority = 'High' AND Rating = 5) OR Status = 'New'")).toEqual(['500C', '500D', '500G', '500H']);
    expect(ids("SELECT Id FROM Case WHERE Priority = 'High' AND (Rating = 5 OR Status = 'New')")).toEqual(['500D', '500H']);
    expect(ids("SELECT Id FROM Case WHERE Status = 'New' OR Status = 'Working' OR Rating = 1")).toEqual(['500C', '500D', '500E', '500G']);
    expect(ids("SELECT Id FROM Case WHERE NOT Status = 'Closed' AND Rating > 1 AND Escalated = true")).toEqual(['500D']);
    expect(errorOf(runSoql(org, "SELECT Id FROM Case WHERE Priority = 'High' AND Rating = 5 OR Status = 'New'"))).toBe(
      "MALFORMED_QUERY: unexpected token 'OR' at position 60. AND and OR cannot be mixed without parentheses: write (a AND b) OR c, or a AND (b OR c)",
    );
    expect(errorOf(runSoql(org, "SELECT Id FROM Case WHERE Status = 'New' OR Status = 'Working' and Priority = 'Low'"))).toMatch(/^MALFORMED_QUERY: unexpected token 'and' at position 64\. AND and OR cannot be mixed/);
  });

  it('semi-joins: Id IN (SELECT ...) and NOT IN', () => {
    const names = (q: string) => column(runSoql(org, q), 'LastName');
    expect(names("SELECT LastName FROM Account WHERE Id IN (SELECT AccountId FROM Case WHERE Priority = 'High') ORDER BY LastName")).toEqual(['Smith', 'Smithers']);
    expect(names("SELECT LastName FROM Account WHERE Id NOT IN (SELECT AccountId FROM Case WHERE Priority = 'High') ORDER BY LastName")).toEqual(['Jones', "O'Neil"]);
  });

  it('compares datetimes with datetime literals to the second, honouring offsets', () => {
    expect(ids('SELECT Id FROM Case WHERE CreatedDate > 2024-06-14T15:30:00Z')).toEqual(['500G']);
    expect(ids('SELECT Id FROM Case WHERE CreatedDate >= 2024-06-14T15:30:00Z')).toEqual(['500C', '500G']);
    expect(ids('SELECT Id FROM Case WHERE CreatedDate = 2024-06-14T10:30:00-05:00')).toEqual(['500C']);
    expect(ids('SELECT Id FROM Case WHERE CreatedDate <= 2024-01-05T10:00:00.000+0000')).toEqual(['500E', '500H']);
  });
});

describe('SOQL ordering and paging', () => {
  it('sorts by several keys; nulls first ascending and last descending by default', () => {
    expect(ids('SELECT Id FROM Case ORDER BY Priority ASC, Rating DESC')).toEqual(['500E', '500D', '500H', '500A', '500F', '500C', '500B', '500G']);
    expect(ids('SELECT Id FROM Case ORDER BY Priority DESC NULLS FIRST, Id')).toEqual(['500E', '500B', '500G', '500C', '500F', '500A', '500D', '500H']);
    expect(ids('SELECT Id FROM Case ORDER BY Rating NULLS LAST')).toEqual(['500E', '500B', '500F', '500A', '500D', '500H', '500C', '500G']);
    expect(ids('SELECT Id FROM Case ORDER BY Rating DESC NULLS FIRST, Id DESC')).toEqual(['500G', '500C', '500H', '500D', '500A', '500F', '500B', '500E']);
  });

  it('sorts text case-insensitively and dates chronologically', () => {
    expect(ids('SELECT Id FROM Case ORDER BY Subject')).toEqual(['500A', '500H', '500F', '500B', '500G', '500D', '500C', '500E']);
    expect(ids('SELECT Id FROM Case ORDER BY CreatedDate')).toEqual(['500E', '500H', '500F', '500D', '500B', '500A', '500C', '500G']);
  });

  it('LIMIT and OFFSET page through the sorted rows', () => {
    expect(ids('SELECT Id FROM Case ORDER BY CreatedDate LIMIT 3 OFFSET 2')).toEqual(['500F', '500D', '500B']);
    expect(ids('SELECT Id FROM Case LIMIT 2')).toEqual(['500A', '500B']);
    expect(ids('SELECT Id FROM Case LIMIT 0')).toEqual([]);
    expect(ids('SELECT Id FROM Case ORDER BY Id OFFSET 6')).toEqual(['500G', '500H']);
    expect(ids('SELECT Id FROM Case OFFSET 10')).toEqual([]);
  });
});

describe('SOQL counts and aggregates', () => {
  it('SELECT COUNT() answers with totalSize only, after LIMIT and OFFSET', () => {
    expect(runSoql(org, "SELECT COUNT() FROM Case WHERE Status = 'Closed'")).toEqual({ ok: true, totalSize: 4, done: true, records: [] });
    expect(runSoql(org, 'SELECT COUNT() FROM Case LIMIT 2')).toMatchObject({ ok: true, totalSize: 2 });
    expect(runSoql(org, 'SELECT COUNT() FROM Case OFFSET 7')).toMatchObject({ ok: true, totalSize: 1 });
  });

  it('COUNT(field) skips nulls; unaliased aggregates are expr0, expr1, ...; aliases name them', () => {
    expect(rowsOf(runSoql(org, 'SELECT COUNT(Id), COUNT(ClosedDate) FROM Case'))).toEqual([{ expr0: 8, expr1: 4 }]);
    expect(rowsOf(runSoql(org, 'SELECT COUNT(Id) cnt FROM Case'))).toEqual([{ cnt: 8 }]);
    expect(rowsOf(runSoql(org, 'SELECT MAX(Rating), MIN(Rating) lo, SUM(Rating) FROM Case'))).toEqual([{ expr0: 5, lo: 1, expr1: 20 }]);
    expect(rowsOf(runSoql(org, 'SELECT COUNT_DISTINCT(OwnerId) FROM Case'))).toEqual([{ expr0: 3 }]);
  });

  it('an aggregate without GROUP BY gives one row even when nothing matches', () => {
    expect(rowsOf(runSoql(org, "SELECT COUNT(Id), SUM(Rating), AVG(Rating), MAX(CreatedDate) FROM Case WHERE Status = 'Nope'"))).toEqual([
      { expr0: 0, expr1: null, expr2: null, expr3: null },
    ]);
    expect(rowsOf(runSoql(org, "SELECT Status, COUNT(Id) FROM Case WHERE Status = 'Nope' GROUP BY Status"))).toEqual([]);
  });

  it('GROUP BY with COUNT/SUM/AVG/MIN/MAX per group', () => {
    const rows = rowsOf(runSoql(org, 'SELECT OwnerId, COUNT(Id) n, AVG(Rating), MIN(CreatedDate), MAX(Rating), SUM(Rating) FROM Case GROUP BY OwnerId ORDER BY OwnerId'));
    expect(rows).toEqual([
      { OwnerId: '005A', n: 3, expr0: 3.5, expr1: '2024-03-15T10:00:00Z', expr2: 4, expr3: 7 },
      { OwnerId: '005B', n: 3, expr0: 8 / 3, expr1: '2023-12-30T10:00:00Z', expr2: 5, expr3: 8 },
      { OwnerId: '005C', n: 2, expr0: 5, expr1: '2024-04-02T08:00:00Z', expr2: 5, expr3: 5 },
    ]);
  });

  it('HAVING filters groups; ORDER BY an aggregate or an alias; null is a group', () => {
    expect(rowsOf(runSoql(org, 'SELECT IssueId__c, COUNT(Id) FROM Case GROUP BY IssueId__c HAVING COUNT(Id) > 1 ORDER BY COUNT(Id) DESC'))).toEqual([
      { IssueId__c: 'a1MA', expr0: 4 },
      { IssueId__c: 'a1MB', expr0: 2 },
    ]);
    expect(rowsOf(runSoql(org, 'SELECT IssueId__c, COUNT(Id) total FROM Case GROUP BY IssueId__c ORDER BY total, IssueId__c NULLS LAST LIMIT 2'))).toEqual([
      { IssueId__c: 'a1MC', total: 1 },
      { IssueId__c: null, total: 1 },
    ]);
    expect(rowsOf(runSoql(org, "SELECT Status FROM Case GROUP BY Status HAVING Status IN ('New', 'Working') ORDER BY Status"))).toEqual([
      { Status: 'New' },
      { Status: 'Working' },
    ]);
  });

  it('groups by several fields and by relationship paths', () => {
    expect(rowsOf(runSoql(org, "SELECT Status, Priority, COUNT(Id) FROM Case WHERE Status = 'Closed' GROUP BY Status, Priority ORDER BY Priority"))).toEqual([
      { Status: 'Closed', Priority: 'High', expr0: 2 },
      { Status: 'Closed', Priority: 'Low', expr0: 1 },
      { Status: 'Closed', Priority: 'Medium', expr0: 1 },
    ]);
    expect(rowsOf(runSoql(org, 'SELECT Account.ShippingState st, COUNT(Id) FROM Case GROUP BY Account.ShippingState ORDER BY COUNT(Id) DESC, Account.ShippingState'))).toEqual([
      { st: 'CA', expr0: 4 },
      { st: 'IL', expr0: 2 },
      { st: 'NY', expr0: 2 },
    ]);
  });

  it('groups by date functions', () => {
    const q = 'SELECT CALENDAR_MONTH(CreatedDate) m, COUNT(Id) FROM Case WHERE CreatedDate = THIS_YEAR GROUP BY CALENDAR_MONTH(CreatedDate) ORDER BY CALENDAR_MONTH(CreatedDate)';
    expect(rowsOf(runSoql(org, q))).toEqual([
      { m: 1, expr0: 1 },
      { m: 3, expr0: 1 },
      { m: 4, expr0: 1 },
      { m: 5, expr0: 1 },
      { m: 6, expr0: 3 },
    ]);
    expect(rowsOf(runSoql(org, 'SELECT CALENDAR_YEAR(CreatedDate), CALENDAR_QUARTER(CreatedDate), COUNT(Id) FROM Case GROUP BY CALENDAR_YEAR(CreatedDate), CALENDAR_QUARTER(CreatedDate) ORDER BY CALENDAR_YEAR(CreatedDate), CALENDAR_QUARTER(CreatedDate)'))).toEqual([
      { expr0: 2023, expr1: 4, expr2: 1 },
      { expr0: 2024, expr1: 1, expr2: 2 },
      { expr0: 2024, expr1: 2, expr2: 5 },
    ]);
    expect(ids('SELECT Id FROM Case WHERE DAY_IN_WEEK(CreatedDate) = 7')).toEqual(['500E', '500G']);
    expect(ids("SELECT Id FROM Case WHERE DAY_ONLY(CreatedDate) = 2024-06-14")).toEqual(['500C']);
    expect(ids('SELECT Id FROM Case WHERE HOUR_IN_DAY(CreatedDate) < 9')).toEqual(['500D', '500G']);
  });
});

describe('SOQL date fields', () => {
  it('compares YYYY-MM-DD date fields with dates and date literals', () => {
    expect(ids('SELECT Id FROM Order WHERE EffectiveDate = TODAY')).toEqual(['801A']);
    expect(ids('SELECT Id FROM Order WHERE EffectiveDate < 2024-06-01')).toEqual(['801B', '801C']);
    expect(ids('SELECT Id FROM Order WHERE EffectiveDate = LAST_MONTH')).toEqual(['801B']);
    expect(ids('SELECT Id FROM Order WHERE EffectiveDate > LAST_YEAR')).toEqual(['801A', '801B']);
    expect(ids("SELECT Id FROM Order WHERE EffectiveDate >= 2024-05-31 AND Status = 'Activated'")).toEqual(['801A']);
  });

  it('reads a date literal against a datetime field as the whole UTC day', () => {
    expect(ids('SELECT Id FROM Case WHERE CreatedDate = 2024-06-14')).toEqual(['500C']);
    expect(ids('SELECT Id FROM Case WHERE CreatedDate > 2024-06-14')).toEqual(['500G']);
    expect(ids('SELECT Id FROM Case WHERE CreatedDate >= 2024-06-14')).toEqual(['500C', '500G']);
    expect(ids('SELECT Id FROM Case WHERE CreatedDate <= 2024-01-05')).toEqual(['500E', '500H']);
    expect(ids('SELECT Id FROM Case WHERE CreatedDate < 2024-01-05')).toEqual(['500E']);
    expect(ids('SELECT Id FROM Case WHERE CreatedDate != 2024-06-14 AND CreatedDate > 2024-06-01')).toEqual(['500A', '500G']);
    expect(ids('SELECT Id FROM Case WHERE ClosedDate IN (2024-01-06, 2024-05-25)')).toEqual(['500B', '500H']);
  });
});

it('the same record list answers identically through SELECT COUNT() and COUNT(Id)', () => {
  const where = "WHERE Priority != 'Low' AND (Rating > 1 OR Escalated = true)";
  const total = runSoql(org, `SELECT COUNT() FROM Case ${where}`);
  const rows = rowsOf(runSoql(org, `SELECT COUNT(Id) n FROM Case ${where}`));
  expect(total.ok && total.totalSize).toBe(rows[0]?.['n']);
  expect(errorOf(runSoql(org, 'SELECT COUNT() FROM Case GROUP BY Status'))).toMatch(/^MALFORMED_QUERY: COUNT\(\) cannot be combined with GROUP BY/);
});
