import { z } from 'zod';
import { ref } from '../../../src/tasks/refs.js';
import { defineTemplate } from '../../../src/tasks/template.js';
import type { Org } from '../org/org.js';
import type { CrmState } from '../tools/tool-kit.js';
import { ISSUE_WORDING, type IssueName } from '../org/vocabulary.js';
import { productNamePlaceholder, productPlaceholder } from './products.js';
import { FLEX_TOOLS, idsOf, taskContext, todayPlaceholder, type CrmScope } from './task-kit.js';

/** How far back closed cases count as experience with an issue. */
const RECENT_QUARTERS = 2;

const POLICY = [
  'Route the new case to the agent with the most relevant experience.',
  '- First decide which issue (Issue__c) the new case is about, from its subject and description.',
  '- Prefer the agent (current OwnerId) of the most Closed cases with that issue among the cases created in the past 2 quarters (see the domain details).',
  "- If several agents tie, prefer among them the one with the most Closed cases about the same product (cases whose order item is one of the product's order items), over the whole history of the org.",
  '- If they still tie, prefer the one with the fewest open cases (New, Working or Escalated).',
  '- Answer with the User Id of that agent.',
].join('\n');

const wording = (org: Org, issueId: string) => ISSUE_WORDING[org.index.issues.get(issueId)!.Name as IssueName];

export const caseRoutingTemplate = defineTemplate<Org, CrmState>({
  id: 'NCR',
  domain: 'NCR',
  split: 'explore',
  description: 'Route a new case to the most experienced agent for its issue and product',
  text: 'A new case has come in.\nSubject: {subject}\nDescription: {description}\nProduct Id: {product_id}\nWhich agent should this case be routed to?',
  paraphrases: [
    'Who is the most suitable agent for this new case?\nSubject: {subject}\nDescription: {description}\nProduct Id: {product_id}',
    'Please route this case.\nSubject: {subject}\nDescription: {description}\nThe case is about product {product_id}. Which agent should get it?',
  ],
  placeholders: {
    product_id: productPlaceholder,
    product_name: productNamePlaceholder,
    issue_id: { schema: z.string().regex(/^a1M/), description: 'the issue the new case is about (not shown)', sample: ({ world, rng }) => rng.pick(world.tables.Issue__c).Id },
    subject: {
      schema: z.string(),
      description: "the new case's subject",
      sample: ({ world, rng, values }) => rng.pick(wording(world, String(values['issue_id'])).subjects).replace('{product}', String(values['product_name'])),
    },
    description: {
      schema: z.string(),
      description: "the new case's description",
      sample: ({ world, rng, values }) => rng.pick(wording(world, String(values['issue_id'])).descriptions).replace('{product}', String(values['product_name'])),
    },
    end_date: todayPlaceholder,
  },
  path: [
    { name: 'issues', tool: 'get_issues', args: {} },
    { name: 'start', tool: 'get_start_date', args: { end_date: ref.placeholder('end_date'), period: ref.literal('quarter'), interval_count: ref.literal(RECENT_QUARTERS) } },
    {
      name: 'issue_cases',
      tool: 'get_cases',
      args: { start_date: ref.output('start'), end_date: ref.placeholder('end_date'), issue_ids: ref.compute(({ values }) => [values['issue_id']!]), statuses: ref.literal(['Closed']) },
    },
    { name: 'top', tool: 'get_agents_with_max_cases', args: { subset_cases: ref.output('issue_cases') } },
    { name: 'items', tool: 'get_order_item_ids_by_product', args: { product_id: ref.placeholder('product_id') } },
    { name: 'product_cases', tool: 'get_cases', args: { order_item_ids: ref.output('items'), agent_ids: ref.output('top'), statuses: ref.literal(['Closed']) } },
    { name: 'expert', tool: 'get_agents_with_max_cases', args: { subset_cases: ref.output('product_cases') } },
  ],
  answer: ({ outputs }) => {
    const top = idsOf(outputs['top']);
    if (top.length === 1) return top[0]!;
    const expert = idsOf(outputs['expert']);
    return expert.length === 1 ? expert[0]! : null;
  },
  accept: ({ outputs }: CrmScope) => {
    if (idsOf(outputs['items']).length === 0) return 'the product was never ordered';
    const top = idsOf(outputs['top']);
    if (top.length === 0) return 'nobody closed a case with this issue';
    return top.length === 1 || idsOf(outputs['expert']).length === 1 || 'the product tie-break does not decide; the open-workload rule would be needed';
  },
  compare: { kind: 'exact', ids: 'salesforce' },
  offer: { extra: FLEX_TOOLS },
  params: ({ values, world, outputs }) => ({
    task: 'NCR',
    today: world.today,
    issue_id: values['issue_id']!,
    product_id: values['product_id']!,
    start_date: outputs['start']!,
    end_date: values['end_date']!,
    tie_on_issue: idsOf(outputs['top']).length > 1,
  }),
  context: taskContext('NCR', POLICY),
});
