import type { Condition } from './ast.js';
import { literalRange } from './comparison-compiler.js';
import { canonicalIsoAtOrAfter } from './iso-dates.js';
import type { TableRef } from './org-catalog.js';
import type { OrgRecord } from './types.js';

/**
 * A date or datetime field whose values are all canonical ISO texts (see IsoForm), in value order:
 * such texts sort as the instants they name. Built once per records array and field.
 */
export interface SortedIndex {
  /** Positions of the records holding a text, by (value, position). */
  readonly order: Int32Array;
  /** The value at each entry of `order`. */
  readonly values: readonly string[];
  /** Positions of the records without a value, ascending. */
  readonly nulls: Int32Array;
}

const indexes = new WeakMap<readonly OrgRecord[], Map<string, SortedIndex>>();

export function sortedIndex(records: readonly OrgRecord[], name: string): SortedIndex {
  let byField = indexes.get(records);
  if (byField === undefined) indexes.set(records, (byField = new Map()));
  let index = byField.get(name);
  if (index === undefined) {
    const present: number[] = [];
    const nulls: number[] = [];
    for (let i = 0; i < records.length; i++) (typeof (records[i] as OrgRecord)[name] === 'string' ? present : nulls).push(i);
    const valueAt = (i: number) => (records[i] as OrgRecord)[name] as string;
    present.sort((a, b) => {
      const va = valueAt(a);
      const vb = valueAt(b);
      return va < vb ? -1 : va > vb ? 1 : a - b;
    });
    index = { order: Int32Array.from(present), values: present.map(valueAt), nulls: Int32Array.from(nulls) };
    byField.set(name, index);
  }
  return index;
}

/** Entries [start, end) of a sorted index: the records whose value lies in a range. */
export interface Slice {
  readonly start: number;
  readonly end: number;
}

/** The first entry whose value is >= text. */
function lowerBound(values: readonly string[], text: string): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as string) < text) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The slice of the field's sorted index that the AND of `where` (or `where` itself) confines
 * the field to, from comparisons of the field with date literals (=, <, <=, >, >=); null when
 * none does. Exactly the records those comparisons accept, so nulls are never in it.
 */
export function dateSlice(table: TableRef, field: string, where: Condition | null, today: string): Slice | null {
  if (where === null) return null;
  const info = table.schema.field(field);
  if (info === undefined || info.isoForm === null) return null;
  const form = info.isoForm;
  let low = '';
  let high: string | null = null;
  let found = false;
  for (const item of where.kind === 'and' ? where.items : [where]) {
    if (item.kind !== 'compare' || item.op === '!=' || item.left.kind !== 'field' || item.left.path.length !== 1) continue;
    if (table.schema.field(item.left.path[0] as string) !== info) continue;
    const range = literalRange(item.right, today);
    if (range === null) continue;
    found = true;
    const start = canonicalIsoAtOrAfter(range.start, form);
    const end = canonicalIsoAtOrAfter(range.end, form);
    // The same bounds as the compiled comparison (compareIsoWithRange): v >= from and v < to.
    const [from, to] = item.op === '=' ? [start, end] : item.op === '<' ? ['', start] : item.op === '<=' ? ['', end] : item.op === '>' ? [end, null] : [start, null];
    if (from > low) low = from;
    if (to !== null && (high === null || to < high)) high = to;
  }
  if (!found) return null;
  const values = sortedIndex(table.records, info.name).values;
  const start = lowerBound(values, low);
  const end = high === null ? values.length : Math.max(start, lowerBound(values, high));
  return { start, end };
}

/** The positions of a slice, ascending. */
export function slicePositions(table: TableRef, field: string, slice: Slice): Int32Array {
  const info = table.schema.field(field);
  return sortedIndex(table.records, (info ?? { name: field }).name).order.slice(slice.start, slice.end).sort();
}

/**
 * The positions of the kept records among the first entries of an ORDER BY on the field, walked
 * in sort order (within `slice` when given; a slice never holds nulls) one group of equal values
 * at a time, stopping once `need` records are kept: every kept record of every group up to the
 * last one visited, so sorting these by the full ORDER BY gives the first `need` rows of sorting
 * all kept records. Unordered.
 */
export function firstInOrder(
  index: SortedIndex,
  slice: Slice | null,
  descending: boolean,
  nullsFirst: boolean,
  need: number,
  keep: (position: number) => boolean,
): number[] {
  const kept: number[] = [];
  if (need <= 0) return kept;
  const { order, values, nulls } = index;
  if (slice === null && nullsFirst) {
    keepAll(nulls, keep, kept);
    if (kept.length >= need) return kept;
  }
  const start = slice === null ? 0 : slice.start;
  const end = slice === null ? order.length : slice.end;
  for (let k = descending ? end - 1 : start; descending ? k >= start : k < end; ) {
    const value = values[k];
    let first = k;
    let last = k;
    if (descending) while (first > start && values[first - 1] === value) first--;
    else while (last + 1 < end && values[last + 1] === value) last++;
    for (let m = first; m <= last; m++) if (keep(order[m] as number)) kept.push(order[m] as number);
    if (kept.length >= need) return kept;
    k = descending ? first - 1 : last + 1;
  }
  if (slice === null && !nullsFirst) keepAll(nulls, keep, kept);
  return kept;
}

function keepAll(positions: Int32Array, keep: (position: number) => boolean, kept: number[]): void {
  for (let k = 0; k < positions.length; k++) if (keep(positions[k] as number)) kept.push(positions[k] as number);
}
