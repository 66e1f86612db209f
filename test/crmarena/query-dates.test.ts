import { describe, expect, it } from 'vitest';
import { runSoql, type OrgRecord } from '../../envs/crmarena/query/index.js';
import { column, errorOf } from './query-fixture.js';

/** Instants around Saturday 2024-06-15, named for where they sit. Weeks start on Sunday. */
const STAMPS: Record<string, string | null> = {
  t_start: '2024-06-15T00:00:00Z',
  t_end: '2024-06-15T23:59:59Z',
  y_start: '2024-06-14T00:00:00Z',
  y_end: '2024-06-14T23:59:59Z',
  tm: '2024-06-16T00:00:00Z',
  tm_end: '2024-06-16T23:59:59Z',
  d7: '2024-06-08T12:00:00Z',
  d6: '2024-06-09T00:00:00Z',
  lw_start: '2024-06-02T00:00:00Z',
  jun1: '2024-06-01T00:00:00Z',
  may31: '2024-05-31T23:59:59Z',
  may1: '2024-05-01T00:00:00Z',
  apr30: '2024-04-30T12:00:00Z',
  apr1: '2024-04-01T00:00:00Z',
  mar17: '2024-03-17T00:00:00Z',
  mar16: '2024-03-16T23:59:59Z',
  jan1: '2024-01-01T00:00:00Z',
  dec31: '2023-12-31T23:59:59Z',
  y2023: '2023-01-01T00:00:00Z',
  y2022: '2022-12-31T00:00:00Z',
  nd7: '2024-06-22T23:59:59Z',
  nd8: '2024-06-23T00:00:00Z',
  jul1: '2024-07-01T00:00:00Z',
  sep30: '2024-09-30T23:59:59Z',
  oct1: '2024-10-01T00:00:00Z',
  y2025: '2025-01-01T00:00:00Z',
  never: null,
};

const stamps: OrgRecord[] = Object.entries(STAMPS).map(([Id, At]) => ({ Id, At, Day: At === null ? null : At.slice(0, 10) }));
/** The same instants as Salesforce's REST API prints them; these are compared by parsing, not as canonical text. */
const restStamps: OrgRecord[] = stamps.map((r) => ({ ...r, At: typeof r['At'] === 'string' ? r['At'].replace('Z', '.000+0000') : null }));
const org = { today: '2024-06-15', tables: { Stamp: stamps, RestStamp: restStamps } };

const THIS_MONTH = ['jun1', 'lw_start', 'd7', 'd6', 'y_start', 'y_end', 't_start', 't_end', 'tm', 'tm_end', 'nd7', 'nd8'];
const THIS_QUARTER = ['apr1', 'apr30', 'may1', 'may31', ...THIS_MONTH];
const PAST_90 = ['mar17', 'apr1', 'apr30', 'may1', 'may31', 'jun1', 'lw_start', 'd7', 'd6', 'y_start', 'y_end', 't_start', 't_end'];

