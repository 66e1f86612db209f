import { civilFromDays, daysFromCivil, weekdayOfDays } from './iso-dates.js';

/** A half-open range of UTC days, [start, end), counted from 1970-01-01. */
export interface DayRange {
  readonly start: number;
  readonly end: number;
}

type Resolver = (today: number, n: number) => DayRange;

const monthIndexOf = (days: number) => {
  const { year, month } = civilFromDays(days);
  return year * 12 + month - 1;
};
const monthStart = (index: number) => daysFromCivil(Math.floor(index / 12), (((index % 12) + 12) % 12) + 1, 1);
const months = (from: number, to: number): DayRange => ({ start: monthStart(from), end: monthStart(to) });
const quarterIndexOf = (days: number) => Math.floor(monthIndexOf(days) / 3);
const quarters = (from: number, to: number) => months(from * 3, to * 3);
const yearOf = (days: number) => civilFromDays(days).year;
const years = (from: number, to: number) => months(from * 12, to * 12);
/** Weeks start on Sunday, as in the en_US locale the org uses. */
const weekStart = (days: number) => days - weekdayOfDays(days);
const weeks = (today: number, from: number, to: number): DayRange => ({ start: weekStart(today) + 7 * from, end: weekStart(today) + 7 * to });
const days = (today: number, from: number, to: number): DayRange => ({ start: today + from, end: today + to });

const FIXED: Readonly<Record<string, Resolver>> = {
  YESTERDAY: (t) => days(t, -1, 0),
  TODAY: (t) => days(t, 0, 1),
  TOMORROW: (t) => days(t, 1, 2),
  LAST_WEEK: (t) => weeks(t, -1, 0),
  THIS_WEEK: (t) => weeks(t, 0, 1),
  NEXT_WEEK: (t) => weeks(t, 1, 2),
  LAST_MONTH: (t) => months(monthIndexOf(t) - 1, monthIndexOf(t)),
  THIS_MONTH: (t) => months(monthIndexOf(t), monthIndexOf(t) + 1),
  NEXT_MONTH: (t) => months(monthIndexOf(t) + 1, monthIndexOf(t) + 2),
  LAST_90_DAYS: (t) => days(t, -90, 1),
  NEXT_90_DAYS: (t) => days(t, 1, 91),
  LAST_QUARTER: (t) => quarters(quarterIndexOf(t) - 1, quarterIndexOf(t)),
  THIS_QUARTER: (t) => quarters(quarterIndexOf(t), quarterIndexOf(t) + 1),
  NEXT_QUARTER: (t) => quarters(quarterIndexOf(t) + 1, quarterIndexOf(t) + 2),
  LAST_YEAR: (t) => years(yearOf(t) - 1, yearOf(t)),
  THIS_YEAR: (t) => years(yearOf(t), yearOf(t) + 1),
  NEXT_YEAR: (t) => years(yearOf(t) + 1, yearOf(t) + 2),
};

const PARAMETRIC: Readonly<Record<string, Resolver>> = {
  LAST_N_DAYS: (t, n) => days(t, -n, 1),
  NEXT_N_DAYS: (t, n) => days(t, 1, n + 1),
  N_DAYS_AGO: (t, n) => days(t, -n, -n + 1),
  LAST_N_WEEKS: (t, n) => weeks(t, -n, 0),
  NEXT_N_WEEKS: (t, n) => weeks(t, 1, n + 1),
  N_WEEKS_AGO: (t, n) => weeks(t, -n, -n + 1),
  LAST_N_MONTHS: (t, n) => months(monthIndexOf(t) - n, monthIndexOf(t)),
  NEXT_N_MONTHS: (t, n) => months(monthIndexOf(t) + 1, monthIndexOf(t) + n + 1),
  N_MONTHS_AGO: (t, n) => months(monthIndexOf(t) - n, monthIndexOf(t) - n + 1),
  LAST_N_QUARTERS: (t, n) => quarters(quarterIndexOf(t) - n, quarterIndexOf(t)),
  NEXT_N_QUARTERS: (t, n) => quarters(quarterIndexOf(t) + 1, quarterIndexOf(t) + n + 1),
  N_QUARTERS_AGO: (t, n) => quarters(quarterIndexOf(t) - n, quarterIndexOf(t) - n + 1),
  LAST_N_YEARS: (t, n) => years(yearOf(t) - n, yearOf(t)),
  NEXT_N_YEARS: (t, n) => years(yearOf(t) + 1, yearOf(t) + n + 1),
  N_YEARS_AGO: (t, n) => years(yearOf(t) - n, yearOf(t) - n + 1),
};

/** The org's fiscal year is the calendar year, so fiscal literals are their calendar twins. */
function calendarTwin(name: string): string {
  return name.replace('_FISCAL_', '_');
}

export type RelativeDateArity = 'fixed' | 'parametric';

export function relativeDateArity(name: string): RelativeDateArity | null {
  const twin = calendarTwin(name);
  if (Object.hasOwn(FIXED, twin)) return 'fixed';
  if (Object.hasOwn(PARAMETRIC, twin)) return 'parametric';
  return null;
}

/** The day range a relative date literal names, given today as a day number. */
export function resolveRelativeDate(name: string, n: number | null, today: number): DayRange {
  const twin = calendarTwin(name);
  const resolver = n === null ? FIXED[twin] : PARAMETRIC[twin];
  if (resolver === undefined) throw new RangeError(`unknown date literal ${name}`);
  return resolver(today, n ?? 0);
}
