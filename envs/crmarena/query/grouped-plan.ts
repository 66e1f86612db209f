import type { AggregateCall, ScalarExpr, SelectQuery, ValueExpr } from './ast.js';
import { makeAggregate, type Accumulator, type Aggregate } from './aggregates.js';
import { compileCondition, type ConditionScope, type Predicate } from './condition-compiler.js';
import { resolveScalar } from './field-resolver.js';
import { groupCodes, neverNull, type GroupCodes } from './group-codes.js';
import type { Operand } from './operand.js';
import type { TableRef } from './org-catalog.js';
import { QueryError } from './query-error.js';
import type { Positions } from './equality-index.js';
import { ColumnList, keysOf, page, project, scanLength } from './result-columns.js';
import { sortRows, sortSpec, type SortSpec } from './row-order.js';
import type { SoqlPlan } from './soql-planner.js';
import type { FieldValue, OrgRecord, QueryableOrg } from './types.js';
import { groupKeyPart } from './value-keys.js';

interface GroupRow {
  readonly values: readonly FieldValue[];
  readonly results: FieldValue[];
}

/** Which records a grouped scan visits and keeps. */
interface Scan {
  readonly records: readonly OrgRecord[];
  readonly positions: Positions | null;
  readonly where: Predicate<OrgRecord> | null;
}

export function groupedPlan(
  org: QueryableOrg,
  table: TableRef,
  where: Predicate<OrgRecord> | null,
  query: SelectQuery,
  recordScope: ConditionScope<OrgRecord>,
  positions: Positions | null,
): SoqlPlan {
  const groupOperands = query.groupBy.map((expr) => resolveScalar(org, table, expr));
  const aggregates: Aggregate[] = [];
  /** Per aggregate: whether it only counts records (COUNT(), or COUNT of a field no record leaves null). */
  const countsRecords: boolean[] = [];
  const aliases = new Map<string, Operand<GroupRow>>();
  // Methods, not named closures: under tsx every named closure costs a defineProperty per plan.
  const over = {
    aggregateIndex(call: AggregateCall): number {
      const operand = call.arg === null ? null : resolveScalar(org, table, call.arg);
      const aggregate = makeAggregate(call, operand);
      const known = aggregates.findIndex((a) => a.identity === aggregate.identity);
      if (known >= 0) return known;
      aggregates.push(aggregate);
      countsRecords.push(call.fn === 'COUNT' && (call.arg === null || (call.arg.kind === 'field' && call.arg.path.length === 1 && neverNull(table.records, operand!.key))));
      return aggregates.length - 1;
    },
    resolve(expr: ValueExpr): Operand<GroupRow> {
      if (expr.kind === 'aggregate') {
        const index = over.aggregateIndex(expr);
        const aggregate = aggregates[index] as Aggregate;
        return { key: aggregate.label, identity: aggregate.identity, label: aggregate.label, kind: aggregate.kind, isoForm: aggregate.isoForm, pos: expr.pos, get: resultReader(index) };
      }
      if (expr.kind === 'field' && expr.path.length === 1) {
        const alias = aliases.get((expr.path[0] as string).toLowerCase());
        if (alias !== undefined) return alias;
      }
      const operand = resolveScalar(org, table, expr);
      const index = groupOperands.findIndex((g) => g.identity === operand.identity);
      if (index < 0) throw new QueryError('MALFORMED_QUERY', `field must be grouped or aggregated: ${operand.label}`, expr.pos);
      return { ...operand, get: valueReader(index) };
    },
  };

  const list = new ColumnList<GroupRow>();
  let unnamed = 0;
  for (const item of query.items) {
    if (item.kind === 'fields') throw new QueryError('MALFORMED_QUERY', 'FIELDS() cannot be used in an aggregate query', item.pos);
    const operand = over.resolve(item.expr);
    const key = item.alias ?? (item.expr.kind === 'field' ? operand.key : `expr${unnamed++}`);
    list.add(key, operand.get, item.pos);
    if (item.alias !== null) aliases.set(item.alias.toLowerCase(), operand);
  }
  const groupScope: ConditionScope<GroupRow> = {
    resolve(expr) {
      return over.resolve(expr);
    },
    subqueryValues(sub) {
      return recordScope.subqueryValues(sub);
    },
    today: recordScope.today,
  };
  const having = query.having === null ? null : compileCondition(query.having, groupScope);
  const specs: SortSpec<GroupRow>[] = query.orderBy.map((item) => sortSpec(item, over.resolve(item.expr)));
  const columns = list.columns;
  const scan: Scan = { records: table.records, positions, where };
  const only = query.groupBy.length === 1 ? query.groupBy[0] : undefined;
  // One plain field, or a date function of one: the records are split into numbered groups once per table, not keyed per query.
  const codeName = only === undefined ? null : groupCodeName(table, only);
  const codes = codeName === null ? null : groupCodes(table.records, codeName, (groupOperands[0] as Operand<OrgRecord>).get);
  const counting = countsRecords.every(Boolean);
  const template = keysOf(columns);
  const plan = {
    columns: columns.map((c) => c.key),
    collect(): GroupRow[] {
      if (codes === null) return keyedGroups(scan, groupOperands, aggregates);
      const get = (groupOperands[0] as Operand<OrgRecord>).get;
      return counting ? countedGroups(scan, codes, get, aggregates.length) : codedGroups(scan, codes, get, aggregates);
    },
    run() {
      let rows = plan.collect();
      if (having !== null) rows = rows.filter(having);
      if (specs.length > 0) rows = sortRows(rows, specs);
      const out = page(rows, query).map((row) => project(row, columns, template));
      return { totalSize: out.length, records: out };
    },
  };
  return plan;
}

