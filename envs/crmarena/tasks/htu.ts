import { z } from 'zod';
import { defineTemplate } from '../../../src/tasks/template.js';
import { ref } from '../../../src/tasks/refs.js';
import type { Org } from '../org/org.js';
import type { CrmState } from '../tools/tool-kit.js';
import { isMonth, namedPeriodParams, namedPeriodPlaceholder, periodArgs } from './periods.js';
import { FLEX_TOOLS, idsOf, single, taskContext, type CrmScope } from './task-kit.js';

type Direction = 'shortest' | 'longest';

const policy = (direction: Direction) =>
  [
    `Find the agent with the ${direction} average handle time in the period, among qualified agents, counting only cases that were not transferred.`,
    '- An agent is qualified when the number of Owner Assignment records in CaseHistory__c dated within the period that name them as the new owner (first assignments and transfers to them) is strictly greater than the given number of cases.',
    '- A case counts when it was created within the period, has exactly one Owner Assignment record dated within the period (it was not transferred), and its current owner (OwnerId) is a qualified agent.',
    '- The handle time of a case is the time from CreatedDate to ClosedDate in minutes; open cases (no ClosedDate) are left out. An agent\'s average handle time is the mean over their counted cases.',
    `- Answer with the User Id of the agent with the ${direction} average (the questions are chosen so that a single agent stands out).`,
  ].join('\n');

const steps = (direction: Direction) => {
  const window = { start_date: ref.output('period', 'start_date'), end_date: ref.output('period', 'end_date') };
  return [
    { name: 'period', tool: 'get_period', args: periodArgs('period') },
    { name: 'handled', tool: 'get_agent_handled_cases_by_period', args: window },
    { name: 'qualified', tool: 'get_qualified_agent_ids_by_case_count', args: { agent_handled_cases: ref.output('handled'), n_cases: ref.placeholder('n_cases') } },
    { name: 'single', tool: 'get_non_transferred_case_ids', args: window },
    { name: 'cases', tool: 'get_cases', args: { ...window, agent_ids: ref.output('qualified'), case_ids: ref.output('single') } },
    { name: 'aht', tool: 'calculate_average_handle_time', args: { cases: ref.output('cases') } },
    { name: 'pick', tool: direction === 'shortest' ? 'find_id_with_min_value' : 'find_id_with_max_value', args: { values_by_id: ref.output('aht') } },
  ];
};

function handleTime(direction: Direction) {
  const word = direction === 'shortest' ? 'lowest' : 'highest';
  return defineTemplate<Org, CrmState>({
    id: `HTU.${direction}`,
    domain: 'HTU',
    split: 'explore',
    description: `Agent with the ${direction} average handle time in a named period`,
    text: `Which agent had the ${direction} average handle time in {period}, among agents who handled more than {n_cases}?`,
    paraphrases: [
      `In {period}, who had the ${word} average handle time of the agents that managed more than {n_cases}?`,
      `Find the agent with the ${direction} handle time in {period}, considering only agents who handled more than {n_cases}.`,
    ],
    placeholders: {
      period: namedPeriodPlaceholder(['month', 'quarter', 'season']),
      n_cases: {
        schema: z.number().int().min(0),
        description: 'the number of handled cases an agent must exceed',
        format: (value) => `${String(value)} case${value === 1 ? '' : 's'}`,
        sample: ({ rng, values }) => (isMonth(values['period']) ? rng.int(0, 2) : rng.int(0, 4)),
      },
    },
    path: steps(direction),
    answer: ({ outputs }) => single(idsOf(outputs['pick'])),
    accept: ({ outputs }: CrmScope) => {
      if (idsOf(outputs['qualified']).length === 0) return 'no agent is qualified';
      return idsOf(outputs['pick']).length === 1 || 'no single agent stands out';
    },
    compare: { kind: 'exact', ids: 'salesforce' },
    offer: { extra: FLEX_TOOLS },
    params: ({ values, outputs, world }) => ({
      task: 'HTU',
      direction,
      today: world.today,
      ...namedPeriodParams(values, outputs),
      n_cases: values['n_cases']!,
    }),
    context: taskContext('HTU', policy(direction)),
  });
}

export const handleTimeTemplates = [handleTime('shortest'), handleTime('longest')];
