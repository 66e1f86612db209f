import { describe, expect, it } from 'vitest';
import { stableJson } from '../../src/index.js';
import { buildOrg, crmarenaEnvironment, ID_PREFIX, isSalesforceId, OBJECT_NAMES, orgToJson, type Org } from '../../envs/crmarena/index.js';

const org: Org = crmarenaEnvironment.world();
const t = org.tables;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const byId = <T extends { Id: string }>(rows: readonly T[]) => new Map(rows.map((r) => [r.Id, r]));

const FIELDS: Record<string, string[]> = {
  User: ['Id', 'FirstName', 'LastName', 'Email', 'Phone', 'Alias', 'Username'],
  Account: ['Id', 'FirstName', 'LastName', 'PersonEmail', 'Phone', 'ShippingCity', 'ShippingState'],
  Contact: ['Id', 'AccountId', 'Email', 'FirstName', 'LastName', 'OwnerId'],
  Case: ['Id', 'AccountId', 'ContactId', 'OwnerId', 'CreatedDate', 'ClosedDate', 'Status', 'Priority', 'Subject', 'Description', 'IssueId__c', 'OrderItemId__c'],
  Knowledge__kav: ['Id', 'Title', 'Summary', 'UrlName', 'FAQ_Answer__c'],
  ProductCategory: ['Id', 'Name', 'CatalogId'],
  Product2: ['Id', 'Name', 'Description', 'IsActive', 'External_ID__c'],
  ProductCategoryProduct: ['ProductCategoryId', 'ProductId'],
  Pricebook2: ['Id', 'Name', 'ValidFrom', 'ValidTo'],
  PricebookEntry: ['Id', 'Pricebook2Id', 'Product2Id', 'UnitPrice'],
  Order: ['Id', 'AccountId', 'EffectiveDate', 'Pricebook2Id', 'Status'],
  OrderItem: ['Id', 'OrderId', 'Product2Id', 'PricebookEntryId', 'Quantity', 'UnitPrice'],
  EmailMessage: ['Id', 'ParentId', 'Subject', 'TextBody', 'FromAddress', 'ToIds', 'MessageDate'],
  LiveChatTranscript: ['Id', 'CaseId', 'AccountId', 'ContactId', 'OwnerId', 'Body', 'EndTime'],
  Issue__c: ['Id', 'Name'],
  CaseHistory__c: ['Id', 'CaseId__c', 'CreatedDate', 'Field__c', 'OldValue__c', 'NewValue__c'],
};

