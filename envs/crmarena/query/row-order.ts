import type { OrderItem } from './ast.js';
import type { Operand } from './operand.js';
import type { FieldValue } from './types.js';
import { compareKeys, sortKeyReader, type Key } from './value-keys.js';

export interface SortSpec<Row> {
  /** The operand's identity: a repeated key cannot change the order and is dropped. */
  readonly identity: string;
  readonly get: (row: Row) => FieldValue;
  readonly key: (value: FieldValue) => Key | null;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

export function sortSpec<Row>(item: OrderItem, operand: Operand<Row>): SortSpec<Row> {
  return {
    identity: operand.identity,
    get: operand.get,
    key: sortKeyReader(operand.kind, operand.isoForm),
    descending: item.descending,
    // Salesforce puts nulls first when ascending and last when descending unless told otherwise.
    nullsFirst: item.nullsFirst ?? !item.descending,
  };
}

/**
 * A stable multi-key sort. Each column's keys are computed once per row and replaced by their rank
 * among the column's distinct keys, so a comparison is a few number compares however long the
 * text; a key repeated in the list is dropped.
 */
export function sortRows<Row>(rows: readonly Row[], specs: readonly SortSpec<Row>[]): Row[] {
  const seen = new Set<string>();
  const distinct = specs.filter((spec) => !seen.has(spec.identity) && seen.add(spec.identity) !== undefined);
  const ranks = distinct.map((spec) => rankColumn(rows.map((row) => spec.key(spec.get(row)))));
  const order = rows.map((_, i) => i);
  order.sort((a, b) => {
    for (let s = 0; s < distinct.length; s++) {
      const spec = distinct[s] as SortSpec<Row>;
      const column = ranks[s] as Int32Array;
      const ra = column[a] as number;
      const rb = column[b] as number;
      if (ra === rb) continue;
      if (ra === -1 || rb === -1) return (ra === -1) === spec.nullsFirst ? -1 : 1;
      return spec.descending ? rb - ra : ra - rb;
    }
    return a - b;
  });
  return order.map((i) => rows[i] as Row);
}

/** Each key's rank among the distinct keys (equal keys share one), -1 for null. */
function rankColumn(keys: readonly (Key | null)[]): Int32Array {
  const distinct = [...new Set(keys.filter((k): k is Key => k !== null))].sort(compareKeys);
  const rankOf = new Map<Key, number>();
  for (let i = 0; i < distinct.length; i++) rankOf.set(distinct[i] as Key, i);
  const ranks = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as Key | null;
    ranks[i] = key === null ? -1 : (rankOf.get(key) as number);
  }
  return ranks;
}
