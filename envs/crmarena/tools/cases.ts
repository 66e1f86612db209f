import { z } from 'zod';
import { MONTH_NAMES, parseInstant } from '../org/dates.js';
import type { JsonValue } from '../../../src/core/json.js';
import { to18 } from '../org/ids.js';
import type { Org } from '../org/org.js';
import { closureMs } from './durations.js';
import { caseWith, crmTool, failure, idList, instantArg, isToolError } from './tool-kit.js';
import { caseColumn, valueMask } from './case-columns.js';
import { positionsIn } from './time-window.js';
import { caseViewList, isRun } from './case-list.js';
import { isSharedValue, knowListText } from '../../../src/core/shared-json.js';
import { noteOrigin, originOf } from '../../../src/core/list-origin.js';
import { caseNumbers, caseRowsOf, meanByGroup } from './case-rows.js';
import { caseIdSpace, recordOutput } from './recalled-output.js';
import { stateOf, withState, withStateRows, withStateTable, type WithState } from './with-state.js';

const MAX_FILTER_IDS = 20_000;

interface CaseFilters {
  start_date?: string | null | undefined;
  end_date?: string | null | undefined;
  agent_ids?: string[] | null | undefined;
  case_ids?: string[] | null | undefined;
  order_item_ids?: string[] | null | undefined;
  issue_ids?: string[] | null | undefined;
  statuses?: string[] | null | undefined;
}

const given = (list: readonly string[] | null | undefined): list is readonly string[] => Array.isArray(list) && list.length > 0;

/** A filter a row must pass besides the list that found it: the value numbers of a Case column it accepts. */
class ColumnFilter {
  constructor(
    readonly no: Int32Array,
    readonly mask: Uint8Array,
  ) {}
}

function columnFilter(org: Org, field: 'OwnerId' | 'OrderItemId__c' | 'IssueId__c' | 'Status', values: readonly string[], ids: boolean): ColumnFilter {
  const column = caseColumn(org, field);
  return new ColumnFilter(column.no, valueMask(column, values, ids));
}

/** The filters a row must pass besides the list that found it (null: not given, or the finding list). */
class RowFilter {
  readonly dateOnly: boolean;
  constructor(
    readonly created: Float64Array,
    readonly start: number,
    readonly end: number,
    readonly owners: ColumnFilter | null,
    readonly items: ColumnFilter | null,
    readonly issues: ColumnFilter | null,
    readonly statuses: ColumnFilter | null,
  ) {
    this.dateOnly = owners === null && items === null && issues === null && statuses === null;
  }

  keeps(row: number): boolean {
    const at = this.created[row]!;
    if (at < this.start || at >= this.end) return false;
    if (this.dateOnly) return true;
    return passes(this.owners, row) && passes(this.items, row) && passes(this.issues, row) && passes(this.statuses, row);
  }
}

function passes(filter: ColumnFilter | null, row: number): boolean {
  return filter === null || filter.mask[filter.no[row]!] === 1;
}

/** Rows sorted ascending with repeats dropped (a list may name the same id twice). */
function ascendingDistinct(found: readonly number[]): number[] {
  const sorted = new Int32Array(found.length);
  for (let i = 0; i < found.length; i++) sorted[i] = found[i]!;
  sorted.sort();
  const out: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) out.push(sorted[i]!);
  return out;
}

/**
 * Case rows matching every given filter, in creation order (ascending), each once. The rows are
 * found through the first given of case_ids, order_item_ids, agent_ids, issue_ids (each id read
 * once, no set of it built: a row found through an id has that id), else the date range; the
 * other filters are checked on each row found.
 */
