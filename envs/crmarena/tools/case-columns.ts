import { to18 } from '../org/ids.js';
import type { Org } from '../org/org.js';

/** A text field of the Case table as numbers: each distinct value numbered in row order. */
export interface NumberedColumn {
  /** no[row] is the number of the row's value. */
  readonly no: Int32Array;
  readonly numberOf: ReadonlyMap<string, number>;
  /** values[n] is the value numbered n. */
  readonly values: readonly string[];
}

type Field = 'OwnerId' | 'OrderItemId__c' | 'IssueId__c' | 'Status';

const columns = new WeakMap<Org, Partial<Record<Field, NumberedColumn>>>();

/** The Case table's `field` numbered, made once per org (its tables never change). */
export function caseColumn(org: Org, field: Field): NumberedColumn {
  let byField = columns.get(org);
  if (byField === undefined) columns.set(org, (byField = {}));
  let column = byField[field];
  if (column !== undefined) return column;
  const cases = org.tables.Case;
  const no = new Int32Array(cases.length);
  const numberOf = new Map<string, number>();
  const values: string[] = [];
  for (let row = 0; row < cases.length; row++) {
    const value = cases[row]![field];
    let n = numberOf.get(value);
    if (n === undefined) {
      numberOf.set(value, (n = numberOf.size));
      values.push(value);
    }
    no[row] = n;
  }
  column = { no, numberOf, values };
  byField[field] = column;
  return column;
}

/**
 * Which of the column's values are in `values` (read through to18 for ids), as a byte per value
 * number: `mask[column.no[row]] === 1` exactly when the plain `new Set(values).has(value)` holds.
 */
export function valueMask(column: NumberedColumn, values: readonly string[], ids: boolean): Uint8Array {
  const mask = new Uint8Array(column.numberOf.size);
  for (let i = 0; i < values.length; i++) {
    const n = column.numberOf.get(ids ? to18(values[i]!) : values[i]!);
    if (n !== undefined) mask[n] = 1;
  }
  return mask;
}
