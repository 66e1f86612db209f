import { expect } from 'vitest';
import type { OrgRecord, QueryableOrg, QueryOutcome } from '../../envs/crmarena/query/index.js';

/** A small hand-built org whose answers are worked out by hand in the tests. Today is Saturday 2024-06-15. */
export const TODAY = '2024-06-15';

const users: OrgRecord[] = [
  { Id: '005A', FirstName: 'Ava', LastName: 'Reed', Email: 'ava.reed@shoes.example', Phone: '(415) 555-0101' },
  { Id: '005B', FirstName: 'Ben', LastName: 'Okafor', Email: 'ben.okafor@shoes.example', Phone: '415-555-0102' },
  { Id: '005C', FirstName: 'Cara', LastName: 'Lind', Email: 'cara.lind@shoes.example', Phone: null },
];

const accounts: OrgRecord[] = [
  { Id: '001A', FirstName: 'Dana', LastName: 'Smith', PersonEmail: 'dana.smith@mail.example', Phone: '(212) 555-0199', ShippingState: 'NY' },
  { Id: '001B', FirstName: 'Eli', LastName: 'Jones', PersonEmail: 'eli@mail.example', Phone: null, ShippingState: 'CA' },
  { Id: '001C', FirstName: 'Fay', LastName: 'Smithers', PersonEmail: null, Phone: '312-555-0142', ShippingState: 'IL' },
  { Id: '001D', FirstName: 'Gus', LastName: "O'Neil", PersonEmail: 'gus@mail.example', Phone: null, ShippingState: 'CA' },
];

const issues: OrgRecord[] = [
  { Id: 'a1MA', Name: 'Product Defect' },
  { Id: 'a1MB', Name: 'Shipping Delay' },
  { Id: 'a1MC', Name: 'Size Mismatch' },
];

const kase = (
  Id: string, Subject: string, Status: string, Priority: string | null, OwnerId: string, AccountId: string,
  IssueId__c: string | null, CreatedDate: string, ClosedDate: string | null, Rating: number | null, Escalated: boolean,
): OrgRecord => ({ Id, Subject, Status, Priority, OwnerId, AccountId, IssueId__c, CreatedDate, ClosedDate, Rating, Escalated });

const cases: OrgRecord[] = [
  kase('500A', 'Heel snapped after a week', 'Closed', 'High', '005A', '001A', 'a1MA', '2024-06-10T09:00:00Z', '2024-06-11T09:00:00Z', 4, false),
  kase('500B', 'Package late', 'Closed', 'Medium', '005B', '001B', 'a1MB', '2024-05-20T12:00:00Z', '2024-05-25T12:00:00Z', 2, false),
  kase('500C', 'Wrong size_shoe sent', 'New', 'Low', '005A', '001C', 'a1MC', '2024-06-14T15:30:00Z', null, null, false),
  kase('500D', 'Sole 50% worn', 'Working', 'High', '005C', '001A', 'a1MA', '2024-04-02T08:00:00Z', null, 5, true),
  kase('500E', 'Zipper broken', 'Escalated', null, '005B', '001D', 'a1MA', '2023-12-30T10:00:00Z', null, 1, true),
  kase('500F', 'late delivery again', 'Closed', 'Low', '005A', '001B', 'a1MB', '2024-03-15T10:00:00Z', '2024-03-20T10:00:00Z', 3, false),
  kase('500G', 'Refund question', 'New', 'Medium', '005C', '001D', null, '2024-06-15T01:00:00Z', null, null, false),
  kase('500H', 'heel Strap loose', 'Closed', 'High', '005B', '001C', 'a1MA', '2024-01-05T10:00:00Z', '2024-01-06T10:00:00Z', 5, false),
];

const orders: OrgRecord[] = [
  { Id: '801A', AccountId: '001A', EffectiveDate: '2024-06-15', Status: 'Activated' },
  { Id: '801B', AccountId: '001B', EffectiveDate: '2024-05-31', Status: 'Draft' },
  { Id: '801C', AccountId: '001A', EffectiveDate: '2023-11-02', Status: 'Activated' },
];

const articles: OrgRecord[] = [
  { Id: 'ka0A', Title: 'Return Policy', Summary: 'How returns work', FAQ_Answer__c: 'Items can be returned within 30 days of delivery. Refunds go to the original payment method.' },
  { Id: 'ka0B', Title: 'Warranty Coverage', Summary: 'What the warranty covers', FAQ_Answer__c: 'Our shoes carry a one-year warranty against manufacturing defects such as a snapped heel.' },
  { Id: 'ka0C', Title: 'Shipping Times', Summary: 'Delivery estimates', FAQ_Answer__c: 'Standard shipping takes 5-7 business days; express shipping takes 2 days.' },
];

const products: OrgRecord[] = [
  { Id: '01tA', Name: 'Trail Runner Shoe', IsActive: true, External_ID__c: 'TR-100' },
  { Id: '01tB', Name: 'City Heel', IsActive: true, External_ID__c: 'CH-200' },
  { Id: '01tC', Name: 'Winter Boot', IsActive: false, External_ID__c: 'WB-300' },
];

export function makeOrg(today = TODAY): QueryableOrg {
  return {
    today,
    tables: {
      User: users, Account: accounts, Issue__c: issues, Case: cases, Order: orders,
      Knowledge__kav: articles, Product2: products, EmptyThing__c: [],
    },
  };
}

export const org = makeOrg();

/** Records of a successful outcome; fails the test with the error otherwise. */
export function rowsOf(outcome: QueryOutcome): Record<string, unknown>[] {
  if (!outcome.ok) throw new Error(`query failed: ${outcome.error}`);
  expect(outcome.totalSize).toBe(outcome.records.length);
  return outcome.records;
}

/** The values of one column, in result order. */
export function column(outcome: QueryOutcome, key = 'Id'): unknown[] {
  return rowsOf(outcome).map((r) => r[key]);
}

export function errorOf(outcome: QueryOutcome): string {
  if (outcome.ok) throw new Error(`expected an error, got ${JSON.stringify(outcome.records)}`);
  return outcome.error;
}
