import { ref } from '../../../src/tasks/refs.js';
import type { ArgSource } from '../../../src/tasks/refs.js';
import { defineTemplate, type PathStep } from '../../../src/tasks/template.js';
import type { Org } from '../org/org.js';
import type { CrmState } from '../tools/tool-kit.js';
import { namedPeriodParams, namedPeriodPlaceholder, pastWindowPlaceholder, periodArgs, windowArgs, type PastWindow } from './periods.js';
import { FLEX_TOOLS, idsOf, recordOf, taskContext, todayPlaceholder, type CrmScope } from './task-kit.js';

const POLICY = [
  'Find the states whose cases were closed the quickest on average in the period.',
  '- Use the cases created within the period (see the domain details) that are closed; the closure time of a case is ClosedDate minus CreatedDate.',
  '- A case belongs to the ShippingState of its account. Average the closure times per state.',
  '- Answer with the two-letter code of the state with the lowest average. If several states tie, give all of them, separated by commas.',
].join('\n');

/** From the cases of a window to the quickest states: CRMArena's reference chain for BRI. */
function quickestStates(window: { start_date: ArgSource; end_date: ArgSource }): PathStep[] {
  return [
    { name: 'cases', tool: 'get_cases', args: window },
    { name: 'states', tool: 'get_shipping_state', args: { cases: ref.output('cases') } },
    { name: 'times', tool: 'calculate_region_average_closure_times', args: { cases: ref.output('states') } },
    { name: 'best', tool: 'find_id_with_min_value', args: { values_by_id: ref.output('times') } },
  ];
}

const answer = ({ outputs }: CrmScope) => {
  const best = idsOf(outputs['best']);
  return best.length === 1 ? best[0]! : best;
};

const accept = ({ outputs }: CrmScope) => (Object.keys(recordOf(outputs['times'])).length >= 3 && idsOf(outputs['best']).length > 0) || 'too few states had closed cases';

export const bestRegionTemplate = defineTemplate<Org, CrmState>({
  id: 'BRI',
  domain: 'BRI',
  split: 'explore',
  description: 'States with the quickest average case closure over the past N days, weeks, months or quarters',
  text: 'Over the past {window}, which states had the quickest average case closure time?',
  paraphrases: ['Which shipping state closed its cases the fastest on average in the past {window}?', 'Identify the region with the lowest average case closure time over the past {window}.'],
  placeholders: {
    window: pastWindowPlaceholder({ day: [7, 10, 14, 21, 30, 45, 60, 90], week: [1, 2, 3, 4, 6, 8, 10, 12], month: [1, 2, 3, 4], quarter: [1] }),
    end_date: todayPlaceholder,
  },
  path: [
    { name: 'start', tool: 'get_start_date', args: { end_date: ref.placeholder('end_date'), ...windowArgs('window') } },
    ...quickestStates({ start_date: ref.output('start'), end_date: ref.placeholder('end_date') }),
  ],
  answer,
  accept,
  compare: { kind: 'set' },
  offer: { extra: FLEX_TOOLS },
  params: ({ values, outputs, world }) => ({
    task: 'BRI',
    today: world.today,
    period: (values['window'] as unknown as PastWindow).period,
    interval_count: (values['window'] as unknown as PastWindow).interval_count,
    start_date: outputs['start']!,
    end_date: values['end_date']!,
  }),
  context: taskContext('BRI', POLICY),
});

export const bestRegionByPeriodTemplate = defineTemplate<Org, CrmState>({
  id: 'BRI.period',
  domain: 'BRI',
  split: 'explore',
  description: 'States with the quickest average case closure in a named month or quarter',
  text: 'Which states had the quickest average case closure time in {period}?',
  paraphrases: ['In {period}, which shipping state closed its cases the fastest on average?'],
  placeholders: { period: namedPeriodPlaceholder(['month', 'quarter']) },
  path: [{ name: 'period', tool: 'get_period', args: periodArgs('period') }, ...quickestStates({ start_date: ref.output('period', 'start_date'), end_date: ref.output('period', 'end_date') })],
  answer,
  accept,
  compare: { kind: 'set' },
  offer: { extra: FLEX_TOOLS },
  params: ({ values, outputs, world }) => ({
    task: 'BRI',
    today: world.today,
    ...namedPeriodParams(values, outputs),
  }),
  context: taskContext('BRI', POLICY),
});