const EXPECTED: Record<string, string[]> = {
  TODAY: ['t_start', 't_end'],
  YESTERDAY: ['y_start', 'y_end'],
  TOMORROW: ['tm', 'tm_end'],
  THIS_WEEK: ['d6', 'y_start', 'y_end', 't_start', 't_end'],
  LAST_WEEK: ['lw_start', 'd7'],
  NEXT_WEEK: ['tm', 'tm_end', 'nd7'],
  THIS_MONTH,
  LAST_MONTH: ['may1', 'may31'],
  NEXT_MONTH: ['jul1'],
  THIS_QUARTER,
  LAST_QUARTER: ['jan1', 'mar16', 'mar17'],
  NEXT_QUARTER: ['jul1', 'sep30'],
  THIS_FISCAL_QUARTER: THIS_QUARTER,
  THIS_YEAR: ['jan1', 'mar16', 'mar17', ...THIS_QUARTER, 'jul1', 'sep30', 'oct1'],
  THIS_FISCAL_YEAR: ['jan1', 'mar16', 'mar17', ...THIS_QUARTER, 'jul1', 'sep30', 'oct1'],
  LAST_YEAR: ['dec31', 'y2023'],
  NEXT_YEAR: ['y2025'],
  LAST_90_DAYS: PAST_90,
  NEXT_90_DAYS: ['tm', 'tm_end', 'nd7', 'nd8', 'jul1'],
  'LAST_N_DAYS:7': ['d7', 'd6', 'y_start', 'y_end', 't_start', 't_end'],
  'LAST_N_DAYS:90': PAST_90,
  'LAST_N_DAYS:0': ['t_start', 't_end'],
  'NEXT_N_DAYS:7': ['tm', 'tm_end', 'nd7'],
  'N_DAYS_AGO:7': ['d7'],
  'LAST_N_WEEKS:2': ['may31', 'jun1', 'lw_start', 'd7'],
  'NEXT_N_WEEKS:1': ['tm', 'tm_end', 'nd7'],
  'LAST_N_MONTHS:2': ['apr1', 'apr30', 'may1', 'may31'],
  'NEXT_N_MONTHS:3': ['jul1', 'sep30'],
  'N_MONTHS_AGO:1': ['may1', 'may31'],
  'LAST_N_QUARTERS:2': ['dec31', 'jan1', 'mar16', 'mar17'],
  'NEXT_N_QUARTERS:1': ['jul1', 'sep30'],
  'N_QUARTERS_AGO:2': ['dec31'],
  'LAST_N_YEARS:2': ['y2022', 'y2023', 'dec31'],
  'NEXT_N_YEARS:1': ['y2025'],
  'N_YEARS_AGO:1': ['dec31', 'y2023'],
};

const inTableOrder = (names: readonly string[]) => Object.keys(STAMPS).filter((id) => names.includes(id));
const ids = (query: string) => column(runSoql(org, query));

