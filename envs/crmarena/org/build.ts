import { rngStream, type Seed } from '../../../src/core/rng.js';
import { buildCatalog } from './catalog.js';
import { addBackgroundOrders, draftCases, keepTrueClaims } from './cases.js';
import { buildConversations } from './conversations.js';
import { addMonths, DAY, isoDay, isoDateTime, parseInstant } from './dates.js';
import { ID_PREFIX, IdMinter } from './ids.js';
import { buildIndex } from './indexes.js';
import { buildKnowledge } from './knowledge.js';
import { OrgOptionsSchema, type OrgOptionsInput } from './options.js';
import type { Org } from './org.js';
import { OrderBook } from './orders.js';
import { buildAgents, buildCustomers } from './people.js';
import type { CaseHistoryRecord, CaseRecord, IssueRecord, OrgTables } from './records.js';
import { ISSUE_NAMES, STATES } from './vocabulary.js';

const TODAY_RANGE = { from: Date.UTC(2023, 8, 1), days: 660 };

/** Tables are frozen; rows are read-only by type (freezing 30,000 rows costs more than it guards). */
function deepFreeze<T>(rows: readonly T[]): readonly T[] {
  return Object.freeze(rows);
}

/** Builds the org of a seed. Pure: the same (seed, options) always gives the same org. */
export function buildOrg(seed: Seed, input: OrgOptionsInput = {}): Org {
  const options = OrgOptionsSchema.parse(input);
  const root = rngStream(seed, 'crmarena-org');
  const todayMs = options.today !== undefined ? parseInstant(options.today) : TODAY_RANGE.from + root.child('today').int(0, TODAY_RANGE.days) * DAY;
  if (todayMs === null) throw new Error(`CRMArena org: today ${options.today} is not a date`);
  const windowStartMs = addMonths(todayMs, -12 * options.years);

  const issueIds = new IdMinter(ID_PREFIX.Issue__c, root.child('issue-ids'));
  const issues: IssueRecord[] = ISSUE_NAMES.map((name) => ({ Id: issueIds.mint(), Name: name }));
  const { users, traits } = buildAgents(root.child('agents'), options.agents, windowStartMs, todayMs);
  const { accounts, contacts } = buildCustomers(root.child('customers'), options.accounts, users);
  const catalog = buildCatalog(root.child('catalog'), options.productsPerLine, windowStartMs, todayMs);
  const knowledge = buildKnowledge(root.child('knowledge'));
  const stateRng = root.child('states');
  const stateFactor: Record<string, number> = {};
  for (const state of STATES) stateFactor[state.code] = 0.92 + 0.16 * stateRng.next();

  const orders = new OrderBook(catalog, root.child('order-lines'));
  const productNames = catalog.products.map((p) => p.Name);
  const planned = draftCases(root.child('cases'), {
    count: options.cases,
    windowStartMs,
    todayMs,
    agents: traits,
    accountStates: accounts.map((a) => a.ShippingState),
    stateFactor,
    catalog,
    productNames,
    orders,
    policies: knowledge.policies,
  });
  addBackgroundOrders(root.child('background-orders'), orders, Math.round(options.cases * 0.5), accounts.length, catalog.products.length, windowStartMs, todayMs);
  const book = orders.finalise(root.child('orders'), accounts);
  const drafts = keepTrueClaims(planned, book, accounts);

  const caseIds = new IdMinter(ID_PREFIX.Case, root.child('case-ids'));
  const historyIds = new IdMinter(ID_PREFIX.CaseHistory__c, root.child('history-ids'));
  const cases: CaseRecord[] = [];
  const history: CaseHistoryRecord[] = [];
  const historyAt: number[] = [];
  const note = (row: CaseHistoryRecord, at: number) => {
    history.push(row);
    historyAt.push(at);
  };
  for (const draft of drafts) {
    const id = caseIds.mint();
    const created = isoDateTime(draft.created);
    const ownerIds = draft.owners.map((o) => users[o]!.Id);
    cases.push({
      Id: id,
      AccountId: accounts[draft.account]!.Id,
      ContactId: contacts[draft.account]!.Id,
      OwnerId: ownerIds[ownerIds.length - 1]!,
      CreatedDate: created,
      ClosedDate: draft.closed === null ? null : isoDateTime(draft.closed),
      Status: draft.status,
      Priority: draft.priority,
      Origin: draft.origin,
      Subject: draft.subject,
      Description: draft.description,
      IssueId__c: issues[draft.issue]!.Id,
      OrderItemId__c: draft.item.id,
    });
    note({ Id: historyIds.mint(), CaseId__c: id, CreatedDate: created, Field__c: 'Case Creation', OldValue__c: null, NewValue__c: null }, draft.created);
    note({ Id: historyIds.mint(), CaseId__c: id, CreatedDate: created, Field__c: 'Owner Assignment', OldValue__c: null, NewValue__c: ownerIds[0]! }, draft.created);
    draft.transferTimes.forEach((at, t) => {
      note({ Id: historyIds.mint(), CaseId__c: id, CreatedDate: isoDateTime(at), Field__c: 'Owner Assignment', OldValue__c: ownerIds[t]!, NewValue__c: ownerIds[t + 1]! }, at);
    });
    if (draft.closed !== null) note({ Id: historyIds.mint(), CaseId__c: id, CreatedDate: isoDateTime(draft.closed), Field__c: 'Case Closed', OldValue__c: null, NewValue__c: null }, draft.closed);
  }
  const talk = buildConversations(root.child('conversations'), { cases, drafts, users, accounts, contacts, productNames, todayMs });

  const tables: OrgTables = {
    User: deepFreeze(users),
    Account: deepFreeze(accounts),
    Contact: deepFreeze(contacts),
    Case: deepFreeze(cases),
    Knowledge__kav: deepFreeze(knowledge.articles),
    ProductCategory: deepFreeze(catalog.categories),
    Product2: deepFreeze(catalog.products),
    ProductCategoryProduct: deepFreeze(catalog.links),
    Pricebook2: deepFreeze(catalog.pricebooks),
    PricebookEntry: deepFreeze(catalog.entries),
    Order: deepFreeze(book.orders),
    OrderItem: deepFreeze(book.items),
    EmailMessage: deepFreeze(talk.emails),
    LiveChatTranscript: deepFreeze(talk.chats),
    Issue__c: deepFreeze(issues),
    CaseHistory__c: deepFreeze(history),
  };
  return Object.freeze({
    seed: String(seed),
    options,
    today: isoDay(todayMs),
    todayMs,
    windowStartMs,
    tables: Object.freeze(tables),
    index: buildIndex(tables, {
      caseCreated: Float64Array.from(drafts, (d) => d.created),
      caseClosed: Float64Array.from(drafts, (d) => d.closed ?? Number.NaN),
      historyAt: Float64Array.from(historyAt),
    }),
    facts: Object.freeze({ agents: traits, products: catalog.traits, stateFactor, policies: knowledge.policies, faqs: knowledge.faqs, scenarios: talk.scenarios }),
  });
}
