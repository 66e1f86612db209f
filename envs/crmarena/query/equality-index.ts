import type { Condition, Literal, SelectQuery } from './ast.js';
import type { TableRef } from './org-catalog.js';
import type { FieldValue, OrgRecord } from './types.js';

/**
 * Positions of a table's records by the lower-case text of one field, built on first use per
 * records array and field (tables are immutable once queried, see QueryableOrg).
 */
const indexes = new WeakMap<readonly OrgRecord[], Map<string, FieldIndex>>();

interface FieldIndex {
  /** Positions by the lower-case text. */
  readonly byLower: ReadonlyMap<string, readonly number[]>;
  /** The same buckets by each text as the records spell it. */
  readonly byValue: ReadonlyMap<string, readonly number[]>;
  /**
   * Semi-joins: each record of another table (per field of it) to the bucket its text reads here,
   * filled as records are asked for; tables never change, so neither does a record's bucket.
   */
  readonly joined: Map<string, WeakMap<OrgRecord, readonly number[]>>;
  /** The same by the position of the record in its table (an array per table and field of it). */
  readonly joinedAt: WeakMap<readonly OrgRecord[], Map<string, (readonly number[] | undefined)[]>>;
}

export function fieldIndex(records: readonly OrgRecord[], name: string): FieldIndex {
  let byField = indexes.get(records);
  if (byField === undefined) indexes.set(records, (byField = new Map()));
  let index = byField.get(name);
  if (index === undefined) {
    const byLower = new Map<string, number[]>();
    const byValue = new Map<string, number[]>();
    for (let i = 0; i < records.length; i++) {
      const value = (records[i] as OrgRecord)[name];
      if (typeof value !== 'string') continue;
      const key = value.toLowerCase();
      let positions = byLower.get(key);
      if (positions === undefined) byLower.set(key, (positions = []));
      positions.push(i);
      byValue.set(value, positions);
    }
    byField.set(name, (index = { byLower, byValue, joined: new Map(), joinedAt: new WeakMap() }));
  }
  return index;
}

/** The texts a condition on one field of the table itself equals (`F = 'x'`, `F IN ('x', 'y')`, `F IN (SELECT ...)`), or null. */
function equalityTexts(condition: Condition, subqueries: SubqueryAnswers | null): { field: string; texts: string[] } | null {
  let texts: string[];
  if (condition.kind === 'compare' && condition.op === '=') {
    const literal = condition.right;
    if (literal.kind !== 'string') return null;
    texts = [literal.value];
  } else if (condition.kind === 'in' && !condition.negated) {
    texts = stringLiterals(condition.values);
    if (texts.length !== condition.values.length) return null;
  } else if (condition.kind === 'inQuery' && !condition.negated && subqueries !== null) {
    texts = [];
    // Nulls never match IN; any other non-text value could match a non-text field value, which no index holds.
    for (const value of subqueries.subqueryValues(condition.query)()) {
      if (typeof value === 'string') texts.push(value);
      else if (value !== null) return null;
    }
  } else return null;
  const left = condition.left;
  if (left.kind !== 'field' || left.path.length !== 1) return null;
  return { field: left.path[0] as string, texts };
}

function stringLiterals(literals: readonly Literal[]): string[] {
  const texts: string[] = [];
  for (const literal of literals) if (literal.kind === 'string') texts.push(literal.value);
  return texts;
}

/** Ascending record positions. */
export type Positions = ArrayLike<number>;

/** Where a WHERE's sub-queries are answered (memoised): the values each selects, and its records when it selects a plain field. */
export interface SubqueryAnswers {
  subqueryValues(query: SelectQuery): () => readonly FieldValue[];
  subqueryRows(query: SelectQuery): SemiJoinRows | null;
}

/**
 * The records a semi-join sub-query selects, and the field of theirs it selects: by their positions
 * in the sub-query's table when its plan tells them without sorting, else the records themselves.
 */
export type SemiJoinRows = { readonly field: string; readonly table: readonly OrgRecord[] } & (
  | { readonly positions: readonly number[]; readonly records: null }
  | { readonly positions: null; readonly records: readonly OrgRecord[] }
);

export function semiJoinRecords(rows: SemiJoinRows): readonly OrgRecord[] {
  return rows.positions === null ? rows.records : rows.positions.map((p) => rows.table[p] as OrgRecord);
}

/** Positions read from the equality index for one item of the WHERE, exactly the records that item accepts. */
export interface IndexedItem {
  readonly item: Condition;
  readonly positions: Positions;
}

/**
 * The ascending positions of the only records that can satisfy `where`, read from an equality
 * index when `where` is, or is an AND of, a string equality, IN list or IN sub-query on a plain
 * field (the item with the fewest); null when no such condition narrows the table. The positions
 * are exactly the records that item accepts (text equality is case-insensitive, as the index's
 * keys), so a scan of them needs only the other items, and keeps the table scan's order.
 */
export function indexedPositions(table: TableRef, where: Condition | null, subqueries: SubqueryAnswers | null = null): IndexedItem | null {
  if (where === null) return null;
  const items = where.kind === 'and' ? where.items : [where];
  let best: IndexedItem | null = null;
  for (const item of items) {
    const positions = itemPositions(table, item, subqueries);
    if (positions !== null && (best === null || positions.length < best.positions.length)) best = { item, positions };
  }
  return best;
}

