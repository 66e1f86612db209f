import { ref } from '../../../src/tasks/refs.js';
import { defineTemplate } from '../../../src/tasks/template.js';
import type { Org } from '../org/org.js';
import type { CrmState } from '../tools/tool-kit.js';
import { pastWindowPlaceholder, windowArgs, type PastWindow } from './periods.js';
import { productNamePlaceholder, productPlaceholder } from './products.js';
import { FLEX_TOOLS, idsOf, recordOf, single, taskContext, todayPlaceholder, type CrmScope } from './task-kit.js';

const POLICY = [
  'Find the issue reported most often for the product over the past window.',
  "- The product's cases are those whose order item (OrderItemId__c) is an order item of the product, created within the window (see the domain details).",
  '- Count those cases by IssueId__c.',
  '- Answer with the Id of the Issue__c record with the most cases (the questions are chosen so that a single issue leads: there is no tie to break).',
].join('\n');

export const topIssueTemplate = defineTemplate<Org, CrmState>({
  id: 'TII',
  domain: 'TII',
  split: 'held-out',
  description: 'The most reported issue for a product over the past N months or quarters',
  text: 'What was the most reported issue for {product_name} (Product Id {product_id}) over the past {window}?',
  paraphrases: ['Over the past {window}, which issue came up most often in cases about product {product_id} ({product_name})?'],
  placeholders: {
    product_id: productPlaceholder,
    product_name: productNamePlaceholder,
    window: pastWindowPlaceholder({ month: [3, 6, 9], quarter: [2, 3, 4, 6] }),
    end_date: todayPlaceholder,
  },
  path: [
    { name: 'start', tool: 'get_start_date', args: { end_date: ref.placeholder('end_date'), ...windowArgs('window') } },
    { name: 'items', tool: 'get_order_item_ids_by_product', args: { product_id: ref.placeholder('product_id') } },
    { name: 'counts', tool: 'get_issue_counts', args: { start_date: ref.output('start'), end_date: ref.placeholder('end_date'), order_item_ids: ref.output('items') } },
    { name: 'top', tool: 'find_id_with_max_value', args: { values_by_id: ref.output('counts') } },
  ],
  answer: ({ outputs }) => single(idsOf(outputs['top'])),
  accept: ({ outputs }: CrmScope) => {
    const total = Object.values(recordOf(outputs['counts'])).reduce((a, b) => a + b, 0);
    if (total < 3) return 'too few cases';
    return idsOf(outputs['top']).length === 1 || 'two issues tie';
  },
  compare: { kind: 'exact', ids: 'salesforce' },
  offer: { extra: FLEX_TOOLS },
  params: ({ values, outputs, world }) => ({
    task: 'TII',
    today: world.today,
    product_id: values['product_id']!,
    period: (values['window'] as unknown as PastWindow).period,
    interval_count: (values['window'] as unknown as PastWindow).interval_count,
    start_date: outputs['start']!,
    end_date: values['end_date']!,
  }),
  context: taskContext('TII', POLICY),
});
