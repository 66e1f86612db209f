/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`), proleptic Gregorian, independent of the wall
 * clock and of time zones, on the day numbers of src/core/calendar.ts: no Date objects on hot paths.
 */
import { dayNumberOf, isoDayOf, weekdayOfDays } from '../../src/core/calendar.js';

/** Days since 1970-01-01 of an ISO date (its first ten characters). */
export function toDayNumber(iso: string): number {
  return dayNumberOf(iso);
}

export function addDays(iso: string, days: number): string {
  return isoDayOf(toDayNumber(iso) + days);
}

/** Whole days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: string, b: string): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** A calendar day from a year, month and day of month (callers keep the day within the month). */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** Completed years between a birth date and a day. */
export function ageOn(birth: string, day: string): number {
  let age = Number(day.slice(0, 4)) - Number(birth.slice(0, 4));
  if (day.slice(5, 10) < birth.slice(5, 10)) age--;
  return age;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export function weekday(iso: string): (typeof WEEKDAYS)[number] {
  return WEEKDAYS[weekdayOfDays(toDayNumber(iso))]!;
}

/** The date as `{year, month, day}` numbers. */
export function dateParts(iso: string): { year: number; month: number; day: number } {
  return { year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) };
}

/** A real calendar day written as YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && addDays(text, 0) === text;
}
