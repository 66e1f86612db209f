import type { AggregateCall, AggregateFunctionName } from './ast.js';
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
  if (operand === null) return new AggregateOf(identity, label, 'number', null, 'COUNT', null, null);
  const get = operand.get;
  switch (call.fn) {
    case 'COUNT':
    case 'COUNT_DISTINCT':
      return new AggregateOf(identity, label, 'number', null, call.fn, get, null);
    case 'SUM':
    case 'AVG': {
      if (!NUMERIC.has(operand.kind)) {
        throw new QueryError('INVALID_FIELD', `field '${operand.label}' does not support aggregate operator ${call.fn} (it holds ${operand.kind} values)`, operand.pos);
      }
      return new AggregateOf(identity, label, 'number', null, call.fn, get, null);
    }
    case 'MIN':
    case 'MAX': {
      if (operand.kind === 'boolean') {
        throw new QueryError('INVALID_FIELD', `field '${operand.label}' does not support aggregate operator ${call.fn} (it holds boolean values)`, operand.pos);
      }
      return new AggregateOf(identity, label, operand.kind, operand.isoForm, call.fn, get, sortKeyReader(operand.kind, operand.isoForm));
    }
  }
}

/** A class, not an object with a `start` closure: under tsx each named closure costs a defineProperty per plan. */
class AggregateOf implements Aggregate {
  constructor(
    readonly identity: string,
    readonly label: string,
    readonly kind: FieldKind,
    readonly isoForm: IsoForm,
    private readonly fn: AggregateFunctionName,
    /** Null only for COUNT(). */
    private readonly get: ((record: OrgRecord) => FieldValue) | null,
    /** MIN and MAX: how values rank. */
    private readonly key: ((v: FieldValue) => Key | null) | null,
  ) {}

  start(): Accumulator {
    const get = this.get as (record: OrgRecord) => FieldValue;
    switch (this.fn) {
      case 'COUNT':
        return new Counter(this.get);
      case 'COUNT_DISTINCT':
        return new DistinctCounter(get);
      case 'SUM':
      case 'AVG':
        return new Summer(get, this.fn === 'AVG');
      case 'MIN':
      case 'MAX':
        return new Extreme(get, this.key as (v: FieldValue) => Key | null, this.fn === 'MIN' ? -1 : 1);
    }
  }
}

/**
 * Accumulators are classes, not closures: a group opens one per aggregate, and methods cost nothing
 * per instance (under tsx a named closure also costs a defineProperty per plan).
 */
class Counter implements Accumulator {
  #n = 0;
  /** Null: COUNT() counts every record; else the records where the value is not null. */
  constructor(private readonly get: ((record: OrgRecord) => FieldValue) | null) {}
  add(r: OrgRecord): void {
    if (this.get === null || this.get(r) !== null) this.#n++;
  }
  result(): FieldValue {
    return this.#n;
  }
}


class DistinctCounter implements Accumulator {
  readonly #seen = new Set<string>();
  constructor(private readonly get: (record: OrgRecord) => FieldValue) {}
  add(r: OrgRecord): void {
    const v = this.get(r);
    if (v !== null) this.#seen.add(groupKeyPart(v));
  }
  result(): FieldValue {
    return this.#seen.size;
  }
}


class Summer implements Accumulator {
  #sum = 0;
  #n = 0;
  constructor(
    private readonly get: (record: OrgRecord) => FieldValue,
    private readonly average: boolean,
  ) {}
  add(r: OrgRecord): void {
    const v = this.get(r);
    if (typeof v === 'number') {
      this.#sum += v;
      this.#n++;
    }
  }
  result(): FieldValue {
    return this.#n === 0 ? null : this.average ? this.#sum / this.#n : this.#sum;
  }
}


class Extreme implements Accumulator {
  #best: FieldValue = null;
  #bestKey: Key | null = null;
  constructor(
    private readonly get: (record: OrgRecord) => FieldValue,
    private readonly key: (v: FieldValue) => Key | null,
    private readonly sign: 1 | -1,
  ) {}
  add(r: OrgRecord): void {
    const v = this.get(r);
    const k = this.key(v);
    if (k === null) return;
    if (this.#bestKey === null || this.sign * compareKeys(k, this.#bestKey) > 0) {
      this.#best = v;
      this.#bestKey = k;
    }
  }
  result(): FieldValue {
    return this.#best;
  }
}

