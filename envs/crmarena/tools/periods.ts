import { z } from 'zod';
import { isoDateTime, PERIOD_NAMES, periodBounds, STEP_UNITS, stepBack } from '../org/dates.js';
import { crmTool, dateTimeString, failure, instantArg, isToolError } from './tool-kit.js';

export const getStartDate = crmTool({
  name: 'get_start_date',
  description: 'Returns the date-time that lies interval_count periods (days, weeks, months or quarters of three months) before end_date, as YYYY-MM-DDTHH:MM:SSZ. Months are calendar months; a day that does not exist in the target month becomes its last day.',
  input: z.object({
    end_date: dateTimeString('the end of the time window'),
    period: z.enum(STEP_UNITS).describe('the unit to step back by'),
    interval_count: z.number().int().describe('how many units to step back (0 or more)'),
  }),
  domain: 'time',
  handler: ({ end_date, period, interval_count }) => {
    const end = instantArg(end_date, 'end_date');
    if (isToolError(end)) return end;
    if (interval_count < 0) return failure('interval_count must not be negative');
    if (interval_count > 10_000) return failure('interval_count is too large');
    return isoDateTime(stepBack(end, period, interval_count));
  },
});

export const getPeriod = crmTool({
  name: 'get_period',
  description:
    'Returns {start_date, end_date} of a named period of a year: a month (January..December), a quarter (Q1..Q4) or a season (Spring = March-May, Summer = June-August, Fall = September-November, Winter = December of that year to February of the next). end_date is the first instant after the period (exclusive).',
  input: z.object({
    period_name: z.enum(PERIOD_NAMES).describe('a month name, Q1-Q4, Spring, Summer, Fall or Winter'),
    year: z.number().int().describe('the year the period starts in'),
  }),
  domain: 'time',
  handler: ({ period_name, year }) => {
    if (year < 1 || year > 9998) return failure('year must be between 1 and 9998');
    const bounds = periodBounds(period_name, year)!;
    return { start_date: isoDateTime(bounds.start), end_date: isoDateTime(bounds.end) };
  },
});