function itemPositions(table: TableRef, item: Condition, subqueries: SubqueryAnswers | null): Positions | null {
  if (item.kind === 'inQuery' && !item.negated && subqueries !== null && item.left.kind === 'field' && item.left.path.length === 1) {
    const rows = subqueries.subqueryRows(item.query);
    if (rows !== null) {
      const info = table.schema.field(item.left.path[0] as string);
      return info === undefined ? null : joinedBuckets(fieldIndex(table.records, info.name), rows);
    }
  }
  const equality = equalityTexts(item, subqueries);
  if (equality === null) return null;
  const info = table.schema.field(equality.field);
  if (info === undefined) return null;
  const index = fieldIndex(table.records, info.name);
  const texts = equality.texts;
  if (texts.length === 1) return lookup(index, texts[0] as string) ?? NO_POSITIONS;
  const buckets: (readonly number[])[] = [];
  for (const text of texts) {
    const bucket = lookup(index, text);
    if (bucket !== undefined) buckets.push(bucket);
  }
  return mergeBuckets(buckets);
}

const NO_POSITIONS: readonly number[] = [];

/**
 * The buckets of a sub-query's records, each found once per record and remembered; null when a
 * value is neither text nor null (no index holds it; nulls never match IN).
 */
function joinedBuckets(index: FieldIndex, rows: SemiJoinRows): Positions | null {
  const field = rows.field;
  const buckets: (readonly number[])[] = [];
  if (rows.positions !== null) {
    const table = rows.table;
    let byField = index.joinedAt.get(table);
    if (byField === undefined) index.joinedAt.set(table, (byField = new Map()));
    let atPosition = byField.get(field);
    if (atPosition === undefined) byField.set(field, (atPosition = new Array<readonly number[] | undefined>(table.length)));
    for (const position of rows.positions) {
      let bucket: readonly number[] | null | undefined = atPosition[position];
      if (bucket === undefined) {
        bucket = bucketOf(index, table[position] as OrgRecord, field);
        if (bucket === null) return null;
        atPosition[position] = bucket;
      }
      if (bucket.length > 0) buckets.push(bucket);
    }
    return mergeBuckets(buckets);
  }
  let bySource = index.joined.get(field);
  if (bySource === undefined) index.joined.set(field, (bySource = new WeakMap()));
  for (const record of rows.records) {
    let bucket: readonly number[] | null | undefined = bySource.get(record);
    if (bucket === undefined) {
      bucket = bucketOf(index, record, field);
      if (bucket === null) return null;
      bySource.set(record, bucket);
    }
    if (bucket.length > 0) buckets.push(bucket);
  }
  return mergeBuckets(buckets);
}

/** The bucket a record's text reads in the index; null when its value is neither text nor null. */
function bucketOf(index: FieldIndex, record: OrgRecord, field: string): readonly number[] | null {
  const value = record[field] ?? null;
  if (value === null) return NO_POSITIONS;
  return typeof value === 'string' ? (lookup(index, value) ?? NO_POSITIONS) : null;
}

/** The ascending union of buckets. Distinct lower-case keys have disjoint buckets, so a repeat is the same bucket again. */
function mergeBuckets(buckets: readonly (readonly number[])[]): Positions {
  if (buckets.length === 0) return NO_POSITIONS;
  const first = buckets[0] as readonly number[];
  let total = 0;
  let single = true;
  for (const bucket of buckets) {
    total += bucket.length;
    if (bucket !== first) single = false;
  }
  if (single) return first;
  const merged: number[] = [];
  for (const bucket of buckets) for (let k = 0; k < bucket.length; k++) merged.push(bucket[k] as number);
  if (total <= SMALL_MERGE) insertionSort(merged);
  else merged.sort(ascending);
  // Repeated buckets leave each of their positions twice, side by side once sorted.
  let kept = 0;
  for (let k = 0; k < total; k++) if (k === 0 || merged[k] !== merged[k - 1]) merged[kept++] = merged[k] as number;
  merged.length = kept;
  return merged;
}

/** Up to this many positions an insertion sort beats the library sort (no comparator calls). */
const SMALL_MERGE = 64;

function ascending(a: number, b: number): number {
  return a - b;
}

function insertionSort(values: number[]): void {
  for (let k = 1; k < values.length; k++) {
    const value = values[k] as number;
    let at = k - 1;
    while (at >= 0 && (values[at] as number) > value) {
      values[at + 1] = values[at] as number;
      at--;
    }
    values[at + 1] = value;
  }
}

/** A text's bucket: by the text as a record spells it (no lower-casing), else by its lower case. */
function lookup(index: FieldIndex, text: string): readonly number[] | undefined {
  return index.byValue.get(text) ?? index.byLower.get(text.toLowerCase());
}

/**
 * Whether no record of the table holds `text` (case-insensitively) in the plain field `field`:
 * then `field != text` holds for every record and `field = text` for none.
 */
export function textAbsent(table: TableRef, field: string, text: string): boolean {
  const info = table.schema.field(field);
  if (info === undefined) return false;
  return lookup(fieldIndex(table.records, info.name), text) === undefined;
}
