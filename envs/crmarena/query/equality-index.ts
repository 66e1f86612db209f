import type { Condition, Literal, SelectQuery } from './ast.js';
import type { TableRef } from './org-catalog.js';
import type { FieldValue, OrgRecord } from './types.js';

/**
 * Positions of a table's records by the lower-case text of one field, built on first use per
 * records array and field (tables are immutable once queried, see QueryableOrg).
 */
const indexes = new WeakMap<readonly OrgRecord[], Map<string, ReadonlyMap<string, readonly number[]>>>();

export function fieldIndex(records: readonly OrgRecord[], name: string): ReadonlyMap<string, readonly number[]> {
  let byField = indexes.get(records);
  if (byField === undefined) indexes.set(records, (byField = new Map()));
  let index = byField.get(name);
  if (index === undefined) {
    const built = new Map<string, number[]>();
    for (let i = 0; i < records.length; i++) {
      const value = (records[i] as OrgRecord)[name];
      if (typeof value !== 'string') continue;
      const key = value.toLowerCase();
      const positions = built.get(key);
      if (positions === undefined) built.set(key, [i]);
      else positions.push(i);
    }
    byField.set(name, (index = built));
  }
  return index;
}

/** The texts a condition on one field of the table itself equals (`F = 'x'`, `F IN ('x', 'y')`, `F IN (SELECT ...)`), or null. */
function equalityTexts(condition: Condition, subqueryValues: SubqueryValues | null): { field: string; texts: string[] } | null {
  let texts: string[];
  if (condition.kind === 'compare' && condition.op === '=') {
    const literal = condition.right;
    if (literal.kind !== 'string') return null;
    texts = [literal.value];
  } else if (condition.kind === 'in' && !condition.negated) {
    texts = stringLiterals(condition.values);
    if (texts.length !== condition.values.length) return null;
  } else if (condition.kind === 'inQuery' && !condition.negated && subqueryValues !== null) {
    texts = [];
    // Nulls never match IN; any other non-text value could match a non-text field value, which no index holds.
    for (const value of subqueryValues(condition.query)) {
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

/** The (memoised) values a semi-join sub-query selects. */
/** Ascending record positions. */
export type Positions = ArrayLike<number>;

export type SubqueryValues = (query: SelectQuery) => readonly FieldValue[];

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
export function indexedPositions(table: TableRef, where: Condition | null, subqueryValues: SubqueryValues | null = null): IndexedItem | null {
  if (where === null) return null;
  const items = where.kind === 'and' ? where.items : [where];
  let best: IndexedItem | null = null;
  for (const item of items) {
    const equality = equalityTexts(item, subqueryValues);
    if (equality === null) continue;
    const info = table.schema.field(equality.field);
    if (info === undefined) continue;
    const positions = bucketsOf(fieldIndex(table.records, info.name), equality.texts);
    if (best === null || positions.length < best.positions.length) best = { item, positions };
  }
  return best;
}

const NO_POSITIONS: readonly number[] = [];

function bucketsOf(index: ReadonlyMap<string, readonly number[]>, texts: readonly string[]): Positions {
  if (texts.length === 1) return index.get((texts[0] as string).toLowerCase()) ?? NO_POSITIONS;
  const keys = new Set<string>();
  const buckets: (readonly number[])[] = [];
  let total = 0;
  for (const text of texts) {
    const key = text.toLowerCase();
    if (keys.has(key)) continue;
    keys.add(key);
    const bucket = index.get(key);
    if (bucket === undefined) continue;
    buckets.push(bucket);
    total += bucket.length;
  }
  if (buckets.length <= 1) return buckets[0] ?? NO_POSITIONS;
  // Distinct keys have disjoint buckets: no position repeats.
  const merged = new Int32Array(total);
  let at = 0;
  for (const bucket of buckets) {
    merged.set(bucket, at);
    at += bucket.length;
  }
  return merged.sort();
}

/**
 * Whether no record of the table holds `text` (case-insensitively) in the plain field `field`:
 * then `field != text` holds for every record and `field = text` for none.
 */
export function textAbsent(table: TableRef, field: string, text: string): boolean {
  const info = table.schema.field(field);
  if (info === undefined) return false;
  return !fieldIndex(table.records, info.name).has(text.toLowerCase());
}
