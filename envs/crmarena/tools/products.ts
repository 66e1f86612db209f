import { z } from 'zod';
import { isoDay } from '../org/dates.js';
import { to18 } from '../org/ids.js';
import { matchesAll, termWords } from '../org/text-search.js';
import { crmTool, dateTimeString, failure, idSet, instantArg, isToolError } from './tool-kit.js';
import { readWindow } from './time-window.js';
import { sharedValue } from '../../../src/core/shared-json.js';
import type { JsonValue } from '../../../src/core/json.js';

/** The output of get_order_item_ids_by_product per product's list in the org index, made once. */
const itemLists = new WeakMap<readonly string[], JsonValue>();

export const getOrderItemIdsByProduct = crmTool({
  name: 'get_order_item_ids_by_product',
  description: 'Returns the Ids of every OrderItem of the given product (Product2 Id).',
  input: z.object({ product_id: z.string().describe('the Product2 Id') }),
  domain: 'products',
  handler: ({ product_id }, { world }) => {
    if (product_id.trim() === '') return failure('product_id must not be empty');
    const items = world.index.orderItemsByProduct.get(to18(product_id.trim()));
    if (items === undefined) return [];
    let output = itemLists.get(items);
    if (output === undefined) itemLists.set(items, (output = sharedValue(items.slice())));
    return output;
  },
});

export const getIssueCounts = crmTool({
  name: 'get_issue_counts',
  description: 'Counts the cases created in [start_date, end_date) about the given order items, by issue. Returns {IssueId__c: number of cases}, most frequent first.',
  input: z.object({
    start_date: dateTimeString('start of the period (inclusive)'),
    end_date: dateTimeString('end of the period (exclusive)'),
    order_item_ids: z.array(z.string()).describe('OrderItem Ids (see get_order_item_ids_by_product)'),
  }),
  domain: 'products',
  handler: ({ start_date, end_date, order_item_ids }, { world }) => {
    const window = readWindow(start_date, end_date);
    if (isToolError(window)) return window;
    if (order_item_ids.length === 0) return failure('order_item_ids must not be empty');
    const { index } = world;
    const counts = new Map<string, number>();
    for (const item of idSet(order_item_ids)) {
      for (const row of index.casesByOrderItem.get(item) ?? []) {
        const at = index.caseCreated[row]!;
        if (at < window.start || at >= window.end) continue;
        const issue = world.tables.Case[row]!.IssueId__c;
        counts.set(issue, (counts.get(issue) ?? 0) + 1);
      }
    }
    const order = world.tables.Issue__c.map((i) => i.Id);
    return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || order.indexOf(a[0]) - order.indexOf(b[0])));
  },
});

export const searchProducts = crmTool({
  name: 'search_products',
  description: 'Searches products by words in their Name and Description (every word must match the start of a word) and returns the Product2 Ids found.',
  input: z.object({ search_term: z.string().describe('words to look for, e.g. "trail running shoes"') }),
  domain: 'products',
  handler: ({ search_term }, { world }) => {
    const words = termWords(search_term);
    if (words.length === 0) return failure('search_term must contain a word');
    const found: string[] = [];
    world.index.productWords.forEach((productWords, i) => {
      if (matchesAll(productWords, words)) found.push(world.tables.Product2[i]!.Id);
    });
    return found;
  },
});

export const getPurchaseHistory = crmTool({
  name: 'get_purchase_history',
  description: 'Returns the items ({Product2Id}) of Activated orders that the account placed on purchase_date, limited to the given products.',
  input: z.object({
    account_id: z.string().describe('the Account Id'),
    purchase_date: dateTimeString('the day of the purchase (only the date part is used)'),
    related_product_ids: z.array(z.string()).describe('Product2 Ids to look for'),
  }),
  domain: 'products',
  handler: ({ account_id, purchase_date, related_product_ids }, { world }) => {
    const day = instantArg(purchase_date, 'purchase_date');
    if (isToolError(day)) return day;
    const wanted = idSet(related_product_ids);
    const items = world.index.purchases.get(`${to18(account_id.trim())}|${isoDay(day)}`) ?? [];
    return items.filter((item) => wanted.has(item.Product2Id)).map((item) => ({ Product2Id: item.Product2Id }));
  },
});

export const getIssues = crmTool({
  name: 'get_issues',
  description: 'Returns every issue type ({Id, Name}) a case can have.',
  input: z.object({}),
  domain: 'products',
  handler: (_args, { world }) => world.tables.Issue__c.map((i) => ({ Id: i.Id, Name: i.Name })),
});

