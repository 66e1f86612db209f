import { describe, expect, it } from 'vitest';
import { runSosl, SEARCH_TYPE_KEY } from '../../envs/crmarena/query/index.js';
import { errorOf, org, rowsOf } from './query-fixture.js';

/** 'Type:Id' for each result, in result order. */
const hits = (query: string) => rowsOf(runSosl(org, query)).map((r) => `${r[SEARCH_TYPE_KEY]}:${r['Id']}`);

describe('SOSL', () => {
  it('returns records of several objects in RETURNING order, each tagged with its object', () => {
    const outcome = runSosl(org, 'FIND {heel} RETURNING Case(Id, Subject), Knowledge__kav(Id, Title), Account');
    expect(outcome).toEqual({
      ok: true,
      totalSize: 3,
      done: true,
      records: [
        { 'attributes.type': 'Case', Id: '500A', Subject: 'Heel snapped after a week' },
        { 'attributes.type': 'Case', Id: '500H', Subject: 'heel Strap loose' },
        { 'attributes.type': 'Knowledge__kav', Id: 'ka0B', Title: 'Warranty Coverage' },
      ],
    });
  });

  it('matches whole words case-insensitively; a trailing * matches word prefixes', () => {
    expect(hits('FIND {SMITH} IN NAME FIELDS RETURNING Account(Id)')).toEqual(['Account:001A']);
    expect(hits('FIND {smith*} IN NAME FIELDS RETURNING Account(Id)')).toEqual(['Account:001A', 'Account:001C']);
    expect(hits('FIND {ship*} RETURNING Knowledge__kav(Id), Issue__c(Id)')).toEqual(['Knowledge__kav:ka0C', 'Issue__c:a1MB']);
  });

  it('quoted phrases need the words in a row; bare words are ANDed across the whole record', () => {
    expect(hits('FIND {"late delivery"} RETURNING Case(Id)')).toEqual(['Case:500F']);
    expect(hits('FIND {delivery returned} RETURNING Knowledge__kav(Id)')).toEqual(['Knowledge__kav:ka0A']);
    expect(hits('FIND {"delivery returned"} RETURNING Knowledge__kav(Id)')).toEqual([]);
    expect(hits('FIND {dana smith} IN NAME FIELDS RETURNING Account(Id)')).toEqual(['Account:001A']);
  });

  it('OR, AND NOT and parentheses combine terms', () => {
    expect(hits('FIND {zipper OR refund} RETURNING Case(Id)')).toEqual(['Case:500E', 'Case:500G']);
    expect(hits('FIND {heel AND NOT strap} RETURNING Case(Id)')).toEqual(['Case:500A']);
    expect(hits('FIND {(heel OR zipper) AND (broken OR loose)} RETURNING Case(Id)')).toEqual(['Case:500E', 'Case:500H']);
  });

  it('scopes: NAME, EMAIL and PHONE fields (phones also by their bare digits)', () => {
    expect(hits('FIND {heel} IN NAME FIELDS RETURNING Case(Id), Knowledge__kav(Id), Product2(Id)')).toEqual(['Case:500A', 'Case:500H', 'Product2:01tB']);
    expect(hits('FIND {ava.reed@shoes.example} IN EMAIL FIELDS RETURNING User(Id)')).toEqual(['User:005A']);
    expect(hits('FIND {reed} IN EMAIL FIELDS RETURNING User(Id), Account(Id)')).toEqual(['User:005A']);
    expect(hits('FIND {4155550102} IN PHONE FIELDS RETURNING User(Id)')).toEqual(['User:005B']);
    expect(hits('FIND {555} IN PHONE FIELDS RETURNING User(Id), Account(Id)')).toEqual(['User:005A', 'User:005B', 'Account:001A', 'Account:001C']);
    expect(hits('FIND {555} IN NAME FIELDS RETURNING User(Id), Account(Id)')).toEqual([]);
  });

  it('WHERE, ORDER BY, LIMIT and OFFSET inside a RETURNING object, and an overall LIMIT', () => {
    expect(hits("FIND {heel} RETURNING Case(Id WHERE Priority = 'High' ORDER BY CreatedDate DESC LIMIT 1)")).toEqual(['Case:500A']);
    expect(hits('FIND {heel} RETURNING Case(Id ORDER BY CreatedDate OFFSET 1)')).toEqual(['Case:500A']);
    expect(hits('FIND {shipping OR delivery OR late} RETURNING Case(Id), Knowledge__kav(Id) LIMIT 3')).toEqual(['Case:500B', 'Case:500F', 'Knowledge__kav:ka0A']);
  });

  it("searches every object when RETURNING is left out; accepts FIND 'term' too", () => {
    expect(rowsOf(runSosl(org, 'FIND {warranty}'))).toEqual([{ 'attributes.type': 'Knowledge__kav', Id: 'ka0B' }]);
    expect(hits("FIND 'snapped heel' RETURNING Case(Id)")).toEqual(['Case:500A']);
  });

  it('does not search Ids, lookups or dates', () => {
    expect(hits('FIND {500A}')).toEqual([]);
    expect(hits('FIND {005A} RETURNING Case(Id)')).toEqual([]);
    expect(hits('FIND {2024} RETURNING Case(Id)')).toEqual([]);
  });

  it('reports search errors with the SOSL codes and positions', () => {
    expect(errorOf(runSosl(org, 'FIND heel RETURNING Case'))).toBe("MALFORMED_SEARCH: unexpected token 'heel'; expected a search term in braces, e.g. FIND {Acme} at position 6");
    expect(errorOf(runSosl(org, 'FIND {h}'))).toBe('MALFORMED_SEARCH: the search term must have at least two letters or digits at position 7');
    expect(errorOf(runSosl(org, 'FIND {sh*oe}'))).toMatch(/^MALFORMED_SEARCH: the wildcard '\*' is only supported at the end of a search term at position 7/);
    expect(errorOf(runSosl(org, 'FIND {heel'))).toBe('MALFORMED_SEARCH: search expression is never closed (missing }) at position 6');
    expect(errorOf(runSosl(org, 'FIND {"heel} RETURNING Case'))).toMatch(/^MALFORMED_SEARCH: quoted phrase is never closed/);
    expect(errorOf(runSosl(org, 'FIND {heel OR} RETURNING Case'))).toMatch(/^MALFORMED_SEARCH: the search expression ends too early at position 14/);
    expect(errorOf(runSosl(org, 'FIND {heel} IN BODY FIELDS'))).toMatch(/^MALFORMED_SEARCH: IN BODY FIELDS is not supported at position 16\. Use IN ALL FIELDS/);
    expect(errorOf(runSosl(org, 'FIND {heel} RETURNING Cases(Id)'))).toMatch(/^INVALID_TYPE: sObject type 'Cases' is not supported at position 23/);
    expect(errorOf(runSosl(org, 'FIND {heel} RETURNING Case(Id, Nope)'))).toMatch(/^INVALID_FIELD: No such column 'Nope' on entity 'Case' at position 32/);
    expect(errorOf(runSosl(org, 'FIND {heel} RETURNING Case(Id WHERE Rating = \'5\')'))).toMatch(/^INVALID_FIELD: value of filter criterion for field 'Rating' must be of type number/);
    expect(errorOf(runSosl(org, 'FIND {heel} RETURNING Case(Id, Case(Id)'))).toMatch(/^MALFORMED_SEARCH: /);
    expect(errorOf(runSosl(org, 'FIND {heel} RETURNING Case, Case'))).toMatch(/^MALFORMED_SEARCH: Case appears twice in RETURNING at position 29/);
    expect(errorOf(runSosl(org, 'FIND {heel} RETURNING Case(COUNT(Id))'))).toMatch(/^MALFORMED_SEARCH: aggregate function COUNT\(\) is not allowed in a RETURNING field list at position 28/);
  });
});
