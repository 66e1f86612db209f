import { z } from 'zod';
import { crmTool } from './tool-kit.js';
import { readColumns } from '../../../src/core/number-record.js';

const ValuesById = z.object({ values_by_id: z.record(z.string(), z.number()).describe('{Id: number}') });

/**
 * The ids whose value no other beats, in key order: `Object.entries(values)` filtered for the best
 * of `Object.values(values)`, read as columns (see readColumns: no pair per entry).
 */
function idsWith(values: Record<string, number>, better: (a: number, b: number) => boolean): string[] {
  const { keys, values: numbers } = readColumns(values);
  let best: number | null = null;
  for (let i = 0; i < numbers.length; i++) if (best === null || better(numbers[i]!, best)) best = numbers[i]!;
  const out: string[] = [];
  for (let i = 0; i < numbers.length; i++) if (numbers[i] === best) out.push(keys[i]!);
  return out;
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
