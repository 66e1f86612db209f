import { z } from 'zod';
import { crmTool } from './tool-kit.js';

const ValuesById = z.object({ values_by_id: z.record(z.string(), z.number()).describe('{Id: number}') });

function idsWith(values: Record<string, number>, better: (a: number, b: number) => boolean): string[] {
  let best: number | null = null;
  for (const v of Object.values(values)) if (best === null || better(v, best)) best = v;
  return Object.entries(values).filter(([, v]) => v === best).map(([id]) => id);
}

export const findIdWithMaxValue = crmTool({
  name: 'find_id_with_max_value',
  description: 'Returns the Ids with the largest value in values_by_id. Every Id tied for the largest is returned; an empty object gives an empty list.',
  input: ValuesById,
  domain: 'values',
  handler: ({ values_by_id }) => idsWith(values_by_id, (a, b) => a > b),
});

export const findIdWithMinValue = crmTool({
  name: 'find_id_with_min_value',
  description: 'Returns the Ids with the smallest value in values_by_id. Every Id tied for the smallest is returned; an empty object gives an empty list.',
  input: ValuesById,
  domain: 'values',
  handler: ({ values_by_id }) => idsWith(values_by_id, (a, b) => a < b),
});
