import { describe, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH, runSoql } from '../../envs/crmarena/query/index.js';
import { errorOf, org } from './query-fixture.js';

const error = (query: string) => errorOf(runSoql(org, query));

describe('SOQL errors name the problem and where it is (1-based positions)', () => {
  it('syntax errors show the unexpected token', () => {
    expect(error('SELECT Id FORM Case')).toBe("MALFORMED_QUERY: unexpected token 'Case'; expected FROM at position 16");
    expect(error('SELECT Id, FROM Case')).toBe("MALFORMED_QUERY: unexpected token 'FROM'; expected a field name at position 12");
    expect(error('')).toBe('MALFORMED_QUERY: unexpected end of query; expected SELECT at position 1');
    expect(error("SELECT Id FROM Case WHERE Rating > 3 AND")).toBe('MALFORMED_QUERY: unexpected end of query; expected a field name at position 41');
    expect(error("SELECT Id FROM Case WHERE (Rating > 3")).toBe("MALFORMED_QUERY: unexpected end of query; expected ')' at position 38");
    expect(error('SELECT Id FROM Case LIMIT -1')).toBe("MALFORMED_QUERY: unexpected token '-'; expected a whole number after LIMIT at position 27");
    expect(error('SELECT Id FROM Case;')).toBe("MALFORMED_QUERY: unexpected token ';'; expected the end of the query at position 20");
    expect(error('SELECT Id FROM Case WHERE Rating ~ 3')).toBe("MALFORMED_QUERY: unexpected token '~'; expected a comparison operator (=, !=, <, <=, >, >=, LIKE, IN or NOT IN) at position 34");
    expect(error('SELECT Id FROM Case WHERE Subject = \u0007')).toBe("MALFORMED_QUERY: unexpected character '\\u0007' at position 37");
  });

  it('common slips get a hint', () => {
    expect(error('SELECT * FROM Case')).toBe('MALFORMED_QUERY: SOQL has no SELECT * at position 8. Name the fields (SELECT Id, Name ...) or use FIELDS(ALL)');
    expect(error('SELECT Id FROM Case WHERE Status = "New"')).toBe("MALFORMED_QUERY: unexpected character '\"' at position 36. Text values go in single quotes: 'like this'");
    expect(error('SELECT Id FROM Case WHERE Status = New')).toMatch(/^MALFORMED_QUERY: unexpected token 'New'; expected a value at position 36\. Values are text in single quotes/);
    expect(error('SELECT Id FROM Case ORDER BY LIMIT 5')).toBe("MALFORMED_QUERY: unexpected token 'LIMIT'; expected a field name at position 30");
    expect(error('SELECT Id FROM Case WHERE ClosedDate IS NULL')).toBe("MALFORMED_QUERY: 'IS NULL' is not SOQL at position 38. Write field = null or field != null");
    expect(error('SELECT COUNT(*) FROM Case')).toBe('MALFORMED_QUERY: COUNT(*) is not SOQL at position 14. Use COUNT() or COUNT(Id)');
    expect(error("SELECT Id FROM Case WHERE Subject NOT LIKE '%x%'")).toMatch(/^MALFORMED_QUERY: 'field NOT LIKE' is not SOQL at position 35\. Write NOT field LIKE/);
    expect(error('SELECT Id FROM Case WHERE Id = :caseId')).toMatch(/^MALFORMED_QUERY: bind variables \(:name\) are not supported at position 32/);
    expect(error('SELECT Id, (SELECT Id FROM Cases) FROM Account')).toMatch(/^MALFORMED_QUERY: sub-queries over child relationships in the select list are not supported at position 12/);
  });

  it('unknown objects and fields are named', () => {
    expect(error('SELECT Id FROM Cases')).toBe("INVALID_TYPE: sObject type 'Cases' is not supported at position 16. If 'Cases' is a custom object, its name ends in __c");
    expect(error("SELECT Id FROM Case WHERE Stat = 'x'")).toBe("INVALID_FIELD: No such column 'Stat' on entity 'Case' at position 27");
    expect(error('SELECT Id, Issue FROM Case')).toBe("INVALID_FIELD: No such column 'Issue' on entity 'Case' at position 12. Did you mean 'IssueId__c'?");
    expect(error('SELECT Id FROM Case ORDER BY Nope')).toBe("INVALID_FIELD: No such column 'Nope' on entity 'Case' at position 30");
    expect(error('SELECT Account.Nope FROM Case')).toBe("INVALID_FIELD: No such column 'Account.Nope' on entity 'Account' at position 8");
    expect(error('SELECT Foo.Name FROM Case')).toMatch(/^INVALID_FIELD: Didn't understand relationship 'Foo' in field path 'Foo.Name' on entity 'Case' at position 8/);
  });

  it('type errors say what the field holds', () => {
    expect(error("SELECT Id FROM Case WHERE Rating = '5'")).toBe("INVALID_FIELD: value of filter criterion for field 'Rating' must be of type number and should not be enclosed in quotes at position 36");
    expect(error('SELECT Id FROM Case WHERE Subject = 5')).toBe("INVALID_FIELD: value of filter criterion for field 'Subject' must be of type string and should be enclosed in single quotes at position 37");
    expect(error("SELECT Id FROM Case WHERE Escalated IN (true, 'no')")).toMatch(/^INVALID_FIELD: value of filter criterion for field 'Escalated' must be of type boolean and should not be enclosed in quotes at position 47/);
    expect(error("SELECT Id FROM Case WHERE Rating LIKE '5%'")).toBe("INVALID_QUERY_FILTER_OPERATOR: LIKE works on text fields only; 'Rating' holds number values at position 27");
    expect(error('SELECT Id FROM Case WHERE Rating > null')).toBe('INVALID_QUERY_FILTER_OPERATOR: null can only be compared with = or !=, not > at position 36');
    expect(error('SELECT SUM(Subject) FROM Case')).toBe("INVALID_FIELD: field 'Subject' does not support aggregate operator SUM (it holds string values) at position 12");
    expect(error('SELECT Id FROM Case WHERE CALENDAR_MONTH(Subject) = 1')).toBe("INVALID_FIELD: CALENDAR_MONTH() needs a date or datetime field; 'Subject' holds string values at position 42");
  });

  it('aggregate rules', () => {
    expect(error('SELECT Status, COUNT(Id) FROM Case')).toBe('MALFORMED_QUERY: field must be grouped or aggregated: Status at position 8');
    expect(error('SELECT Status, Priority FROM Case GROUP BY Status')).toBe('MALFORMED_QUERY: field must be grouped or aggregated: Priority at position 16');
    expect(error('SELECT Id FROM Case WHERE COUNT(Id) > 1')).toBe('MALFORMED_QUERY: aggregate function COUNT() is not allowed in WHERE at position 27');
    expect(error('SELECT COUNT(), Id FROM Case')).toMatch(/^MALFORMED_QUERY: COUNT\(\) must be the only item in the select list at position 8/);
    expect(error('SELECT Id, id FROM Case')).toBe('MALFORMED_QUERY: duplicate field selected: Id at position 12');
    expect(error('SELECT Id FROM Case ORDER BY COUNT(Id)')).toMatch(/^MALFORMED_QUERY: ordering by an aggregate needs an aggregate query/);
    expect(error('SELECT Id FROM Account WHERE Id IN (SELECT Id, Subject FROM Case)')).toMatch(/^MALFORMED_QUERY: a sub-query inside IN \(\.\.\.\) must select exactly one field/);
    expect(error('SELECT Id FROM Case OFFSET 2001')).toBe('NUMBER_OUTSIDE_VALID_RANGE: OFFSET may be at most 2000, got 2001 at position 21');
  });

  it('string literal problems point at the literal', () => {
    expect(error("SELECT Id FROM Case WHERE Subject = 'abc")).toBe("MALFORMED_QUERY: string literal is never closed (missing ') at position 37");
    expect(error("SELECT Id FROM Case WHERE Subject = 'a\\qb'")).toBe("MALFORMED_QUERY: invalid escape sequence '\\q' in a string literal at position 39");
  });

  it('refuses over-long and over-nested input before doing any work on it', () => {
    const long = `SELECT Id FROM Case WHERE Subject = '${'x'.repeat(MAX_QUERY_LENGTH)}'`;
    expect(error(long)).toBe(`MALFORMED_QUERY: the query is ${long.length} characters long; the limit is ${MAX_QUERY_LENGTH}`);
    const deep = `SELECT Id FROM Case WHERE ${'('.repeat(60)}Rating = 1${')'.repeat(60)}`;
    expect(error(deep)).toBe('MALFORMED_QUERY: nesting is deeper than 40 levels at position 67');
    const nots = `SELECT Id FROM Case WHERE ${'NOT '.repeat(100)}Rating = 1`;
    expect(error(nots)).toMatch(/^MALFORMED_QUERY: nesting is deeper than 40 levels/);
    const shallow = `SELECT Id FROM Case WHERE ${'('.repeat(40)}Rating = 1${')'.repeat(40)}`;
    expect(runSoql(org, shallow)).toMatchObject({ ok: true, totalSize: 1 });
  });

  it('never throws on non-string input', () => {
    expect(runSoql(org, 42 as unknown as string)).toEqual({ ok: false, error: 'MALFORMED_QUERY: the query must be a string' });
    expect(runSoql(org, null as unknown as string)).toEqual({ ok: false, error: 'MALFORMED_QUERY: the query must be a string' });
  });
});
