import type { AggregateCall, Condition, FieldsMacro, OrderItem, SelectItem, SelectQuery, ValueExpr } from './ast.js';
import { makeAggregate, type Accumulator, type Aggregate } from './aggregates.js';
import { ALWAYS, compileCondition, type ConditionScope, type Predicate } from './condition-compiler.js';
import { indexedPositions, textAbsent } from './equality-index.js';
import { resolveScalar } from './field-resolver.js';
import type { Operand } from './operand.js';
import { resolveTable, type TableRef } from './org-catalog.js';
import { QueryError } from './query-error.js';
import { sortRows, sortSpec, type SortSpec } from './row-order.js';
import type { FieldInfo } from './table-schema.js';
import type { FieldValue, OrgRecord, QueryableOrg, QueryRecord } from './types.js';
import { groupKeyPart } from './value-keys.js';

export interface QueryResult {
  readonly totalSize: number;
  readonly records: QueryRecord[];
}

/** A query compiled against one org: run it as often as needed. */
export interface SoqlPlan {
  /** Result keys in select order (empty for COUNT()). */
  readonly columns: readonly string[];
  run(): QueryResult;
}

interface Column<Row> {
  readonly key: string;
  readonly get: (row: Row) => FieldValue;
}

export function planSoql(org: QueryableOrg, query: SelectQuery): SoqlPlan {
  const table = resolveTable(org.tables, query.object);
  const recordScope = recordConditionScope(org, table);
  const where = query.where === null ? null : compileWhere(query.where, recordScope);
  const positions = indexedPositions(table, query.where, recordScope.subqueryValues);
  if (query.countOnly) {
    if (query.groupBy.length > 0) throw new QueryError('MALFORMED_QUERY', 'COUNT() cannot be combined with GROUP BY', query.groupBy[0]?.pos ?? query.pos, 'Select COUNT(Id) instead');
    return countPlan(table, where, query, positions);
  }
  const aggregated =
    query.groupBy.length > 0 || query.having !== null || query.items.some((item) => item.kind === 'item' && item.expr.kind !== 'field');
  return aggregated ? groupedPlan(org, table, where, query, recordScope, positions) : rowPlan(org, table, where, query, undefined, positions);
}

/** How many records a scan visits: the whole table, or the positions an index gave. */
function scanLength(records: readonly OrgRecord[], positions: readonly number[] | null): number {
  return positions === null ? records.length : positions.length;
}

/** A compiled WHERE, or null when it holds for every record. */
export function compileWhere(where: Condition, scope: ConditionScope<OrgRecord>): Predicate<OrgRecord> | null {
  const predicate = compileCondition(where, scope);
  return predicate === ALWAYS ? null : predicate;
}

/** The scope of a WHERE over the table's records; each sub-query runs once however often it is asked for. */
export function recordConditionScope(org: QueryableOrg, table: TableRef): ConditionScope<OrgRecord> {
  let semiJoins: Map<SelectQuery, readonly FieldValue[]> | null = null;
  return {
    resolve: (expr) => {
      if (expr.kind === 'aggregate') throw new QueryError('MALFORMED_QUERY', 'aggregate functions belong in HAVING, not WHERE', expr.pos);
      return resolveScalar(org, table, expr);
    },
    subqueryValues: (sub) => {
      semiJoins ??= new Map();
      let values = semiJoins.get(sub);
      if (values === undefined) semiJoins.set(sub, (values = semiJoinValues(org, sub)));
      return values;
    },
    today: org.today,
    textAbsent: (expr, text) => expr.kind === 'field' && expr.path.length === 1 && textAbsent(table, expr.path[0] as string, text),
  };
}

/** The values a `field IN (SELECT x FROM ...)` sub-query selects. */
function semiJoinValues(org: QueryableOrg, sub: SelectQuery): FieldValue[] {
  const only = sub.items[0];
  if (sub.countOnly || sub.items.length !== 1 || only === undefined || only.kind !== 'item' || only.expr.kind !== 'field' || sub.groupBy.length > 0) {
    throw new QueryError('MALFORMED_QUERY', 'a sub-query inside IN (...) must select exactly one field, without aggregates or GROUP BY', sub.pos);
  }
  const plan = planSoql(org, sub);
  const key = plan.columns[0] as string;
  return plan.run().records.map((record) => record[key] ?? null);
}

function page<T>(rows: T[], query: { limit: number | null; offset: number | null }): T[] {
  const offset = query.offset ?? 0;
  if (offset === 0 && (query.limit === null || query.limit >= rows.length)) return rows;
  return rows.slice(offset, query.limit === null ? undefined : offset + query.limit);
}

