import { z } from 'zod';
import type { JsonObject } from '../../../src/core/json.js';
import { conversationTemplate, type ConversationTemplateInput } from '../../../src/tasks/conversation.js';
import { ref } from '../../../src/tasks/refs.js';
import type { TaskTemplate } from '../../../src/tasks/template.js';
import { addMonths, isoDay, parseInstant } from '../org/dates.js';
import type { Org } from '../org/org.js';
import { PRODUCT_LINES } from '../org/vocabulary.js';
import type { CrmState } from '../tools/tool-kit.js';
import { DOMAIN_DETAILS } from './domain-details.js';
import { lineOf, recentPurchases } from './ned.js';
import { namedPeriodPlaceholder, periodArgs } from './periods.js';
import { productNamePlaceholder, productPlaceholder } from './products.js';
import { FLEX_TOOLS, idsOf, recordOf, single, type CrmScope } from './task-kit.js';

/** The domain (task code) of every multi-turn template; not one of CRMArena's nine tasks. */
export const MULTI_TURN_CODE = 'MT';

const HOW = [
  '- The colleague may leave out details you need. Ask for them in a plain message (no function call); ask only for what is missing.',
  '- After you answer (with respond), the colleague may ask a follow-up or correct a detail; answer each request with respond.',
];

function context(name: string, policy: readonly string[]) {
  return ({ world }: CrmScope): JsonObject => ({ task: MULTI_TURN_CODE, task_name: name, policy: [...policy, ...HOW].join('\n'), domain_details: DOMAIN_DETAILS, today: world.today });
}

/** A multi-turn CRMArena template: its own `multi-turn` split, the MT domain, SOQL/SOSL offered where a split allows. */
function crmConversation(input: Omit<ConversationTemplateInput<Org, CrmState>, 'domain' | 'split' | 'offer'>): TaskTemplate<Org, CrmState> {
  return conversationTemplate<Org, CrmState>({ ...input, domain: MULTI_TURN_CODE, split: 'multi-turn', offer: { extra: FLEX_TOOLS } });
}

const warrantyMonths = (org: Org): number => org.facts.policies.find((p) => p.key === 'warranty-period')!.limit;
const boughtProducts = (scope: CrmScope): string[] => [...new Set((Array.isArray(scope.outputs['bought']) ? scope.outputs['bought'] : []).map((r) => (r as { Product2Id: string }).Product2Id))];

/** A customer's item is named only when asked; then: until when is it under warranty? */
export const mtProductWarranty = crmConversation({
  id: 'MT.product_then_warranty',
  description: 'Which product a customer bought (the item named only when asked), then the last day of its warranty',
  placeholders: {
    purchase: { schema: z.string(), description: 'the account and day of a recent purchase (not shown)', sample: ({ world, rng }) => rng.pick(recentPurchases(world)) },
    contact_id: {
      schema: z.string().regex(/^003/),
      description: "the customer's Contact Id",
      sample: ({ world, values }) => world.tables.Contact.find((c) => c.AccountId === String(values['purchase']).split('|')[0])!.Id,
    },
    purchase_date: { schema: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), description: 'the day of the purchase', sample: ({ values }) => String(values['purchase']).split('|')[1]! },
    item: {
      schema: z.string(),
      description: "what the customer calls the product: its product line's noun",
      sample: ({ world, rng, values }) => {
        const lines = [...new Set((world.index.purchases.get(String(values['purchase'])) ?? []).map((i) => lineOf(world).get(i.Product2Id)!))];
        return PRODUCT_LINES[rng.pick(lines)]!.noun.toLowerCase();
      },
    },
  },
  path: [
    { name: 'account', tool: 'get_account_id_by_contact_id', args: { contact_id: ref.placeholder('contact_id') } },
    { name: 'candidates', tool: 'search_products', args: { search_term: ref.placeholder('item') } },
    {
      name: 'bought',
      tool: 'get_purchase_history',
      args: { account_id: ref.output('account'), purchase_date: ref.compute(({ values }) => `${String(values['purchase_date'])}T00:00:00Z`), related_product_ids: ref.output('candidates') },
    },
    { name: 'warranty', tool: 'search_knowledge_articles', args: { search_term: ref.literal('warranty period') } },
  ],
  accept: (scope) => boughtProducts(scope).length === 1 || 'two matching products were bought that day',
  conversation: {
    topics: {
      purchase: { label: 'order', cues: ['order number'] },
      contact_id: { label: 'contact id' },
      purchase_date: { label: 'purchase date', cues: ['which day', 'when did they buy', 'date of purchase'] },
      item: { label: 'item', cues: ['product', 'what did they buy', 'what they bought', 'which item', 'kind of item'], replies: ['The customer says it is the {value}.', 'They call it their {value}.', 'It is the {value}, they say.'] },
    },
    withhold: ['item'],
    intents: [
      {
        id: 'product',
        text: [
          'A customer (contact {contact_id}) bought something from us on {purchase_date} and needs help with it. Which product is it? Give its Product2 Id.',
          'Contact {contact_id} has a question about an item they bought on {purchase_date}. Which product was it (Product2 Id)?',
        ],
        steps: ['account', 'candidates', 'bought'],
        needs: ['purchase_date'],
        answer: (scope) => single(boughtProducts(scope)),
        compare: { kind: 'exact', ids: 'salesforce' },
      },
      {
        id: 'warranty_end',
        text: ['Until which date is it covered by our warranty? Answer YYYY-MM-DD.', 'On what day does the warranty on it run out? Give the date as YYYY-MM-DD.'],
        steps: ['warranty'],
        needs: ['purchase_date'],
        answer: ({ values, world }) => isoDay(addMonths(parseInstant(`${String(values['purchase_date'])}T00:00:00Z`)!, warrantyMonths(world))),
        compare: { kind: 'normalized' },
      },
    ],
  },
  context: context('Customer purchase and warranty (multi-turn)', [
    "Help a colleague with a customer's purchase.",
    "- The contact belongs to an account; the product is the one the account bought (Activated orders) on the purchase date whose name and description match the customer's words for it (a product search for those words).",
    '- Give product answers as the Product2 Id.',
    '- The warranty period is stated in the knowledge base; it runs from the purchase date (add the months to the date: bought 2024-03-10 with 6 months -> 2024-09-10).',
  ]),
});

