import type { AggregateCall, Condition, FieldsMacro, OrderItem, SelectItem, SelectQuery, ValueExpr } from './ast.js';
import { ALWAYS, compileCondition, compileConjuncts, conjunction, type ConditionScope, type Predicate } from './condition-compiler.js';
import { indexedPositions, semiJoinRecords, textAbsent, type Positions, type SemiJoinRows } from './equality-index.js';
import { resolveScalar } from './field-resolver.js';
import type { Operand } from './operand.js';
import { resolveTable, type TableRef } from './org-catalog.js';
import { QueryError } from './query-error.js';
import { sortRows, sortSpec, type SortSpec } from './row-order.js';
import { dateSlice, firstInOrder, slicePositions, sortedIndex, type Slice, type SortedIndex } from './sorted-index.js';
import type { FieldInfo } from './table-schema.js';
import type { FieldValue, OrgRecord, QueryableOrg, QueryRecord } from './types.js';
import { groupedPlan } from './grouped-plan.js';
import { ColumnList, keysOf, page, project, scanLength, type Column } from './result-columns.js';

export interface QueryResult {
  readonly totalSize: number;
  readonly records: QueryRecord[];
}

/** A query compiled against one org: run it as often as needed. */
export interface SoqlPlan {
  /** Result keys in select order (empty for COUNT()). */
  readonly columns: readonly string[];
  run(): QueryResult;
  /** Plain-row plans: the first column's values of the rows `run` returns, without building the rows. */
  readonly column?: () => FieldValue[];
  /** Plain-row plans: the records whose rows `run` returns, in order. */
  readonly selected?: () => OrgRecord[];
  /** Plain-row plans: the positions in the table of those records, when no sort is needed to tell them (else null). */
  readonly selectedPositions?: () => number[] | null;
}

export function planSoql(org: QueryableOrg, query: SelectQuery): SoqlPlan {
  const table = resolveTable(org.tables, query.object);
  const recordScope = recordConditionScope(org, table);
  const conjuncts = query.where === null ? [] : compileConjuncts(query.where, recordScope);
  const full = unlessAlways(conjunction(conjuncts.map((c) => c.predicate)));
  const indexed = indexedPositions(table, query.where, recordScope);
  // The index gives exactly the records its item accepts: a scan of them checks only the other items.
  const byIndex: Candidates =
    indexed === null ? { positions: null, where: full } : { positions: indexed.positions, where: unlessAlways(conjunction(conjuncts.filter((c) => c.item !== indexed.item).map((c) => c.predicate))) };
  const ordering: Ordering = { where: query.where, today: org.today, full };
  if (query.countOnly) {
    if (query.groupBy.length > 0) throw new QueryError('MALFORMED_QUERY', 'COUNT() cannot be combined with GROUP BY', query.groupBy[0]?.pos ?? query.pos, 'Select COUNT(Id) instead');
    return countPlan(table, narrowest(byIndex, table, ordering), query);
  }
  const aggregated =
    query.groupBy.length > 0 || query.having !== null || query.items.some((item) => item.kind === 'item' && item.expr.kind !== 'field');
  if (aggregated) {
    const { positions, where } = narrowest(byIndex, table, ordering);
    return groupedPlan(org, table, where, query, recordScope, positions);
  }
  return rowPlan(org, table, byIndex, query, undefined, ordering);
}

/** Which records a plan visits, and the condition each must still pass (null: none). */
export interface Candidates {
  readonly positions: Positions | null;
  readonly where: Predicate<OrgRecord> | null;
}

/** The whole WHERE, for plans that visit records some other way than the index's candidates. */
export interface Ordering {
  readonly where: Condition | null;
  readonly today: string;
  readonly full: Predicate<OrgRecord> | null;
}

function unlessAlways(predicate: Predicate<OrgRecord>): Predicate<OrgRecord> | null {
  return predicate === ALWAYS ? null : predicate;
}

/** The equality index's candidates, or a date range's from a sorted index when that is fewer. */
function narrowest(byIndex: Candidates, table: TableRef, { where, today, full }: Ordering): Candidates {
  if (where === null) return byIndex;
  let best: { field: string; slice: Slice } | null = null;
  for (const item of where.kind === 'and' ? where.items : [where]) {
    if (item.kind !== 'compare' || item.left.kind !== 'field' || item.left.path.length !== 1) continue;
    const field = item.left.path[0] as string;
    const slice = dateSlice(table, field, where, today);
    if (slice !== null && (best === null || slice.end - slice.start < best.slice.end - best.slice.start)) best = { field, slice };
  }
  const count = best === null ? Infinity : best.slice.end - best.slice.start;
  if (best === null || (byIndex.positions !== null && byIndex.positions.length <= count)) return byIndex;
  return { positions: slicePositions(table, best.field, best.slice), where: full };
}

