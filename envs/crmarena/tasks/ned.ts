import { z } from 'zod';
import { ref } from '../../../src/tasks/refs.js';
import { defineTemplate } from '../../../src/tasks/template.js';
import { DAY, parseInstant } from '../org/dates.js';
import type { Org } from '../org/org.js';
import { PRODUCT_LINES } from '../org/vocabulary.js';
import type { CrmState } from '../tools/tool-kit.js';
import { FLEX_TOOLS, idsOf, perOrg, taskContext, type CrmScope } from './task-kit.js';

const POLICY = [
  'Work out which product the customer means.',
  "- The contact belongs to an account; look at the account's Activated orders placed on the purchase date the customer gives.",
  "- The product they mean is the one bought that day whose name and description match the customer's words (a product search for those words).",
  '- Answer with its Product2 Id. If no product bought that day matches, answer None.',
].join('\n');

/** Recent purchase days of each account (Activated orders in the last 180 days), as `accountId|day` keys. */
export const recentPurchases = perOrg((org: Org) => {
  const since = org.todayMs - 180 * DAY;
  return [...org.index.purchases.keys()].filter((key) => (parseInstant(key.split('|')[1]!) ?? 0) >= since).sort();
});

export const lineOf = perOrg((org: Org) => new Map(org.tables.Product2.map((p, i) => [p.Id, org.facts.products[i]!.line])));

function phrase(line: number): string {
  const noun = PRODUCT_LINES[line]!.noun.toLowerCase();
  return noun.endsWith('s') ? `a pair of ${noun}` : `a ${noun}`;
}

export const entityDisambiguationTemplate = defineTemplate<Org, CrmState>({
  id: 'NED',
  domain: 'NED',
  split: 'held-out',
  description: 'Which product a contact means by a vague description of a recent purchase',
  text: 'This is contact {contact_id}. I bought {item_phrase} from you on {purchase_date} and need help with it. Which product is it?',
  paraphrases: ['Customer (contact {contact_id}) says: "I got {item_phrase} on {purchase_date}." Which product did they buy?'],
  placeholders: {
    purchase: {
      schema: z.string(),
      description: 'the account and day of a recent purchase (not shown)',
      sample: ({ world, rng }) => rng.pick(recentPurchases(world)),
    },
    contact_id: {
      schema: z.string().regex(/^003/),
      description: "the customer's Contact Id",
      sample: ({ world, values }) => {
        const account = String(values['purchase']).split('|')[0]!;
        return world.tables.Contact.find((c) => c.AccountId === account)!.Id;
      },
    },
    purchase_date: { schema: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), description: 'the day of the purchase', sample: ({ values }) => String(values['purchase']).split('|')[1]! },
    search_term: {
      schema: z.string(),
      description: "what the customer calls the product: the product line's noun",
      sample: ({ world, rng, values }) => {
        const bought = [...new Set((world.index.purchases.get(String(values['purchase'])) ?? []).map((i) => lineOf(world).get(i.Product2Id)!))];
        const line = rng.chance(0.2) ? rng.pick(PRODUCT_LINES.map((_, i) => i).filter((i) => !bought.includes(i))) : rng.pick(bought);
        return PRODUCT_LINES[line]!.noun.toLowerCase();
      },
    },
    item_phrase: {
      schema: z.string(),
      description: 'the vague description',
      sample: ({ values }) => phrase(PRODUCT_LINES.findIndex((l) => l.noun.toLowerCase() === values['search_term'])),
    },
  },
  path: [
    { name: 'account', tool: 'get_account_id_by_contact_id', args: { contact_id: ref.placeholder('contact_id') } },
    { name: 'candidates', tool: 'search_products', args: { search_term: ref.placeholder('search_term') } },
    {
      name: 'bought',
      tool: 'get_purchase_history',
      args: { account_id: ref.output('account'), purchase_date: ref.compute(({ values }) => `${String(values['purchase_date'])}T00:00:00Z`), related_product_ids: ref.output('candidates') },
    },
  ],
  answer: ({ outputs }) => {
    const products = [...new Set((Array.isArray(outputs['bought']) ? outputs['bought'] : []).map((r) => (r as { Product2Id: string }).Product2Id))];
    return products.length === 1 ? products[0]! : null;
  },
  accept: ({ outputs }: CrmScope) => {
    const products = new Set((Array.isArray(outputs['bought']) ? outputs['bought'] : []).map((r) => (r as { Product2Id: string }).Product2Id));
    return idsOf(outputs['candidates']).length > 0 && (products.size <= 1 || 'two matching products were bought that day');
  },
  compare: { kind: 'exact', ids: 'salesforce' },
  offer: { extra: FLEX_TOOLS },
  params: ({ values, outputs, world }) => ({
    task: 'NED',
    today: world.today,
    contact_id: values['contact_id']!,
    account_id: outputs['account']!,
    purchase_date: values['purchase_date']!,
    search_term: values['search_term']!,
  }),
  context: taskContext('NED', POLICY),
});