const window = { start_date: ref.output('period', 'start_date'), end_date: ref.output('period', 'end_date') };
const monthTopic = { label: 'month', cues: ['which month', 'what month', 'period', 'time frame'] };

/** Minutes of the top agent's average handle time over the month's cases they own, or null. */
const topAverage = ({ outputs }: CrmScope): number | null => {
  const top = single(idsOf(outputs['top']));
  return top === null ? null : (recordOf(outputs['aht'])[top] ?? null);
};

/** The manager names the month only when asked; then: what is the top agent's average handle time on those cases? */
export const mtTopAgentMonth = crmConversation({
  id: 'MT.top_agent_then_handle_time',
  description: "The agent who owns the most cases created in a month (the month given only when asked), then that agent's average handle time on them",
  placeholders: { period: namedPeriodPlaceholder(['month']) },
  path: [
    { name: 'period', tool: 'get_period', args: periodArgs('period') },
    { name: 'cases', tool: 'get_cases', args: window },
    { name: 'top', tool: 'get_agents_with_max_cases', args: { subset_cases: ref.output('cases') } },
    { name: 'own', tool: 'get_cases', args: { ...window, agent_ids: ref.output('top') } },
    { name: 'aht', tool: 'calculate_average_handle_time', args: { cases: ref.output('own') } },
  ],
  accept: (scope) => {
    if (idsOf(scope.outputs['top']).length !== 1) return 'several agents own the most cases';
    return topAverage(scope) !== null || 'the top agent closed none of them';
  },
  conversation: {
    topics: { period: monthTopic },
    withhold: ['period'],
    intents: [
      {
        id: 'top_agent',
        text: ['For my monthly review: which agent owns the most of the cases created in the month I am reviewing?', 'Which agent currently owns the largest number of the cases that came in during the month I am looking at?'],
        steps: ['period', 'cases', 'top'],
        needs: ['period'],
        answer: ({ outputs }) => single(idsOf(outputs['top'])),
        compare: { kind: 'exact', ids: 'salesforce' },
      },
      {
        id: 'handle_time',
        text: ["What is that agent's average handle time on those cases, in minutes?", 'And how long, on average in minutes, did that agent take to close those cases?'],
        steps: ['own', 'aht'],
        answer: topAverage,
        compare: { kind: 'number', tolerance: 1 },
      },
    ],
  },
  context: context('Monthly agent workload (multi-turn)', [
    "Answer a manager's questions about the cases created in a month.",
    "- A month's cases are those whose CreatedDate lies in the month; the agent of a case is its current owner (OwnerId).",
    '- Handle time is the time from CreatedDate to ClosedDate in minutes; open cases are left out.',
    '- Give agents as their User Id and times as a number of minutes.',
  ]),
});

const quarterPlaceholder = namedPeriodPlaceholder(['quarter']);