/** The exact name of a GROUP BY expression whose groups can be numbered per table, or null. */
function groupCodeName(table: TableRef, expr: ScalarExpr): string | null {
  if (expr.kind === 'field') return expr.path.length === 1 ? (table.schema.field(expr.path[0] as string)?.name ?? null) : null;
  if (expr.kind !== 'dateFunction' || expr.arg.path.length !== 1) return null;
  const field = table.schema.field(expr.arg.path[0] as string);
  return field === undefined ? null : `${expr.fn}(${field.name})`;
}

function resultReader(index: number): (g: GroupRow) => FieldValue {
  return (g) => g.results[index] ?? null;
}

function valueReader(index: number): (g: GroupRow) => FieldValue {
  return (g) => g.values[index] ?? null;
}

/** Groups by the text key of their values, in order of each group's first kept record. */
function keyedGroups({ records, positions, where }: Scan, groupOperands: readonly Operand<OrgRecord>[], aggregates: readonly Aggregate[]): GroupRow[] {
  const groupGetters = groupOperands.map((g) => g.get);
  const groups = new Map<string, OpenGroup>();
  if (groupGetters.length === 0) openGroup(groups, aggregates, '', []);
  const single = groupGetters.length === 1 ? (groupGetters[0] as (r: OrgRecord) => FieldValue) : null;
  // With one GROUP BY expression, the same raw value always lands in the same group: remember it.
  const byRawValue = new Map<FieldValue, OpenGroup>();
  const length = scanLength(records, positions);
  for (let j = 0; j < length; j++) {
    const record = records[positions === null ? j : (positions[j] as number)] as OrgRecord;
    if (where !== null && !where(record)) continue;
    let group;
    if (single !== null) {
      const value = single(record);
      group = byRawValue.get(value);
      if (group === undefined) {
        const key = groupKeyPart(value);
        group = groups.get(key) ?? openGroup(groups, aggregates, key, [value]);
        byRawValue.set(value, group);
      }
    } else {
      let key = '';
      for (const get of groupGetters) key += `${groupKeyPart(get(record))}\u0000`;
      group = groups.get(key) ?? openGroup(groups, aggregates, key, groupGetters.map((get) => get(record)));
    }
    for (const accumulator of group.accumulators) accumulator.add(record);
  }
  const rows: GroupRow[] = [];
  for (const group of groups.values()) rows.push({ values: group.values, results: group.accumulators.map((a) => a.result()) });
  return rows;
}

interface OpenGroup {
  readonly values: FieldValue[];
  readonly accumulators: Accumulator[];
}

function openGroup(groups: Map<string, OpenGroup>, aggregates: readonly Aggregate[], key: string, values: FieldValue[]): OpenGroup {
  const group = { values, accumulators: aggregates.map((a) => a.start()) };
  groups.set(key, group);
  return group;
}

/** Groups of one plain field by their numbers, each aggregate fed record by record. */
function codedGroups({ records, positions, where }: Scan, codes: GroupCodes, get: (r: OrgRecord) => FieldValue, aggregates: readonly Aggregate[]): GroupRow[] {
  const byCode: (Accumulator[] | undefined)[] = new Array(codes.size);
  const order: number[] = [];
  const firsts: number[] = [];
  const length = scanLength(records, positions);
  for (let j = 0; j < length; j++) {
    const i = positions === null ? j : (positions[j] as number);
    const record = records[i] as OrgRecord;
    if (where !== null && !where(record)) continue;
    const code = codes.codes[i] as number;
    let accumulators = byCode[code];
    if (accumulators === undefined) {
      byCode[code] = accumulators = aggregates.map((a) => a.start());
      order.push(code);
      firsts.push(i);
    }
    for (const accumulator of accumulators) accumulator.add(record);
  }
  return order.map((code, k) => ({ values: [groupValue(codes, code, get, records, firsts[k] as number)], results: (byCode[code] as Accumulator[]).map((a) => a.result()) }));
}

/** Groups of one plain field when every aggregate only counts records: a count per group number. */
function countedGroups({ records, positions, where }: Scan, codes: GroupCodes, get: (r: OrgRecord) => FieldValue, aggregateCount: number): GroupRow[] {
  const rows: GroupRow[] = [];
  if (where === null && positions === null) {
    for (let code = 0; code < codes.size; code++) rows.push(countRow(codes.counts[code] as number, aggregateCount, groupValue(codes, code, get, records, codes.first[code] as number)));
    return rows;
  }
  const counts = new Int32Array(codes.size);
  const order: number[] = [];
  const firsts: number[] = [];
  const length = scanLength(records, positions);
  for (let j = 0; j < length; j++) {
    const i = positions === null ? j : (positions[j] as number);
    if (where !== null && !where(records[i] as OrgRecord)) continue;
    const code = codes.codes[i] as number;
    const before = counts[code] as number;
    counts[code] = before + 1;
    if (before === 0) {
      order.push(code);
      firsts.push(i);
    }
  }
  for (let k = 0; k < order.length; k++) rows.push(countRow(counts[order[k] as number] as number, aggregateCount, groupValue(codes, order[k] as number, get, records, firsts[k] as number)));
  return rows;
}

function countRow(count: number, aggregateCount: number, value: FieldValue): GroupRow {
  return { values: [value], results: new Array<FieldValue>(aggregateCount).fill(count) };
}

/** A group's value as its first kept record holds it, read from the group numbers when every record of the group holds the same. */
function groupValue(codes: GroupCodes, code: number, get: (r: OrgRecord) => FieldValue, records: readonly OrgRecord[], first: number): FieldValue {
  return codes.uniform[code] === 1 ? (codes.firstValues[code] as FieldValue) : get(records[first] as OrgRecord);
}