function matchingRows(org: Org, f: CaseFilters): number[] | ReturnType<typeof failure> {
  const { index } = org;
  let start = -Infinity;
  let end = Infinity;
  if (f.start_date) {
    const ms = instantArg(f.start_date, 'start_date');
    if (isToolError(ms)) return ms;
    start = ms;
  }
  if (f.end_date) {
    const ms = instantArg(f.end_date, 'end_date');
    if (isToolError(ms)) return ms;
    end = ms;
  }
  const lists = [f.agent_ids, f.case_ids, f.order_item_ids, f.issue_ids, f.statuses];
  if (!f.start_date && !f.end_date && !lists.some(given)) return failure('give at least one filter (a date, agent_ids, case_ids, order_item_ids, issue_ids or statuses)');
  if (lists.some((l) => (l?.length ?? 0) > MAX_FILTER_IDS)) return failure(`a filter list may hold at most ${MAX_FILTER_IDS} values`);
  const byCase = given(f.case_ids) ? f.case_ids : null;
  const byItem = byCase === null && given(f.order_item_ids) ? f.order_item_ids : null;
  const byOwner = byCase === null && byItem === null && given(f.agent_ids) ? f.agent_ids : null;
  const byIssue = byCase === null && byItem === null && byOwner === null && given(f.issue_ids) ? f.issue_ids : null;
  const filter = new RowFilter(
    index.caseCreated,
    start,
    end,
    byOwner === null && given(f.agent_ids) ? columnFilter(org, 'OwnerId', f.agent_ids, true) : null,
    byItem === null && given(f.order_item_ids) ? columnFilter(org, 'OrderItemId__c', f.order_item_ids, true) : null,
    byIssue === null && given(f.issue_ids) ? columnFilter(org, 'IssueId__c', f.issue_ids, true) : null,
    given(f.statuses) ? columnFilter(org, 'Status', f.statuses, false) : null,
  );
  const found: number[] = [];
  if (byCase !== null) {
    const origin = originOf(byCase);
    if (origin !== undefined && origin.space === caseIdSpace(org)) return keptRows(origin.rows, filter);
    for (let i = 0; i < byCase.length; i++) {
      const row = index.caseRow.get(to18(byCase[i]!));
      if (row !== undefined && filter.keeps(row)) found.push(row);
    }
    return ascendingDistinct(found);
  }
  const ids = byItem ?? byOwner ?? byIssue;
  if (ids === null) {
    const [from, to] = positionsIn(index.caseCreated, { start, end });
    const all = filter.dateOnly;
    for (let row = from; row < to; row++) if (all || filter.keeps(row)) found.push(row);
    return found;
  }
  const byKey = byItem !== null ? index.casesByOrderItem : byOwner !== null ? index.casesByOwner : index.casesByIssue;
  const ranged = start !== -Infinity || end !== Infinity;
  const [from, to] = ranged ? positionsIn(index.caseCreated, { start, end }) : [0, 0];
  const field = byItem !== null ? 'OrderItemId__c' : byOwner !== null ? 'OwnerId' : 'IssueId__c';
  // A date range holding fewer rows than the ids name (a quarter against every case of 60 agents) is scanned instead.
  if (isSharedValue(ids)) {
    // A list a tool handed out (a product's order items, passed back verbatim): its rows are found once per (list, index).
    const rows = sharedListRows(ids, byKey);
    if (ranged && to - from < rows.length) return scanned(columnFilter(org, field, ids, true), filter, from, to);
    for (let i = 0; i < rows.length; i++) if (filter.keeps(rows[i]!)) found.push(rows[i]!);
    return found;
  }
  // Each id looked up once: the rows it names are kept while they are counted against the range.
  const limit = ranged ? to - from : Infinity;
  const named: (readonly number[])[] = [];
  let count = 0;
  for (let i = 0; i < ids.length; i++) {
    const rows = byKey.get(to18(ids[i]!));
    if (rows === undefined) continue;
    if ((count += rows.length) > limit) return scanned(columnFilter(org, field, ids, true), filter, from, to);
    named.push(rows);
  }
  for (let i = 0; i < named.length; i++) {
    const rows = named[i]!;
    for (let j = 0; j < rows.length; j++) if (filter.keeps(rows[j]!)) found.push(rows[j]!);
  }
  return ascendingDistinct(found);
}

/** The rows from..to-1 the finder's ids name that the filter keeps: ascending without a sort, the ids read as a column mask. */
function scanned(finder: ColumnFilter, filter: RowFilter, from: number, to: number): number[] {
  const found: number[] = [];
  for (let row = from; row < to; row++) if (passes(finder, row) && filter.keeps(row)) found.push(row);
  return found;
}

/** The rows a filter keeps of the given rows, ascending and distinct. */
function keptRows(rows: Int32Array, filter: RowFilter): number[] {
  const found: number[] = [];
  let ascending = true;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (!filter.keeps(row)) continue;
    if (found.length > 0 && row <= found[found.length - 1]!) ascending = false;
    found.push(row);
  }
  return ascending ? found : ascendingDistinct(found);
}

