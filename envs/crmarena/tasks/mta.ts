import { z } from 'zod';
import { ref } from '../../../src/tasks/refs.js';
import { defineTemplate } from '../../../src/tasks/template.js';
import type { Org } from '../org/org.js';
import type { CrmState } from '../tools/tool-kit.js';
import { SIGNIFICANCE_FACTOR } from './domain-details.js';
import { productNamePlaceholder, productPlaceholder } from './products.js';
import { FLEX_TOOLS, idsOf, recordOf, taskContext, todayPlaceholder, type CrmScope } from './task-kit.js';

const POLICY = [
  'Find the month in which the product had significantly more cases than in the other months of the window.',
  "- The product's cases are those whose order item (OrderItemId__c) is an order item of the product, created within the past N quarters (see the domain details).",
  '- Count the cases by the calendar month of their CreatedDate; the same month name in different years counts as one month.',
  `- The month with the most cases is the answer when it is the only month with that many cases and it has at least ${SIGNIFICANCE_FACTOR} times the average count of the other months that had cases. Otherwise answer None.`,
  '- Answer with the month name, e.g. March.',
].join('\n');

/** The significant month of a count by month, or null (the MTA rule). */
export function significantMonth(counts: Record<string, number>): string | null {
  const entries = Object.entries(counts);
  if (entries.length < 2) return null;
  const top = Math.max(...entries.map(([, n]) => n));
  const leaders = entries.filter(([, n]) => n === top);
  if (leaders.length !== 1) return null;
  const others = entries.filter(([, n]) => n !== top);
  const average = others.reduce((sum, [, n]) => sum + n, 0) / others.length;
  return top >= SIGNIFICANCE_FACTOR * average ? leaders[0]![0] : null;
}

export const monthlyTrendTemplate = defineTemplate<Org, CrmState>({
  id: 'MTA',
  domain: 'MTA',
  split: 'explore',
  description: 'The month with significantly more cases for a product over the past N quarters',
  text: 'Over the past {quarters} quarters, in which month did {product_name} (Product Id {product_id}) get significantly more cases than in the other months?',
  paraphrases: [
    'Looking at the past {quarters} quarters, which month had significantly more cases for {product_name} (Product Id {product_id})?',
    'Is there a month in the past {quarters} quarters with significantly more cases about product {product_id} ({product_name})? Which one?',
  ],
  placeholders: {
    product_id: productPlaceholder,
    product_name: productNamePlaceholder,
    quarters: { schema: z.number().int().min(1), description: 'how many quarters back from today', sample: ({ rng }) => rng.pick([2, 3, 4]) },
    end_date: todayPlaceholder,
  },
  path: [
    { name: 'start', tool: 'get_start_date', args: { end_date: ref.placeholder('end_date'), period: ref.literal('quarter'), interval_count: ref.placeholder('quarters') } },
    { name: 'items', tool: 'get_order_item_ids_by_product', args: { product_id: ref.placeholder('product_id') } },
    { name: 'cases', tool: 'get_cases', args: { start_date: ref.output('start'), end_date: ref.placeholder('end_date'), order_item_ids: ref.output('items') } },
    { name: 'months', tool: 'get_month_to_case_count', args: { cases: ref.output('cases') } },
    { name: 'top', tool: 'find_id_with_max_value', args: { values_by_id: ref.output('months') } },
  ],
  answer: ({ outputs }) => significantMonth(recordOf(outputs['months'])),
  accept: ({ outputs }: CrmScope) => {
    if (idsOf(outputs['items']).length === 0) return 'the product was never ordered';
    const months = recordOf(outputs['months']);
    const total = Object.values(months).reduce((a, b) => a + b, 0);
    if (total < 6 || Object.keys(months).length < 2) return 'too few cases to speak of a trend';
    return true;
  },
  compare: { kind: 'normalized' },
  offer: { extra: FLEX_TOOLS },
  params: ({ values, outputs, world }) => ({
    task: 'MTA',
    today: world.today,
    product_id: values['product_id']!,
    quarters: values['quarters']!,
    start_date: outputs['start']!,
    end_date: values['end_date']!,
    factor: SIGNIFICANCE_FACTOR,
  }),
  context: taskContext('MTA', POLICY),
});
