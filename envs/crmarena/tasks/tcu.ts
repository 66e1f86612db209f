import { z } from 'zod';
import { ref } from '../../../src/tasks/refs.js';
import { defineTemplate } from '../../../src/tasks/template.js';
import type { Org } from '../org/org.js';
import type { CrmState } from '../tools/tool-kit.js';
import { isMonth, namedPeriodParams, namedPeriodPlaceholder, periodArgs } from './periods.js';
import { FLEX_TOOLS, idsOf, recordOf, single, taskContext, type CrmScope } from './task-kit.js';

type Direction = 'most' | 'fewest';

const policy = (direction: Direction) =>
  [
    `Find the agent who transferred the ${direction} cases to other agents in the period, among qualified agents.`,
    '- An agent is qualified when the number of Owner Assignment records in CaseHistory__c dated within the period that name them as the new owner (first assignments and transfers to them) is strictly greater than the given number of cases.',
    '- A transfer away from an agent is an Owner Assignment record dated within the period whose previous owner (OldValue__c) is that agent.',
    '- Only qualified agents with at least one transfer away in the period are compared.',
    `- Answer with the User Id of the agent with the ${direction} transfers. Agents with no transfer away are not compared, so "fewest" is at least one; the questions are chosen so that a single agent stands out.`,
  ].join('\n');

function transferCount(direction: Direction) {
  const window = { start_date: ref.output('period', 'start_date'), end_date: ref.output('period', 'end_date') };
  return defineTemplate<Org, CrmState>({
    id: `TCU.${direction}`,
    domain: 'TCU',
    split: 'held-out',
    description: `Agent with the ${direction} transfers away in a named period`,
    text: `Which agent transferred the ${direction} cases to other agents in {period}, among agents who handled more than {n_cases} and transferred at least one case away in that period?`,
    paraphrases: [`In {period}, of the agents that handled more than {n_cases} and transferred at least one case away, who had the ${direction} transfers to other agents?`],
    placeholders: {
      period: namedPeriodPlaceholder(direction === 'most' ? ['month', 'quarter', 'season'] : ['quarter', 'season']),
      n_cases: {
        schema: z.number().int().min(0),
        description: 'the number of handled cases an agent must exceed',
        format: (value) => `${String(value)} case${value === 1 ? '' : 's'}`,
        sample: ({ rng, values }) => (direction === 'fewest' ? rng.int(6, 12) : isMonth(values['period']) ? rng.int(0, 2) : rng.int(0, 4)),
      },
    },
    path: [
      { name: 'period', tool: 'get_period', args: periodArgs('period') },
      { name: 'handled', tool: 'get_agent_handled_cases_by_period', args: window },
      { name: 'qualified', tool: 'get_qualified_agent_ids_by_case_count', args: { agent_handled_cases: ref.output('handled'), n_cases: ref.placeholder('n_cases') } },
      { name: 'transfers', tool: 'get_agent_transferred_cases_by_period', args: { ...window, qualified_agent_ids: ref.output('qualified') } },
      { name: 'pick', tool: direction === 'most' ? 'find_id_with_max_value' : 'find_id_with_min_value', args: { values_by_id: ref.output('transfers') } },
    ],
    answer: ({ outputs }) => single(idsOf(outputs['pick'])),
    accept: ({ outputs }: CrmScope) => {
      if (idsOf(outputs['qualified']).length === 0) return 'no agent is qualified';
      if (Object.keys(recordOf(outputs['transfers'])).length < 2) return 'fewer than two qualified agents transferred cases';
      return idsOf(outputs['pick']).length === 1 || 'no single agent stands out';
    },
    compare: { kind: 'exact', ids: 'salesforce' },
    offer: { extra: FLEX_TOOLS },
    params: ({ values, outputs, world }) => ({
      task: 'TCU',
      direction,
      today: world.today,
      ...namedPeriodParams(values, outputs),
      n_cases: values['n_cases']!,
    }),
    context: taskContext('TCU', policy(direction)),
  });
}

export const transferCountTemplates = [transferCount('most'), transferCount('fewest')];