describe('the CRMArena org', () => {
  it('has the 16 objects with their CRMArena fields', () => {
    expect([...OBJECT_NAMES].sort()).toEqual(Object.keys(FIELDS).sort());
    const missing: string[] = [];
    for (const name of OBJECT_NAMES) {
      expect(t[name].length, name).toBeGreaterThan(0);
      for (const row of t[name]) for (const field of FIELDS[name]!) if (!(field in row)) missing.push(`${name}.${field}`);
    }
    expect(missing).toEqual([]);
  });

  it('is large enough by default: 50+ agents, 2,000+ cases over 3+ years, a fixed today', () => {
    expect(t.User.length).toBeGreaterThanOrEqual(50);
    expect(t.Case.length).toBeGreaterThanOrEqual(2000);
    const first = Date.parse(t.Case[0]!.CreatedDate);
    const last = Date.parse(t.Case.at(-1)!.CreatedDate);
    expect(last - first).toBeGreaterThan(3 * 365 * 86_400_000 - 30 * 86_400_000);
    expect(org.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(last).toBeLessThan(Date.parse(`${org.today}T00:00:00Z`));
    expect(t.Issue__c.map((i) => i.Name)).toEqual([
      'Billing/Payment Issue', 'Return Policy Issue', 'Product Defect', 'Size Mismatch', 'Shipping Delay',
      'Product Availability', 'Order Cancellation', 'Warranty Issue', 'Incorrect Item Received', 'Loyalty Program Inquiry',
    ]);
  });

  it('uses 18-character Salesforce ids with the right prefixes and checksums, unique across the org', () => {
    const prefixes: Partial<Record<string, string>> = { User: ID_PREFIX.User, Account: ID_PREFIX.Account, Contact: ID_PREFIX.Contact, Case: ID_PREFIX.Case, Product2: ID_PREFIX.Product2, OrderItem: ID_PREFIX.OrderItem, Issue__c: ID_PREFIX.Issue__c, Knowledge__kav: ID_PREFIX.Knowledge__kav };
    expect(prefixes).toMatchObject({ User: '005', Account: '001', Contact: '003', Case: '500', Product2: '01t', OrderItem: '802', Issue__c: 'a1M', Knowledge__kav: 'ka0' });
    const seen = new Set<string>();
    const bad: string[] = [];
    for (const name of OBJECT_NAMES) {
      for (const row of t[name] as readonly { Id: string }[]) {
        if (!isSalesforceId(row.Id) || !row.Id.startsWith(ID_PREFIX[name]) || seen.has(row.Id)) bad.push(`${name} ${row.Id}`);
        seen.add(row.Id);
      }
    }
    expect(bad).toEqual([]);
  });

  it('writes dates as ISO 8601 UTC', () => {
    const dates = [
      ...t.Case.flatMap((c) => (c.ClosedDate === null ? [c.CreatedDate] : [c.CreatedDate, c.ClosedDate])),
      ...t.CaseHistory__c.map((h) => h.CreatedDate),
      ...t.EmailMessage.map((e) => e.MessageDate),
      ...t.LiveChatTranscript.map((c) => c.EndTime),
      ...t.Pricebook2.flatMap((b) => [b.ValidFrom, b.ValidTo]),
    ];
    expect(dates.filter((d) => !DATE_TIME.test(d) || new Date(d).toISOString().slice(0, 19) + 'Z' !== d)).toEqual([]);
    expect(t.Order.filter((o) => !/^\d{4}-\d{2}-\d{2}$/.test(o.EffectiveDate))).toEqual([]);
  });

  it('links records coherently', () => {
    const accounts = byId(t.Account);
    const contacts = byId(t.Contact);
    const users = byId(t.User);
    const items = byId(t.OrderItem);
    const orders = byId(t.Order);
    const issues = byId(t.Issue__c);
    const entries = byId(t.PricebookEntry);
    const books = byId(t.Pricebook2);
    const products = byId(t.Product2);
    const cases = byId(t.Case);
    const problems: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok) problems.push(what);
    };
    for (const c of t.Contact) check(accounts.has(c.AccountId), `contact ${c.Id} account`);
    for (const c of t.Case) {
      check(accounts.has(c.AccountId), `case ${c.Id} account`);
      check(contacts.get(c.ContactId)?.AccountId === c.AccountId, `case ${c.Id} contact of another account`);
      check(users.has(c.OwnerId), `case ${c.Id} owner`);
      check(issues.has(c.IssueId__c), `case ${c.Id} issue`);
      const order = orders.get(items.get(c.OrderItemId__c)?.OrderId ?? '');
      check(order?.AccountId === c.AccountId && order.Status === 'Activated', `case ${c.Id} order item of another account`);
      check(order !== undefined && `${order.EffectiveDate}T00:00:00Z` < c.CreatedDate, `case ${c.Id} before its order`);
      check((c.Status === 'Closed') === (c.ClosedDate !== null), `case ${c.Id} status ${c.Status} vs ClosedDate`);
      check(c.ClosedDate === null || c.ClosedDate >= c.CreatedDate, `case ${c.Id} closed before created`);
    }
    for (const item of t.OrderItem) {
      const entry = entries.get(item.PricebookEntryId);
      check(entry?.Product2Id === item.Product2Id && entry.Pricebook2Id === orders.get(item.OrderId)?.Pricebook2Id && item.UnitPrice === entry.UnitPrice, `item ${item.Id} entry`);
    }
    for (const e of t.PricebookEntry) check(books.has(e.Pricebook2Id) && products.has(e.Product2Id), `entry ${e.Id}`);
    for (const link of t.ProductCategoryProduct) check(products.has(link.ProductId), `link ${link.Id}`);
    for (const e of t.EmailMessage) check(cases.has(e.ParentId), `email ${e.Id}`);
    for (const chat of t.LiveChatTranscript) {
      const c = cases.get(chat.CaseId);
      check(c?.AccountId === chat.AccountId && c.ContactId === chat.ContactId && users.has(chat.OwnerId), `chat ${chat.Id}`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(new Set(t.EmailMessage.map((e) => e.ParentId)).size).toBeGreaterThan(t.Case.length * 0.6);
  });

  it("keeps each case's history consistent with its owners, transfers and dates", () => {
    const history = new Map<string, (typeof t.CaseHistory__c)[number][]>();
    for (const h of t.CaseHistory__c) history.set(h.CaseId__c, [...(history.get(h.CaseId__c) ?? []), h]);
    const problems: string[] = [];
    let transferred = 0;
    for (const c of t.Case) {
      const rows = history.get(c.Id) ?? [];
      const creation = rows.filter((h) => h.Field__c === 'Case Creation');
      const closed = rows.filter((h) => h.Field__c === 'Case Closed');
      const assigned = rows.filter((h) => h.Field__c === 'Owner Assignment').sort((a, b) => a.CreatedDate.localeCompare(b.CreatedDate));
      const chainOk = assigned.every((h, i) => (i === 0 ? h.OldValue__c === null && h.CreatedDate === c.CreatedDate : h.OldValue__c === assigned[i - 1]!.NewValue__c && h.NewValue__c !== h.OldValue__c));
      const ok =
        creation.length === 1 &&
        creation[0]!.CreatedDate === c.CreatedDate &&
        assigned.length >= 1 &&
        chainOk &&
        assigned.at(-1)!.NewValue__c === c.OwnerId &&
        closed.length === (c.ClosedDate === null ? 0 : 1) &&
        (c.ClosedDate === null || (closed[0]!.CreatedDate === c.ClosedDate && assigned.at(-1)!.CreatedDate <= c.ClosedDate)) &&
        [...creation, ...closed].every((h) => h.OldValue__c === null && h.NewValue__c === null);
      if (!ok) problems.push(c.Id);
      if (assigned.length > 1) transferred++;
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(transferred).toBeGreaterThan(t.Case.length * 0.05);
  });

  it('has realistic skew: agents differ in speed, products in case volume, months in load', () => {
    const minutes = new Map<string, number[]>();
    for (const c of t.Case) if (c.ClosedDate) minutes.set(c.OwnerId, [...(minutes.get(c.OwnerId) ?? []), (Date.parse(c.ClosedDate) - Date.parse(c.CreatedDate)) / 60_000]);
    const medians = [...minutes.values()].filter((xs) => xs.length >= 10).map((xs) => xs.sort((a, b) => a - b)[xs.length >> 1]!);
    expect(Math.max(...medians) / Math.min(...medians)).toBeGreaterThan(2);
    const product = new Map(t.OrderItem.map((i) => [i.Id, i.Product2Id]));
    const perProduct = new Map<string, number>();
    for (const c of t.Case) perProduct.set(product.get(c.OrderItemId__c)!, (perProduct.get(product.get(c.OrderItemId__c)!) ?? 0) + 1);
    expect(Math.max(...perProduct.values()) / Math.min(...perProduct.values())).toBeGreaterThan(3);
    const perMonth = new Array<number>(12).fill(0);
    for (const c of t.Case) perMonth[new Date(c.CreatedDate).getUTCMonth()]!++;
    expect(perMonth[11]! / Math.min(...perMonth)).toBeGreaterThan(1.2);
  });

  it('is a pure function of seed and options, sized by zod-checked options', () => {
    const small = buildOrg(7, { agents: 12, accounts: 80, cases: 300, years: 1, today: '2024-06-30' });
    expect(stableJson(orgToJson(small))).toBe(stableJson(orgToJson(buildOrg(7, { agents: 12, accounts: 80, cases: 300, years: 1, today: '2024-06-30' }))));
    expect(stableJson(orgToJson(small))).not.toBe(stableJson(orgToJson(buildOrg(8, { agents: 12, accounts: 80, cases: 300, years: 1, today: '2024-06-30' }))));
    expect([small.tables.User.length, small.tables.Account.length, small.tables.Case.length, small.today]).toEqual([12, 80, 300, '2024-06-30']);
    expect(() => buildOrg(1, { cases: -5 })).toThrow();
    expect(() => buildOrg(1, { casess: 5 } as never)).toThrow();
    expect(crmarenaEnvironment.world(0)).toBe(org);
  });

  it('serialises to JSON keyed by object name', () => {
    const json = orgToJson(org);
    expect(Object.keys(json)).toEqual([...OBJECT_NAMES]);
    const back = JSON.parse(JSON.stringify(json)) as Record<string, unknown[]>;
    expect(back['Case']).toHaveLength(t.Case.length);
    expect(back['CaseHistory__c']![0]).toEqual(t.CaseHistory__c[0]);
    expect(crmarenaEnvironment.definition.world.toJson?.(org)).toEqual(json);
  });
});
