import { civilFromDays, DAY_MS, isoDayOf } from '../../../src/core/calendar.js';
import { flat } from './flat-string.js';

/** Time in the org: epoch milliseconds inside, ISO 8601 UTC text outside. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = DAY_MS;

export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
export type MonthName = (typeof MONTH_NAMES)[number];
export const QUARTER_NAMES = ['Q1', 'Q2', 'Q3', 'Q4'] as const;
/** Seasons and the month (0-based) each starts in; Winter of year Y starts on December 1 of Y. */
export const SEASON_START: Readonly<Record<string, number>> = { Spring: 2, Summer: 5, Fall: 8, Winter: 11 };
export const PERIOD_NAMES = [...MONTH_NAMES, ...QUARTER_NAMES, 'Spring', 'Summer', 'Fall', 'Winter'] as const;
export type PeriodName = (typeof PERIOD_NAMES)[number];

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}


/** `YYYY-MM-DD`. */
export function isoDay(ms: number): string {
  return isoDayOf(Math.floor(ms / DAY));
}

/** `YYYY-MM-DDTHH:MM:SSZ`. */
export function isoDateTime(ms: number): string {
  const days = Math.floor(ms / DAY);
  const rest = Math.floor((ms - days * DAY) / 1000);
  return flat(`${isoDay(ms)}T${pad2(Math.floor(rest / 3600))}:${pad2(Math.floor(rest / 60) % 60)}:${pad2(rest % 60)}Z`);
}

function digits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]00:?00)?)?$/;

/**
 * Reads a UTC date or date-time: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SSZ`, with optional fractions
 * and a `+0000` offset as Salesforce writes them. Null when it is not one or the date does not exist.
 */
export function parseInstant(text: string): number | null {
  if (text.length === 20 && text.charCodeAt(10) === 84 && text.charCodeAt(19) === 90) {
    const fast = canonical(text);
    if (fast !== null) return fast;
  }
  const m = DATE_TIME.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h = '0', mi = '0', s = '0'] = [m[1]!, m[2]!, m[3]!, m[4], m[5], m[6]];
  const year = Number(y);
  const month = Number(mo) - 1;
  const day = Number(d);
  const ms = Date.UTC(year, month, day, Number(h), Number(mi), Number(s));
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month || back.getUTCDate() !== day) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  return ms;
}

/** `YYYY-MM-DDTHH:MM:SSZ` read without a regex: the org's own format, read on every hot path. */
function canonical(text: string): number | null {
  const y = digits(text, 0, 4);
  const mo = digits(text, 5, 2);
  const d = digits(text, 8, 2);
  const h = digits(text, 11, 2);
  const mi = digits(text, 14, 2);
  const s = digits(text, 17, 2);
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return null;
  if (text[4] !== '-' || text[7] !== '-' || text[13] !== ':' || text[16] !== ':') return null;
  const dayMs = Date.UTC(y, mo - 1, d);
  if (d > 28 && civilFromDays(Math.floor(dayMs / DAY)).day !== d) return null;
  return dayMs + h * HOUR + mi * MINUTE + s * 1000;
}

/** Moves by whole months, keeping the time of day and clamping the day to the target month's length. */
export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
}

export function monthOf(ms: number): number {
  return new Date(ms).getUTCMonth();
}

export function yearOf(ms: number): number {
  return new Date(ms).getUTCFullYear();
}

export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

/** The first instant of a named period of a year and the first instant after it (end exclusive). */
export function periodBounds(name: string, year: number): { start: number; end: number } | null {
  const month = MONTH_NAMES.indexOf(name as MonthName);
  if (month !== -1) return { start: Date.UTC(year, month, 1), end: Date.UTC(year, month + 1, 1) };
  const quarter = QUARTER_NAMES.indexOf(name as (typeof QUARTER_NAMES)[number]);
  if (quarter !== -1) return { start: Date.UTC(year, quarter * 3, 1), end: Date.UTC(year, quarter * 3 + 3, 1) };
  const season = SEASON_START[name];
  if (season !== undefined) return { start: Date.UTC(year, season, 1), end: Date.UTC(year, season + 3, 1) };
  return null;
}

/** The step units of `get_start_date`, and how to step back `count` of them. */
export const STEP_UNITS = ['day', 'week', 'month', 'quarter'] as const;
export type StepUnit = (typeof STEP_UNITS)[number];

export function stepBack(ms: number, unit: StepUnit, count: number): number {
  switch (unit) {
    case 'day':
      return ms - count * DAY;
    case 'week':
      return ms - count * 7 * DAY;
    case 'month':
      return addMonths(ms, -count);
    case 'quarter':
      return addMonths(ms, -3 * count);
  }
}

/** Index of the first element >= value in an ascending array. */
export function lowerBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