/** A compiled WHERE, or null when it holds for every record. */
export function compileWhere(where: Condition, scope: ConditionScope<OrgRecord>): Predicate<OrgRecord> | null {
  return unlessAlways(compileCondition(where, scope));
}

/** A record scope also gives a sub-query's selected records, for semi-joins through the equality index. */
export interface RecordScope extends ConditionScope<OrgRecord> {
  subqueryRows(query: SelectQuery): SemiJoinRows | null;
}

interface SemiJoin {
  readonly rows: SemiJoinRows | null;
  values: readonly FieldValue[] | null;
  readonly plan: SoqlPlan;
}

/** The scope of a WHERE over the table's records; each sub-query runs once however often it is asked for. */
export function recordConditionScope(org: QueryableOrg, table: TableRef): RecordScope {
  return new RecordConditionScope(org, table);
}

// A class, not an object of closures: under tsx every named closure costs a defineProperty per plan.
class RecordConditionScope implements RecordScope {
  readonly today: string;
  /** Made on the first sub-query: most queries have none. */
  #semiJoins: Map<SelectQuery, SemiJoin> | null = null;

  constructor(
    private readonly org: QueryableOrg,
    private readonly table: TableRef,
  ) {
    this.today = org.today;
  }

  resolve(expr: ValueExpr): Operand<OrgRecord> {
    if (expr.kind === 'aggregate') throw new QueryError('MALFORMED_QUERY', 'aggregate functions belong in HAVING, not WHERE', expr.pos);
    return resolveScalar(this.org, this.table, expr);
  }

  subqueryValues(sub: SelectQuery): () => readonly FieldValue[] {
    const join = this.#semiJoin(sub);
    // A sub-query without records at hand runs now, at plan time, as before; records are only read when the values are used.
    if (join.rows === null) semiJoinValues(join);
    return () => semiJoinValues(join);
  }

  subqueryRows(sub: SelectQuery): SemiJoinRows | null {
    return this.#semiJoin(sub).rows;
  }

  textAbsent(expr: ValueExpr, text: string): boolean {
    return expr.kind === 'field' && expr.path.length === 1 && textAbsent(this.table, expr.path[0] as string, text);
  }

  #semiJoin(sub: SelectQuery): SemiJoin {
    const semiJoins = (this.#semiJoins ??= new Map());
    let join = semiJoins.get(sub);
    if (join === undefined) semiJoins.set(sub, (join = semiJoin(this.org, sub)));
    return join;
  }
}

function semiJoinValues(join: SemiJoin): readonly FieldValue[] {
  if (join.values === null) {
    const { plan, rows } = join;
    join.values = rows !== null ? semiJoinRecords(rows).map((record) => record[rows.field] ?? null) : plan.column === undefined ? plan.run().records.map((record) => record[plan.columns[0] as string] ?? null) : plan.column();
  }
  return join.values;
}

/** A `field IN (SELECT x FROM ...)` sub-query planned, and run once for its records when it selects a plain field. */
function semiJoin(org: QueryableOrg, sub: SelectQuery): SemiJoin {
  const only = sub.items[0];
  if (sub.countOnly || sub.items.length !== 1 || only === undefined || only.kind !== 'item' || only.expr.kind !== 'field' || sub.groupBy.length > 0) {
    throw new QueryError('MALFORMED_QUERY', 'a sub-query inside IN (...) must select exactly one field, without aggregates or GROUP BY', sub.pos);
  }
  const plan = planSoql(org, sub);
  const path = only.expr.path;
  const source = resolveTable(org.tables, sub.object);
  const field = path.length === 1 ? source.schema.field(path[0] as string) : undefined;
  if (plan.selected === undefined || field === undefined) return { rows: null, values: null, plan };
  const table = source.records;
  const positions = plan.selectedPositions?.() ?? null;
  return { rows: positions === null ? { field: field.name, table, positions: null, records: plan.selected() } : { field: field.name, table, positions, records: null }, values: null, plan };
}

