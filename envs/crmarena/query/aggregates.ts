import type { AggregateCall } from './ast.js';
import type { Operand } from './operand.js';
import { QueryError } from './query-error.js';
import type { FieldKind, IsoForm } from './table-schema.js';
import type { FieldValue, OrgRecord } from './types.js';
import { compareKeys, groupKeyPart, sortKeyReader, type Key } from './value-keys.js';

/** One aggregate over the records of a group: a fresh accumulator per group, fed record by record. */
export interface Aggregate {
  /** Lower-case identity, so the same call in SELECT, HAVING and ORDER BY is computed once. */
  readonly identity: string;
  readonly label: string;
  readonly kind: FieldKind;
  readonly isoForm: IsoForm;
  start(): Accumulator;
}

export interface Accumulator {
  add(record: OrgRecord): void;
  result(): FieldValue;
}

const NUMERIC: ReadonlySet<FieldKind> = new Set(['number', 'unknown', 'mixed']);

/** `operand` is the argument resolved against the table; null for COUNT(). */
export function makeAggregate(call: AggregateCall, operand: Operand<OrgRecord> | null): Aggregate {
  const label = `${call.fn}(${operand?.label ?? ''})`;
  const identity = `${call.fn}(${operand?.identity ?? ''})`;
  if (operand === null) return { identity, label, kind: 'number', isoForm: null, start: () => counter(() => true) };
  const get = operand.get;
  switch (call.fn) {
    case 'COUNT':
      return { identity, label, kind: 'number', isoForm: null, start: () => counter((r) => get(r) !== null) };
    case 'COUNT_DISTINCT':
      return { identity, label, kind: 'number', isoForm: null, start: () => distinctCounter(get) };
    case 'SUM':
    case 'AVG': {
      if (!NUMERIC.has(operand.kind)) {
        throw new QueryError('INVALID_FIELD', `field '${operand.label}' does not support aggregate operator ${call.fn} (it holds ${operand.kind} values)`, operand.pos);
      }
      const average = call.fn === 'AVG';
      return { identity, label, kind: 'number', isoForm: null, start: () => summer(get, average) };
    }
    case 'MIN':
    case 'MAX': {
      if (operand.kind === 'boolean') {
        throw new QueryError('INVALID_FIELD', `field '${operand.label}' does not support aggregate operator ${call.fn} (it holds boolean values)`, operand.pos);
      }
      const key = sortKeyReader(operand.kind, operand.isoForm);
      const sign = call.fn === 'MIN' ? -1 : 1;
      return { identity, label, kind: operand.kind, isoForm: operand.isoForm, start: () => extreme(get, key, sign) };
    }
  }
}

function counter(counts: (record: OrgRecord) => boolean): Accumulator {
  let n = 0;
  return {
    add: (r) => {
      if (counts(r)) n++;
    },
    result: () => n,
  };
}

function distinctCounter(get: (record: OrgRecord) => FieldValue): Accumulator {
  const seen = new Set<string>();
  return {
    add: (r) => {
      const v = get(r);
      if (v !== null) seen.add(groupKeyPart(v));
    },
    result: () => seen.size,
  };
}

function summer(get: (record: OrgRecord) => FieldValue, average: boolean): Accumulator {
  let sum = 0;
  let n = 0;
  return {
    add: (r) => {
      const v = get(r);
      if (typeof v === 'number') {
        sum += v;
        n++;
      }
    },
    result: () => (n === 0 ? null : average ? sum / n : sum),
  };
}

function extreme(get: (record: OrgRecord) => FieldValue, key: (v: FieldValue) => Key | null, sign: 1 | -1): Accumulator {
  let best: FieldValue = null;
  let bestKey: Key | null = null;
  return {
    add: (r) => {
      const v = get(r);
      const k = key(v);
      if (k === null) return;
      if (bestKey === null || sign * compareKeys(k, bestKey) > 0) {
        best = v;
        bestKey = k;
      }
    },
    result: () => best,
  };
}