/** The rows of the cases of a shared id list through an index of an org, ascending and distinct, found once per (list, index). */
const sharedRows = new WeakMap<object, WeakMap<object, Int32Array>>();

function sharedListRows(ids: readonly string[], byKey: ReadonlyMap<string, readonly number[]>): Int32Array {
  let byIndex = sharedRows.get(ids);
  if (byIndex === undefined) sharedRows.set(ids, (byIndex = new WeakMap()));
  let rows = byIndex.get(byKey);
  if (rows === undefined) {
    const found: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      const hits = byKey.get(to18(ids[i]!));
      if (hits !== undefined) for (let j = 0; j < hits.length; j++) found.push(hits[j]!);
    }
    rows = Int32Array.from(ascendingDistinct(found));
    byIndex.set(byKey, rows);
  }
  return rows;
}

export const getCases = crmTool({
  name: 'get_cases',
  description:
    'Returns the cases (Id, OwnerId, CreatedDate, ClosedDate, AccountId) created in [start_date, end_date) that match every filter given. At least one filter is required. OwnerId is the current owner; ClosedDate is null while a case is open.',
  input: z.object({
    start_date: z.string().nullish().describe('only cases created at or after this date-time (YYYY-MM-DDTHH:MM:SSZ)'),
    end_date: z.string().nullish().describe('only cases created before this date-time (exclusive)'),
    agent_ids: idList('only cases owned by these agents (User Ids)'),
    case_ids: idList('only these cases'),
    order_item_ids: idList('only cases about these order items'),
    issue_ids: idList('only cases with these issues (Issue__c Ids)'),
    statuses: idList('only cases in these statuses (New, Working, Escalated, Closed)'),
  }),
  domain: 'cases',
  handler: (filters, { world }) => {
    const rows = matchingRows(world, filters);
    if (isToolError(rows)) return rows;
    return caseViewList(world, rows);
  },
});

/** The case with its account's ShippingState added, shared per org for a shared (frozen) case record. */
const sharedWithState = new WeakMap<Org, WeakMap<object, WithState>>();

function sharedFor(org: Org): WeakMap<object, WithState> {
  let known = sharedWithState.get(org);
  if (known === undefined) sharedWithState.set(org, (known = new WeakMap()));
  return known;
}

/** Lists shorter than this are left to jsonText as they are (it stringifies them whole, and remembers none). */
const KNOWN_TEXT_MIN_ITEMS = 8;

export const getShippingState = crmTool({
  name: 'get_shipping_state',
  description: "Returns the given cases, each with the ShippingState of its account added (null when the account is unknown).",
  input: z.object({ cases: z.array(caseWith({ AccountId: z.string().describe('the account of the case') })).describe('case records with AccountId') }),
  domain: 'cases',
  handler: ({ cases }, { world }) => {
    const rows = caseRowsOf(world, cases);
    if (rows !== null && originOf(cases)!.space === world.index.caseViews) return withStateOfRows(world, cases, rows);
    const out = new Array<JsonValue>(cases.length);
    const parts = new Array<string>(cases.length);
    let known: WeakMap<object, WithState> | null = null;
    let texts = cases.length >= KNOWN_TEXT_MIN_ITEMS;
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i]!;
      if (!Object.isFrozen(c)) {
        out[i] = { ...c, ShippingState: stateOf(world, c) } as JsonValue;
        texts = false;
        continue;
      }
      known ??= sharedFor(world);
      let shared = known.get(c);
      if (shared === undefined) known.set(c, (shared = withState(world, c)));
      out[i] = shared.record;
      if (shared.text === null) texts = false;
      else parts[i] = shared.text;
    }
    // Each shared record's text is the one jsonText would look up: told here, it joins them without a look-up per record.
    if (texts) knowListText(out as object[], parts);
    return out;
  },
});

/**
 * get_shipping_state for validated copies of the org's case views, by row: each row's record is
 * made once (from the first validated copy met: every copy holds the same values in the same key
 * order, zod's) and kept in the org's with-state space, which the output names as its origin.
 */
