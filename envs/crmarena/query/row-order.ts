import type { OrderItem } from './ast.js';
import type { Operand } from './operand.js';
import type { FieldValue } from './types.js';
import { compareKeys, sortKeyReader, type Key } from './value-keys.js';

export interface SortSpec<Row> {
  readonly get: (row: Row) => FieldValue;
  readonly key: (value: FieldValue) => Key | null;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

export function sortSpec<Row>(item: OrderItem, operand: Operand<Row>): SortSpec<Row> {
  return {
    get: operand.get,
    key: sortKeyReader(operand.kind, operand.isoForm),
    descending: item.descending,
    // Salesforce puts nulls first when ascending and last when descending unless told otherwise.
    nullsFirst: item.nullsFirst ?? !item.descending,
  };
}

/** A stable multi-key sort; each row's keys are computed once, not per comparison. */
export function sortRows<Row>(rows: readonly Row[], specs: readonly SortSpec<Row>[]): Row[] {
  const keys = specs.map((spec) => rows.map((row) => spec.key(spec.get(row))));
  const order = rows.map((_, i) => i);
  order.sort((a, b) => {
    for (let s = 0; s < specs.length; s++) {
      const spec = specs[s] as SortSpec<Row>;
      const column = keys[s] as (Key | null)[];
      const ka = column[a] as Key | null;
      const kb = column[b] as Key | null;
      if (ka === null || kb === null) {
        if (ka === kb) continue;
        return (ka === null) === spec.nullsFirst ? -1 : 1;
      }
      const c = compareKeys(ka, kb);
      if (c !== 0) return spec.descending ? -c : c;
    }
    return a - b;
  });
  return order.map((i) => rows[i] as Row);
}
