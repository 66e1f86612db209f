import { parseInstant } from './dates.js';
import type { AccountRecord, ContactRecord, EmailMessageRecord, IssueRecord, KnowledgeRecord, LiveChatTranscriptRecord, OrderItemRecord, OrderRecord, OrgTables, Product2Record, UserRecord } from './records.js';

/** A case as `get_cases` returns it. */
export type CaseView = {
  readonly Id: string;
  readonly OwnerId: string;
  readonly CreatedDate: string;
  readonly ClosedDate: string | null;
  readonly AccountId: string;
};

/** Owner Assignment rows of CaseHistory__c in time order, as parallel arrays. */
export interface AssignmentLog {
  readonly at: Float64Array;
  readonly caseRow: Int32Array;
  /** The previous owner on a transfer, null on a first assignment. */
  readonly from: readonly (string | null)[];
  readonly to: readonly string[];
}

/** Lookups built once per org so tools answer without scanning tables. */
export interface OrgIndex {
  readonly users: ReadonlyMap<string, UserRecord>;
  readonly accounts: ReadonlyMap<string, AccountRecord>;
  readonly contacts: ReadonlyMap<string, ContactRecord>;
  readonly products: ReadonlyMap<string, Product2Record>;
  readonly orders: ReadonlyMap<string, OrderRecord>;
  readonly orderItems: ReadonlyMap<string, OrderItemRecord>;
  readonly issues: ReadonlyMap<string, IssueRecord>;
  readonly articles: ReadonlyMap<string, KnowledgeRecord>;
  /** Case rows by Id; the Case table is in creation order. */
  readonly caseRow: ReadonlyMap<string, number>;
  readonly caseCreated: Float64Array;
  /** NaN while a case is open. */
  readonly caseClosed: Float64Array;
  readonly caseViews: readonly CaseView[];
  readonly casesByOwner: ReadonlyMap<string, readonly number[]>;
  readonly casesByIssue: ReadonlyMap<string, readonly number[]>;
  readonly casesByOrderItem: ReadonlyMap<string, readonly number[]>;
  readonly orderItemsByProduct: ReadonlyMap<string, readonly string[]>;
  readonly assignments: AssignmentLog;
  readonly emailsByCase: ReadonlyMap<string, readonly EmailMessageRecord[]>;
  readonly chatsByCase: ReadonlyMap<string, readonly LiveChatTranscriptRecord[]>;
  /** Items of Activated orders by `AccountId|YYYY-MM-DD`. */
  readonly purchases: ReadonlyMap<string, readonly OrderItemRecord[]>;
  /** Lower-case words of each product's Name and Description (Product2 order). */
  readonly productWords: readonly (readonly string[])[];
  /** Lower-case words of each article's Title, Summary and body (Knowledge__kav order). */
  readonly articleWords: readonly (readonly string[])[];
}

export function searchWords(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
}

function byId<T extends { Id: string }>(rows: readonly T[]): Map<string, T> {
  return new Map(rows.map((r) => [r.Id, r]));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function instant(text: string): number {
  const ms = parseInstant(text);
  if (ms === null) throw new Error(`org index: unreadable date ${text}`);
  return ms;
}

/** Instants the builder already knows, so the index need not read them back from text. */
export interface KnownTimes {
  readonly caseCreated: Float64Array;
  /** NaN while open. */
  readonly caseClosed: Float64Array;
  /** Aligned with CaseHistory__c. */
  readonly historyAt: Float64Array;
}

export function buildIndex(tables: OrgTables, known?: KnownTimes): OrgIndex {
  const cases = tables.Case;
  const caseRow = new Map<string, number>();
  const caseCreated = new Float64Array(cases.length);
  const caseClosed = new Float64Array(cases.length);
  const caseViews: CaseView[] = [];
  const casesByOwner = new Map<string, number[]>();
  const casesByIssue = new Map<string, number[]>();
  const casesByOrderItem = new Map<string, number[]>();
  cases.forEach((c, row) => {
    caseRow.set(c.Id, row);
    caseCreated[row] = known ? known.caseCreated[row]! : instant(c.CreatedDate);
    caseClosed[row] = known ? known.caseClosed[row]! : c.ClosedDate === null ? Number.NaN : instant(c.ClosedDate);
    caseViews.push(Object.freeze({ Id: c.Id, OwnerId: c.OwnerId, CreatedDate: c.CreatedDate, ClosedDate: c.ClosedDate, AccountId: c.AccountId }));
    push(casesByOwner, c.OwnerId, row);
    push(casesByIssue, c.IssueId__c, row);
    push(casesByOrderItem, c.OrderItemId__c, row);
  });

  const orderItemsByProduct = new Map<string, string[]>();
  for (const item of tables.OrderItem) push(orderItemsByProduct, item.Product2Id, item.Id);
  const orders = byId(tables.Order);
  const purchases = new Map<string, OrderItemRecord[]>();
  for (const item of tables.OrderItem) {
    const order = orders.get(item.OrderId)!;
    if (order.Status === 'Activated') push(purchases, `${order.AccountId}|${order.EffectiveDate}`, item);
  }

  const assignmentRows: { at: number; row: number; from: string | null; to: string }[] = [];
  tables.CaseHistory__c.forEach((h, i) => {
    if (h.Field__c === 'Owner Assignment') assignmentRows.push({ at: known?.historyAt[i] ?? instant(h.CreatedDate), row: caseRow.get(h.CaseId__c)!, from: h.OldValue__c, to: h.NewValue__c! });
  });
  assignmentRows.sort((a, b) => a.at - b.at || a.row - b.row);
  const assignments: AssignmentLog = {
    at: Float64Array.from(assignmentRows, (a) => a.at),
    caseRow: Int32Array.from(assignmentRows, (a) => a.row),
    from: assignmentRows.map((a) => a.from),
    to: assignmentRows.map((a) => a.to),
  };

  const emailsByCase = new Map<string, EmailMessageRecord[]>();
  for (const e of tables.EmailMessage) push(emailsByCase, e.ParentId, e);
  const chatsByCase = new Map<string, LiveChatTranscriptRecord[]>();
  for (const c of tables.LiveChatTranscript) push(chatsByCase, c.CaseId, c);

  return {
    users: byId(tables.User),
    accounts: byId(tables.Account),
    contacts: byId(tables.Contact),
    products: byId(tables.Product2),
    orders,
    orderItems: byId(tables.OrderItem),
    issues: byId(tables.Issue__c),
    articles: byId(tables.Knowledge__kav),
    caseRow,
    caseCreated,
    caseClosed,
    caseViews,
    casesByOwner,
    casesByIssue,
    casesByOrderItem,
    orderItemsByProduct,
    assignments,
    emailsByCase,
    chatsByCase,
    purchases,
    productWords: tables.Product2.map((p) => searchWords(`${p.Name} ${p.Description}`)),
    articleWords: tables.Knowledge__kav.map((k) => searchWords(`${k.Title} ${k.Summary} ${k.FAQ_Answer__c}`)),
  };
}
