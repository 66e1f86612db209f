import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rngStream } from '../../src/index.js';
import { checksumOf, isSalesforceId, to18 } from '../../envs/crmarena/index.js';
import { IdMinter } from '../../envs/crmarena/org/ids.js';
import { addMonths, isoDateTime, isoDay, parseInstant, periodBounds, stepBack } from '../../envs/crmarena/org/dates.js';

const id15 = fc.stringMatching(/^[0-9A-Za-z]{15}$/);
const instant = fc.integer({ min: Date.UTC(1900, 0, 1) / 1000, max: Date.UTC(2200, 0, 1) / 1000 }).map((s) => s * 1000);

describe('Salesforce ids', () => {
  it('computes the case-safety suffix Salesforce uses', () => {
    expect(checksumOf('005Ws000001xSR9')).toBe('IAM');
    expect(to18('005Ws000001xSR9')).toBe('005Ws000001xSR9IAM');
    expect(to18('005Ws000001xSR9IAM')).toBe('005Ws000001xSR9IAM');
    expect(isSalesforceId('005Ws000001xSR9IAM')).toBe(true);
    expect(isSalesforceId('005Ws000001xSR9IAA')).toBe(false);
  });

  it('suffixes depend only on which characters are upper case', () => {
    fc.assert(
      fc.property(id15, (id) => {
        const flipped = id.replace(/[a-z]/g, (c) => (c === 'q' ? 'r' : 'q'));
        expect(checksumOf(flipped)).toBe(checksumOf(id));
        expect(isSalesforceId(to18(id))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('mints increasing, unique, valid ids per object', () => {
    const minter = new IdMinter('500', rngStream(3, 'ids'));
    const ids = Array.from({ length: 5000 }, () => minter.mint());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id.length === 18 && id.startsWith('500Ws0') && isSalesforceId(id))).toBe(true);
    const body = (id: string) => id.slice(6, 15);
    const order = (a: string, b: string) => {
      const digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
      for (let i = 0; i < 9; i++) if (a[i] !== b[i]) return digits.indexOf(a[i]!) - digits.indexOf(b[i]!);
      return 0;
    };
    for (let i = 1; i < ids.length; i++) expect(order(body(ids[i - 1]!), body(ids[i]!))).toBeLessThan(0);
  });
});

describe('dates', () => {
  it('formats and reads ISO 8601 UTC exactly as Date does', () => {
    fc.assert(
      fc.property(instant, (ms) => {
        const text = `${new Date(ms).toISOString().slice(0, 19)}Z`;
        expect(isoDateTime(ms)).toBe(text);
        expect(isoDay(ms)).toBe(text.slice(0, 10));
        expect(parseInstant(text)).toBe(ms);
        expect(parseInstant(`${text.slice(0, 19)}.000+0000`)).toBe(ms);
      }),
      { numRuns: 300 },
    );
    expect(parseInstant('2024-02-30T00:00:00Z')).toBeNull();
    expect(parseInstant('2024-13-01')).toBeNull();
    expect(parseInstant('2023-02-29')).toBeNull();
    expect(parseInstant('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseInstant('yesterday')).toBeNull();
  });

  it('steps months back like relativedelta, clamping to the month end', () => {
    expect(isoDateTime(addMonths(Date.UTC(2024, 4, 31, 10), -3))).toBe('2024-02-29T10:00:00Z');
    expect(isoDateTime(stepBack(Date.UTC(2024, 0, 15), 'quarter', 2))).toBe('2023-07-15T00:00:00Z');
    expect(isoDateTime(stepBack(Date.UTC(2024, 0, 15), 'week', 2))).toBe('2024-01-01T00:00:00Z');
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 48 }), (ms, n) => {
        const back = addMonths(ms, -n);
        const a = new Date(ms);
        const b = new Date(back);
        expect((a.getUTCFullYear() - b.getUTCFullYear()) * 12 + a.getUTCMonth() - b.getUTCMonth()).toBe(n);
        expect(b.getUTCDate()).toBeLessThanOrEqual(a.getUTCDate());
        const timeOfDay = (x: number) => ((x % 86_400_000) + 86_400_000) % 86_400_000;
        expect(timeOfDay(back)).toBe(timeOfDay(ms));
      }),
      { numRuns: 200 },
    );
  });

  it('bounds named periods with an exclusive end; Winter of Y starts on December 1 of Y', () => {
    expect(periodBounds('Winter', 2023)).toEqual({ start: Date.UTC(2023, 11, 1), end: Date.UTC(2024, 2, 1) });
    expect(periodBounds('Q4', 2023)).toEqual({ start: Date.UTC(2023, 9, 1), end: Date.UTC(2024, 0, 1) });
    expect(periodBounds('February', 2024)).toEqual({ start: Date.UTC(2024, 1, 1), end: Date.UTC(2024, 2, 1) });
    expect(periodBounds('Autumn', 2024)).toBeNull();
  });
});