describe('relative date literals against a fixed today (2024-06-15, a Saturday)', () => {
  for (const [literal, expected] of Object.entries(EXPECTED)) {
    it(`${literal} on a datetime and on a date field`, () => {
      expect(ids(`SELECT Id FROM Stamp WHERE At = ${literal}`)).toEqual(inTableOrder(expected));
      expect(ids(`SELECT Id FROM Stamp WHERE Day = ${literal}`)).toEqual(inTableOrder(expected));
      expect(ids(`SELECT Id FROM RestStamp WHERE At = ${literal}`)).toEqual(inTableOrder(expected));
    });
  }

  it('< means before the span starts, > after it ends, <= and >= include it, != keeps nulls', () => {
    const all = Object.keys(STAMPS).filter((id) => STAMPS[id] !== null);
    const before = all.filter((id) => (STAMPS[id] as string) < '2024-05-01');
    const after = all.filter((id) => (STAMPS[id] as string) >= '2024-06-01');
    for (const [table, field] of [['Stamp', 'At'], ['Stamp', 'Day'], ['RestStamp', 'At']]) {
      const where = (condition: string) => ids(`SELECT Id FROM ${table} WHERE ${field} ${condition}`);
      expect(where('< LAST_MONTH')).toEqual(before);
      expect(where('>= THIS_MONTH')).toEqual(after);
      expect(where('> LAST_MONTH')).toEqual(after);
      expect(where('<= LAST_MONTH')).toEqual(inTableOrder([...before, 'may1', 'may31']));
      expect(where('!= TODAY')).toEqual(Object.keys(STAMPS).filter((id) => !['t_start', 't_end'].includes(id)));
      expect(where('IN (YESTERDAY, TOMORROW)')).toEqual(['y_start', 'y_end', 'tm', 'tm_end']);
      expect(where('NOT IN (LAST_YEAR, THIS_YEAR, NEXT_YEAR)')).toEqual(['y2022', 'never']);
      expect(where('<= 2024-06-14')).toEqual(all.filter((id) => (STAMPS[id] as string) < '2024-06-15'));
      expect(where('> 2024-06-14')).toEqual(all.filter((id) => (STAMPS[id] as string) >= '2024-06-15'));
    }
    expect(ids('SELECT Id FROM RestStamp WHERE At <= 2024-06-16T00:00:00Z')).toEqual(all.filter((id) => (STAMPS[id] as string) <= '2024-06-16T00:00:00Z'));
    expect(ids('SELECT Id FROM RestStamp WHERE At > 2024-06-15T23:59:59Z ORDER BY At LIMIT 2')).toEqual(['tm', 'tm_end']);
    expect(ids('SELECT Id FROM Stamp WHERE At = LAST_N_YEARS:100000')).toEqual(inTableOrder([...EXPECTED['LAST_YEAR'] as string[], 'y2022']));
  });

  it('week literals start on Sunday even when today is Sunday', () => {
    const sunday = { today: '2024-06-16', tables: org.tables };
    expect(column(runSoql(sunday, 'SELECT Id FROM Stamp WHERE At = THIS_WEEK'))).toEqual(['tm', 'tm_end', 'nd7']);
    expect(column(runSoql(sunday, 'SELECT Id FROM Stamp WHERE At = LAST_WEEK'))).toEqual(['t_start', 't_end', 'y_start', 'y_end', 'd6']);
  });

  it('month arithmetic crosses year ends', () => {
    const january = { today: '2025-01-10', tables: org.tables };
    expect(column(runSoql(january, 'SELECT Id FROM Stamp WHERE At = LAST_N_MONTHS:6'))).toEqual(['jul1', 'sep30', 'oct1']);
    expect(column(runSoql(january, 'SELECT Id FROM Stamp WHERE At = LAST_N_MONTHS:4'))).toEqual(['sep30', 'oct1']);
    expect(column(runSoql(january, 'SELECT Id FROM Stamp WHERE At = LAST_QUARTER'))).toEqual(['oct1']);
    expect(column(runSoql(january, 'SELECT Id FROM Stamp WHERE At = THIS_MONTH'))).toEqual(['y2025']);
  });

  it('refuses malformed date literals and says how to write them', () => {
    expect(errorOf(runSoql(org, 'SELECT Id FROM Stamp WHERE At = LAST_N_DAYS'))).toMatch(/^MALFORMED_QUERY: date literal LAST_N_DAYS needs a count, e\.g\. LAST_N_DAYS:7 at position 33/);
    expect(errorOf(runSoql(org, 'SELECT Id FROM Stamp WHERE At = TODAY:3'))).toMatch(/^MALFORMED_QUERY: date literal TODAY takes no ':n' at position 38/);
    expect(errorOf(runSoql(org, 'SELECT Id FROM Stamp WHERE At = LAST_N_DAYS:x'))).toMatch(/^MALFORMED_QUERY: unexpected token 'x'; expected a whole number after LAST_N_DAYS: at position 45/);
    expect(errorOf(runSoql(org, 'SELECT Id FROM Stamp WHERE At = 2024-02-30'))).toMatch(/^MALFORMED_QUERY: '2024-02-30' is not a valid date at position 33/);
    expect(errorOf(runSoql(org, 'SELECT Id FROM Stamp WHERE At > 2024-02-03T10:00:00'))).toMatch(/^MALFORMED_QUERY: datetime literal '2024-02-03T10:00:00' has no time zone at position 33\. Write it as 2024-02-03T10:00:00Z/);
    expect(errorOf(runSoql(org, "SELECT Id FROM Stamp WHERE At > '2024-02-03'"))).toMatch(/^INVALID_FIELD: value of filter criterion for field 'At' must be of type dateTime and should not be enclosed in quotes at position 33/);
    expect(errorOf(runSoql(org, 'SELECT Id FROM Stamp WHERE Day = 5'))).toMatch(/^INVALID_FIELD: value of filter criterion for field 'Day' must be of type date, not number at position 34/);
  });
});
