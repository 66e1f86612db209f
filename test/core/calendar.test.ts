import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { civilFromDays, daysFromCivil, daysInMonth, dayNumberOf, isoDayOf, weekdayOfDays, DAY_MS } from '../../src/core/calendar.js';

describe('calendar arithmetic without a clock', () => {
  it('agrees with Date.UTC on every day from year 0 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: daysFromCivil(0, 1, 1), max: daysFromCivil(9999, 12, 31) }), (days) => {
        const date = new Date(days * DAY_MS);
        const civil = civilFromDays(days);
        expect([civil.year, civil.month, civil.day]).toEqual([date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()]);
        expect(daysFromCivil(civil.year, civil.month, civil.day)).toBe(days);
        expect(weekdayOfDays(days)).toBe(date.getUTCDay());
        expect(dayNumberOf(isoDayOf(days))).toBe(days);
        if (civil.year >= 1000) expect(isoDayOf(days)).toBe(date.toISOString().slice(0, 10));
      }),
      { numRuns: 2000 },
    );
  });

  it('knows month lengths, leap years included', () => {
    expect([daysInMonth(2024, 2), daysInMonth(2023, 2), daysInMonth(1900, 2), daysInMonth(2000, 2), daysInMonth(2024, 4), daysInMonth(2024, 12)]).toEqual([29, 28, 28, 29, 30, 31]);
    expect(isoDayOf(0)).toBe('1970-01-01');
  });
});