function countPlan(table: TableRef, { positions, where }: Candidates, query: SelectQuery): SoqlPlan {
  const records = table.records;
  const length = scanLength(records, positions);
  return {
    columns: [],
    run() {
      let n = 0;
      if (where === null) n = length;
      else for (let j = 0; j < length; j++) if (where(records[positions === null ? j : (positions[j] as number)] as OrgRecord)) n++;
      let total = Math.max(0, n - (query.offset ?? 0));
      if (query.limit !== null) total = Math.min(total, query.limit);
      return { totalSize: total, records: [] };
    },
  };
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
  byIndex: Candidates,
  query: { items: readonly (SelectItem | FieldsMacro)[]; orderBy: readonly OrderItem[]; limit: number | null; offset: number | null },
  prefilter?: (record: OrgRecord, index: number) => boolean,
  ordering: Ordering | null = null,
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
  const template = keysOf(columns);
  const walk = orderedWalk(table, specs, query, byIndex.positions, ordering);
  const { positions, where } = ordering === null || walk !== null ? byIndex : narrowest(byIndex, table, ordering);
  const length = scanLength(records, positions);
  // A walk visits records in index order, so each must pass the whole WHERE.
  const full = ordering === null ? byIndex.where : ordering.full;
  const firstColumn = (columns[0] as Column<OrgRecord>).get;
  // Methods, not arrow-function properties: under tsx every named closure costs a defineProperty per plan.
  const plan = {
    columns: columns.map((c) => c.key),
    keep(i: number): boolean {
      const record = records[i] as OrgRecord;
      return (prefilter === undefined || prefilter(record, i)) && (full === null || full(record));
    },
    selectedPositions(): number[] | null {
      if (walk !== null) {
        // Ordered by the walked field alone: the walk's order (ties by position) is the sort's.
        return walk.alone ? page(firstInOrder(walk.index, walk.slice, walk.descending, walk.nullsFirst, offset + (query.limit as number), plan.keep), query) : null;
      }
      if (specs.length > 0) return null;
      const kept: number[] = [];
      for (let j = 0; j < length && kept.length < stopAt; j++) {
        const i = positions === null ? j : (positions[j] as number);
        const record = records[i] as OrgRecord;
        if ((prefilter === undefined || prefilter(record, i)) && (where === null || where(record))) kept.push(i);
      }
      return page(kept, query);
    },
    selected(): OrgRecord[] {
      const inOrder = plan.selectedPositions();
      if (inOrder !== null) return recordsAt(records, inOrder);
      if (walk !== null) {
        // Ties keep table order: sort the few kept positions before the stable sort by the ORDER BY.
        const kept = Int32Array.from(firstInOrder(walk.index, walk.slice, walk.descending, walk.nullsFirst, offset + (query.limit as number), plan.keep)).sort();
        return page(sortRows(recordsAt(records, kept), specs), query);
      }
      const rows: OrgRecord[] = [];
      for (let j = 0; j < length; j++) {
        const i = positions === null ? j : (positions[j] as number);
        const record = records[i] as OrgRecord;
        if ((prefilter === undefined || prefilter(record, i)) && (where === null || where(record))) rows.push(record);
      }
      return page(sortRows(rows, specs), query);
    },
    run(): QueryResult {
      const out = plan.selected().map((row) => project(row, columns, template));
      return { totalSize: out.length, records: out };
    },
    column(): FieldValue[] {
      return plan.selected().map(firstColumn);
    },
  };
  return plan;
}

function recordsAt(records: readonly OrgRecord[], positions: ArrayLike<number>): OrgRecord[] {
  const out = new Array<OrgRecord>(positions.length);
  for (let k = 0; k < positions.length; k++) out[k] = records[positions[k] as number] as OrgRecord;
  return out;
}

interface Walk {
  /** Every ORDER BY item is the walked field (repeats sort as one). */
  readonly alone: boolean;
  readonly index: SortedIndex;
  readonly slice: Slice | null;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

/** Few enough index positions that scanning and sorting them all beats walking the sort order. */
const FEW_POSITIONS = 64;

function orderedWalk(table: TableRef, specs: readonly SortSpec<OrgRecord>[], query: { limit: number | null }, positions: Positions | null, ordering: Ordering | null): Walk | null {
  const first = specs[0];
  if (ordering === null || first === undefined || query.limit === null || (positions !== null && positions.length <= FEW_POSITIONS)) return null;
  const field = plainFieldOf(first.identity, table);
  if (field === null || field.isoForm === null) return null;
  return {
    alone: specs.every((spec) => spec.identity === first.identity),
    index: sortedIndex(table.records, field.name),
    slice: dateSlice(table, field.name, ordering.where, ordering.today),
    descending: first.descending,
    nullsFirst: first.nullsFirst,
  };
}

/** The table's own field an operand identity ('f:name') names, or null for paths and functions. */
function plainFieldOf(identity: string, table: TableRef): FieldInfo | null {
  if (!identity.startsWith('f:') || identity.includes('.')) return null;
  return table.schema.field(identity.slice(2)) ?? null;
}