function withStateOfRows(org: Org, cases: readonly { AccountId: string }[], rows: Int32Array): JsonValue[] {
  const { records, texts } = withStateRows(org);
  const n = rows.length;
  if (n >= KNOWN_TEXT_MIN_ITEMS && isRun(rows)) {
    const table = withStateTable(org, () => {
      const all = getShippingState.input.safeParse({ cases: org.index.caseViews });
      return all.success ? all.data.cases : null;
    });
    if (table !== null) {
      const out = records.slice(rows[0]!, rows[0]! + n) as JsonValue[];
      noteOrigin(out, { space: records, rows });
      table.tell(out as object[], rows[0]!, n);
      return out;
    }
  }
  const out = new Array<JsonValue>(cases.length);
  const parts = new Array<string>(cases.length);
  let known = cases.length >= KNOWN_TEXT_MIN_ITEMS;
  for (let i = 0; i < cases.length; i++) {
    const row = rows[i]!;
    let record = records[row];
    if (record === undefined) {
      const made = withState(org, cases[i]!);
      records[row] = record = made.record;
      texts[row] = made.text;
    }
    out[i] = record;
    const text = texts[row]!;
    if (text === null) known = false;
    else parts[i] = text;
  }
  noteOrigin(out, { space: records, rows });
  if (known) knowListText(out as object[], parts);
  return out;
}

export const calculateRegionAverageClosureTimes = crmTool({
  name: 'calculate_region_average_closure_times',
  description:
    'Calculates the mean closure time in seconds (ClosedDate minus CreatedDate) of the given cases for each ShippingState. Cases without a ShippingState or without a ClosedDate are left out. Returns {state: seconds}.',
  input: z.object({
    cases: z
      .array(
        caseWith({
          ShippingState: z.string().nullable().describe("the account's two-letter shipping state"),
          CreatedDate: z.string(),
          ClosedDate: z.string().nullable(),
        }),
      )
      .describe('cases with ShippingState (see get_shipping_state), CreatedDate and ClosedDate'),
  }),
  domain: 'cases',
  handler: ({ cases }, { world }) => {
    if (cases.length === 0) return failure('cases is empty');
    const rows = caseRowsOf(world, cases);
    if (rows !== null) {
      const numbers = caseNumbers(world);
      const means = meanByGroup(rows, numbers.state, numbers.states, numbers.closureMs, 1000);
      if (means !== null) return recordOutput(means.record, means.text, means.columns);
    }
    const sums = new Map<string, { total: number; n: number }>();
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i]!;
      if (!c.ShippingState) continue;
      const ms = closureMs(c, i);
      if (isToolError(ms)) return ms;
      if (ms === null) continue;
      const s = sums.get(c.ShippingState) ?? { total: 0, n: 0 };
      s.total += ms / 1000;
      s.n++;
      sums.set(c.ShippingState, s);
    }
    return recordOutput(Object.fromEntries([...sums].map(([state, s]) => [state, s.total / s.n])));
  },
});

/** get_month_to_case_count by row; null when a row's CreatedDate is unreadable (the plain path words the failure). */
function monthCountsOf(rows: Int32Array, createdMonth: Int8Array): Record<string, number> | null {
  const counts = new Int32Array(12);
  for (let i = 0; i < rows.length; i++) {
    const month = createdMonth[rows[i]!]!;
    if (month < 0) return null;
    counts[month]!++;
  }
  const out: Record<string, number> = {};
  for (let m = 0; m < 12; m++) if (counts[m]! > 0) out[MONTH_NAMES[m]!] = counts[m]!;
  return out;
}

export const getMonthToCaseCount = crmTool({
  name: 'get_month_to_case_count',
  description: 'Counts the given cases by the calendar month of their CreatedDate (the same month name in different years counts together). Returns {"January": n, ...} for months with at least one case.',
  input: z.object({ cases: z.array(caseWith({ CreatedDate: z.string().describe('when the case was created') })).describe('case records with CreatedDate') }),
  domain: 'cases',
  handler: ({ cases }, { world }) => {
    const rows = caseRowsOf(world, cases);
    if (rows !== null) {
      const counts = monthCountsOf(rows, caseNumbers(world).createdMonth);
      if (counts !== null) return counts;
    }
    const counts = new Array<number>(12).fill(0);
    for (let i = 0; i < cases.length; i++) {
      const ms = parseInstant(cases[i]!.CreatedDate);
      if (ms === null) return failure(`the case at index ${i} has an unreadable CreatedDate`);
      counts[new Date(ms).getUTCMonth()]!++;
    }
    return Object.fromEntries(MONTH_NAMES.flatMap((name, m) => (counts[m]! > 0 ? [[name, counts[m]!]] : [])));
  },
});