/** The manager asks for a product's case count in a period, then corrects the period. */
export const mtProductCasesCorrection = crmConversation({
  id: 'MT.product_cases_corrected_period',
  description: 'How many cases a product had in a named period, then the same for the period the manager meant',
  placeholders: { product_id: productPlaceholder, product_name: productNamePlaceholder, period: quarterPlaceholder },
  path: [
    { name: 'period', tool: 'get_period', args: periodArgs('period') },
    { name: 'items', tool: 'get_order_item_ids_by_product', args: { product_id: ref.placeholder('product_id') } },
    { name: 'cases', tool: 'get_cases', args: { ...window, order_item_ids: ref.output('items') } },
  ],
  accept: ({ outputs }) => {
    if (idsOf(outputs['items']).length === 0) return 'the product was never ordered';
    return (Array.isArray(outputs['cases']) && outputs['cases'].length >= 2) || 'too few cases in the quarter to be worth asking';
  },
  conversation: {
    topics: { product_id: { label: 'product id', cues: ['which product'] }, product_name: { label: 'product name' }, period: { label: 'period', cues: ['quarter', 'which month', 'time frame'] } },
    withhold: [],
    intents: [
      {
        id: 'cases',
        needs: ['period'],
        text: ['How many cases were created in {period} about {product_name} (Product Id {product_id})?', 'In {period}, how many cases came in for product {product_id} ({product_name})?'],
        answer: ({ outputs }) => (Array.isArray(outputs['cases']) ? outputs['cases'].length : 0),
        compare: { kind: 'number', tolerance: 0 },
      },
      {
        id: 'corrected',
        redo: 'cases',
        placeholder: 'period',
        sample: ({ world, rng, values }) => quarterPlaceholder.sample({ world, rng, values }),
        text: ['Sorry, I gave you the wrong period: I meant {period}. How many cases were there then?', 'Wait, not that one: I meant {period}. What is the count for that period?'],
      },
    ],
  },
  context: context('Product case count (multi-turn)', [
    "Answer a manager's question about the cases of a product.",
    "- The product's cases are those whose order item (OrderItemId__c) is an order item of the product; a period's cases are those whose CreatedDate lies in it.",
    '- Answer with the number of cases.',
  ]),
});

const careFact = (org: Org, item: unknown, kind: 'clean' | 'replace') => org.facts.faqs.find((f) => f.searchTerm === `${kind} ${String(item)}`)!;

/** A customer asks how to care for the item they bought (named only when asked), then how often to replace it. */
export const mtCareThenReplace = crmConversation({
  id: 'MT.care_then_replace',
  description: 'How to clean the item a customer bought (named only when asked), then how often to replace it, from the knowledge base',
  placeholders: { item: { schema: z.string(), description: 'the product line the customer owns', sample: ({ rng }) => rng.pick(PRODUCT_LINES).noun.toLowerCase() } },
  path: [
    { name: 'care', tool: 'search_knowledge_articles', args: { search_term: ref.compute(({ values }) => `clean ${String(values['item'])}`) } },
    { name: 'replace', tool: 'search_knowledge_articles', args: { search_term: ref.compute(({ values }) => `replace ${String(values['item'])}`) } },
  ],
  conversation: {
    topics: { item: { label: 'item', cues: ['product', 'what did you buy', 'which item', 'kind of item', 'gear'], replies: ['It is my {value}.', 'I mean my {value}.', 'The {value} I bought from you.'] } },
    withhold: ['item'],
    intents: [
      {
        id: 'clean',
        text: ['I bought something from you last month. How should I clean it?', "What's the right way to clean the thing I bought from your shop?"],
        steps: ['care'],
        needs: ['item'],
        answer: ({ values, world }) => careFact(world, values['item'], 'clean').answer,
        compare: { kind: 'token-f1', threshold: 0.5 },
      },
      {
        id: 'replace',
        text: ['How often should I replace it?', 'And after how long should I replace it?'],
        steps: ['replace'],
        needs: ['item'],
        answer: ({ values, world }) => careFact(world, values['item'], 'replace').answer,
        compare: { kind: 'token-f1', threshold: 0.5 },
      },
    ],
  },
  context: context('Product care questions (multi-turn)', [
    "Answer a customer's questions from the knowledge base.",
    '- Search the knowledge articles and answer with the fact the matching article gives, in a short phrase; answers are scored by word overlap with the article, and numbers must be exact.',
  ]),
});

export const multiTurnTemplates: readonly TaskTemplate<Org, CrmState>[] = [mtProductWarranty, mtTopAgentMonth, mtProductCasesCorrection, mtCareThenReplace];
