import { z } from 'zod';
import type { JsonValue } from '../../../src/core/json.js';
import type { Placeholder } from '../../../src/tasks/template.js';
import { ref, type ArgSource } from '../../../src/tasks/refs.js';
import { MONTH_NAMES, periodBounds, QUARTER_NAMES, yearOf } from '../org/dates.js';
import type { Org } from '../org/org.js';
import { perOrg } from './task-kit.js';

export type PeriodKind = 'month' | 'quarter' | 'season';

const NAMES: Readonly<Record<PeriodKind, readonly string[]>> = {
  month: MONTH_NAMES,
  quarter: QUARTER_NAMES,
  season: ['Spring', 'Summer', 'Fall', 'Winter'],
};

export interface NamedPeriod {
  readonly period_name: string;
  readonly year: number;
}

/** Named periods of each kind that lie wholly inside the org's history. */
const periodsOf = perOrg((org: Org) => {
  const out: Record<PeriodKind, NamedPeriod[]> = { month: [], quarter: [], season: [] };
  for (const kind of Object.keys(NAMES) as PeriodKind[]) {
    for (let year = yearOf(org.windowStartMs) - 1; year <= yearOf(org.todayMs); year++) {
      for (const name of NAMES[kind]) {
        const b = periodBounds(name, year)!;
        if (b.start >= org.windowStartMs && b.end <= org.todayMs) out[kind].push({ period_name: name, year });
      }
    }
  }
  return out;
});

export function isMonth(value: unknown): boolean {
  return (MONTH_NAMES as readonly string[]).includes((value as NamedPeriod).period_name);
}

export const NamedPeriodSchema = z.object({ period_name: z.string(), year: z.number().int() });

/**
 * A named period placeholder: a month, quarter or season (of the allowed kinds) inside the org's
 * history, written "Q3 2024". The kind is drawn first, so each kind is equally likely.
 */
export function namedPeriodPlaceholder(kinds: readonly PeriodKind[]): Placeholder<Org> {
  return {
    schema: NamedPeriodSchema,
    description: 'a month, quarter or season of a year',
    sample: ({ world, rng }) => {
      const periods = periodsOf(world);
      const kind = rng.pick(kinds.filter((k) => periods[k].length > 0));
      const chosen = rng.pick(periods[kind]);
      return { period_name: chosen.period_name, year: chosen.year };
    },
    format: (value) => {
      const p = value as unknown as NamedPeriod;
      return `${p.period_name} ${p.year}`;
    },
  };
}

/** The arguments of get_period for a named period placeholder. */
export function periodArgs(placeholder: string): Record<string, ArgSource> {
  const field = (key: keyof NamedPeriod) => ref.compute(({ values }) => (values[placeholder] as Record<string, JsonValue>)[key]!);
  return { period_name: field('period_name'), year: field('year') };
}

/** The parameters that pin a named period down: its name and year, and the window get_period gave for it. */
export function namedPeriodParams(values: Readonly<Record<string, JsonValue>>, outputs: Readonly<Record<string, JsonValue>>): { period_name: string; year: number; start_date: string; end_date: string } {
  const period = values['period'] as unknown as NamedPeriod;
  const window = outputs['period'] as { start_date: string; end_date: string };
  return { period_name: period.period_name, year: period.year, start_date: window.start_date, end_date: window.end_date };
}

/** How a "past N" window is drawn: a unit and the counts allowed for it. */
export type WindowChoices = Partial<Record<'day' | 'week' | 'month' | 'quarter', readonly number[]>>;

export const WindowSchema = z.object({ period: z.enum(['day', 'week', 'month', 'quarter']), interval_count: z.number().int().min(1) });
export interface PastWindow {
  readonly period: 'day' | 'week' | 'month' | 'quarter';
  readonly interval_count: number;
}

/** A "past N units" placeholder, written "3 months" / "1 quarter". */
export function pastWindowPlaceholder(choices: WindowChoices): Placeholder<Org> {
  const units = Object.keys(choices) as PastWindow['period'][];
  return {
    schema: WindowSchema,
    description: 'how far back from today the window reaches',
    sample: ({ rng }) => {
      const period = rng.pick(units);
      return { period, interval_count: rng.pick(choices[period]!) };
    },
    format: (value) => {
      const w = value as unknown as PastWindow;
      return `${w.interval_count} ${w.period}${w.interval_count === 1 ? '' : 's'}`;
    },
  };
}

/** The period and interval_count arguments of get_start_date for a window placeholder. */
export function windowArgs(placeholder: string): Record<string, ArgSource> {
  const field = (key: keyof PastWindow) => ref.compute(({ values }) => (values[placeholder] as Record<string, JsonValue>)[key]!);
  return { period: field('period'), interval_count: field('interval_count') };
}
