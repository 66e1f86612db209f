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
    byField.set(name, (index = { byLower, byValue }));
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

function bucketsOf(index: FieldIndex, texts: readonly string[]): Positions {
  if (texts.length === 1) return lookup(index, texts[0] as string) ?? NO_POSITIONS;
  // Distinct lower-case keys have distinct, disjoint buckets: keep each bucket once.
  const buckets = new Set<readonly number[]>();
  let total = 0;
  for (const text of texts) {
    const bucket = lookup(index, text);
    if (bucket === undefined || buckets.has(bucket)) continue;
    buckets.add(bucket);
    total += bucket.length;
  }
  if (buckets.size <= 1) return buckets.size === 0 ? NO_POSITIONS : (buckets.values().next().value as readonly number[]);
  const merged = new Int32Array(total);
  let at = 0;
  for (const bucket of buckets) {
    merged.set(bucket, at);
    at += bucket.length;
  }
  return merged.sort();
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