function countPlan(table: TableRef, where: Predicate<OrgRecord> | null, query: SelectQuery, positions: readonly number[] | null): SoqlPlan {
  const records = table.records;
  const length = scanLength(records, positions);
  return {
    columns: [],
    run: () => {
      let n = 0;
      if (where === null) n = records.length;
      else for (let j = 0; j < length; j++) if (where(records[positions === null ? j : (positions[j] as number)] as OrgRecord)) n++;
      let total = Math.max(0, n - (query.offset ?? 0));
      if (query.limit !== null) total = Math.min(total, query.limit);
      return { totalSize: total, records: [] };
    },
  };
}

class ColumnList<Row> {
  readonly columns: Column<Row>[] = [];
  readonly #keys = new Set<string>();

  add(key: string, get: (row: Row) => FieldValue, pos: number, fromMacro = false): void {
    const lower = key.toLowerCase();
    if (this.#keys.has(lower)) {
      if (fromMacro) return;
      throw new QueryError('MALFORMED_QUERY', `duplicate field selected: ${key}`, pos);
    }
    this.#keys.add(lower);
    this.columns.push({ key, get });
  }
}

function macroFields(table: TableRef, macro: FieldsMacro): FieldInfo[] {
  const custom = (f: FieldInfo) => f.name.endsWith('__c');
  if (macro.which === 'CUSTOM') return table.schema.fields.filter(custom);
  if (macro.which === 'STANDARD') return table.schema.fields.filter((f) => !custom(f));
  return [...table.schema.fields];
}

/** Plain rows: filter, sort, page, project. Also used for SOSL RETURNING objects. */
export function rowPlan(
  org: QueryableOrg,
  table: TableRef,
  where: Predicate<OrgRecord> | null,
  query: { items: readonly (SelectItem | FieldsMacro)[]; orderBy: readonly OrderItem[]; limit: number | null; offset: number | null },
  prefilter?: (record: OrgRecord, index: number) => boolean,
  positions: readonly number[] | null = null,
): SoqlPlan {
  const list = new ColumnList<OrgRecord>();
  const aliases = new Map<string, Operand<OrgRecord>>();
  for (const item of query.items) {
    if (item.kind === 'fields') {
      for (const field of macroFields(table, item)) {
        const name = field.name;
        list.add(name, (r) => r[name] ?? null, item.pos, true);
      }
      continue;
    }
    if (item.expr.kind === 'aggregate') throw new QueryError('MALFORMED_QUERY', 'aggregate functions are not allowed here', item.pos);
    const operand = resolveScalar(org, table, item.expr);
    list.add(item.alias ?? operand.key, operand.get, item.pos);
    if (item.alias !== null) aliases.set(item.alias.toLowerCase(), operand);
  }
  if (list.columns.length === 0) {
    const id = table.schema.field('Id')?.name ?? 'Id';
    list.add(id, (r) => r[id] ?? null, 0);
  }
  const specs = query.orderBy.map((item) => {
    if (item.expr.kind === 'aggregate') throw new QueryError('MALFORMED_QUERY', 'ordering by an aggregate needs an aggregate query (GROUP BY)', item.pos);
    const alias = item.expr.kind === 'field' && item.expr.path.length === 1 ? aliases.get((item.expr.path[0] as string).toLowerCase()) : undefined;
    return sortSpec(item, alias ?? resolveScalar(org, table, item.expr));
  });
  const columns = list.columns;
  const records = table.records;
  const offset = query.offset ?? 0;
  const stopAt = specs.length === 0 && query.limit !== null ? offset + query.limit : Infinity;
  const length = scanLength(records, positions);
  return {
    columns: columns.map((c) => c.key),
    run: () => {
      let rows: OrgRecord[] = [];
      for (let j = 0; j < length && rows.length < stopAt; j++) {
        const i = positions === null ? j : (positions[j] as number);
        const record = records[i] as OrgRecord;
        if ((prefilter === undefined || prefilter(record, i)) && (where === null || where(record))) rows.push(record);
      }
      if (specs.length > 0) rows = sortRows(rows, specs);
      const out = page(rows, query).map((row) => project(row, columns));
      return { totalSize: out.length, records: out };
    },
  };
}

function project<Row>(row: Row, columns: readonly Column<Row>[]): QueryRecord {
  const out: QueryRecord = {};
  for (const column of columns) out[column.key] = column.get(row);
  return out;
}

interface GroupRow {
  readonly values: readonly FieldValue[];
  readonly results: FieldValue[];
}

function groupedPlan(
  org: QueryableOrg,
  table: TableRef,
  where: Predicate<OrgRecord> | null,
  query: SelectQuery,
  recordScope: ConditionScope<OrgRecord>,
  positions: readonly number[] | null,
): SoqlPlan {
  const groupOperands = query.groupBy.map((expr) => resolveScalar(org, table, expr));
  const aggregates: Aggregate[] = [];
  const aggregateIndex = (call: AggregateCall): number => {
    const operand = call.arg === null ? null : resolveScalar(org, table, call.arg);
    const aggregate = makeAggregate(call, operand);
    const known = aggregates.findIndex((a) => a.identity === aggregate.identity);
    if (known >= 0) return known;
    aggregates.push(aggregate);
    return aggregates.length - 1;
  };
  const aliases = new Map<string, Operand<GroupRow>>();
  const resolveOverGroups = (expr: ValueExpr): Operand<GroupRow> => {
    if (expr.kind === 'aggregate') {
      const index = aggregateIndex(expr);
      const aggregate = aggregates[index] as Aggregate;
      const get = (g: GroupRow) => g.results[index] ?? null;
      return { key: aggregate.label, identity: aggregate.identity, label: aggregate.label, kind: aggregate.kind, isoForm: aggregate.isoForm, pos: expr.pos, get };
    }
    if (expr.kind === 'field' && expr.path.length === 1) {
      const alias = aliases.get((expr.path[0] as string).toLowerCase());
      if (alias !== undefined) return alias;
    }
    const operand = resolveScalar(org, table, expr);
    const index = groupOperands.findIndex((g) => g.identity === operand.identity);
    if (index < 0) throw new QueryError('MALFORMED_QUERY', `field must be grouped or aggregated: ${operand.label}`, expr.pos);
    return { ...operand, get: (g) => g.values[index] ?? null };
  };

  const list = new ColumnList<GroupRow>();
  let unnamed = 0;
  for (const item of query.items) {
    if (item.kind === 'fields') throw new QueryError('MALFORMED_QUERY', 'FIELDS() cannot be used in an aggregate query', item.pos);
    const operand = resolveOverGroups(item.expr);
    const key = item.alias ?? (item.expr.kind === 'field' ? operand.key : `expr${unnamed++}`);
    list.add(key, operand.get, item.pos);
    if (item.alias !== null) aliases.set(item.alias.toLowerCase(), operand);
  }
  const groupScope: ConditionScope<GroupRow> = { resolve: resolveOverGroups, subqueryValues: recordScope.subqueryValues, today: recordScope.today };
  const having = query.having === null ? null : compileCondition(query.having, groupScope);
  const specs: SortSpec<GroupRow>[] = query.orderBy.map((item) => sortSpec(item, resolveOverGroups(item.expr)));
  const columns = list.columns;
  const records = table.records;
  const groupGetters = groupOperands.map((g) => g.get);
  const length = scanLength(records, positions);

  return {
    columns: columns.map((c) => c.key),
    run: () => {
      const groups = new Map<string, { values: FieldValue[]; accumulators: Accumulator[] }>();
      const open = (key: string, values: FieldValue[]) => {
        const group = { values, accumulators: aggregates.map((a) => a.start()) };
        groups.set(key, group);
        return group;
      };
      if (groupGetters.length === 0) open('', []);
      const single = groupGetters.length === 1 ? (groupGetters[0] as (r: OrgRecord) => FieldValue) : null;
      // With one GROUP BY field, the same raw value always lands in the same group: remember it.
      const byRawValue = new Map<FieldValue, { values: FieldValue[]; accumulators: Accumulator[] }>();
      for (let j = 0; j < length; j++) {
        const record = records[positions === null ? j : (positions[j] as number)] as OrgRecord;
        if (where !== null && !where(record)) continue;
        let group;
        if (single !== null) {
          const value = single(record);
          group = byRawValue.get(value);
          if (group === undefined) {
            const key = groupKeyPart(value);
            group = groups.get(key) ?? open(key, [value]);
            byRawValue.set(value, group);
          }
        } else {
          let key = '';
          for (const get of groupGetters) key += `${groupKeyPart(get(record))}\u0000`;
          group = groups.get(key) ?? open(key, groupGetters.map((get) => get(record)));
        }
        for (const accumulator of group.accumulators) accumulator.add(record);
      }
      let rows: GroupRow[] = [];
      for (const group of groups.values()) {
        const row: GroupRow = { values: group.values, results: group.accumulators.map((a) => a.result()) };
        if (having === null || having(row)) rows.push(row);
      }
      if (specs.length > 0) rows = sortRows(rows, specs);
      const out = page(rows, query).map((row) => project(row, columns));
      return { totalSize: out.length, records: out };
    },
  };
}
