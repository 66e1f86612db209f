import type { JsonValue } from '../../../src/index.js';
import type { ToolBenchContext } from '../api.js';
import type { DbRow, ToolBenchState } from '../state.js';
import type { Column, DatabaseWorld, Row, Table } from '../world/database.js';

/**
 * A table as the episode sees it: the world's rows, minus deleted ones, with updates applied, then
 * the rows inserted this episode. Inserted rows are never dropped from the overlay (a deleted one
 * is listed as deleted), so the count of inserted rows also numbers the next id.
 */
export function liveRows(state: ToolBenchState, table: Table): Row[] {
  const deleted = state.db.deleted[table.name];
  const updated = state.db.updated[table.name];
  const inserted = state.db.inserted[table.name];
  if (!deleted && !updated && !inserted) return table.rows as Row[];
  const gone = new Set(deleted ?? []);
  const out: Row[] = [];
  for (const row of table.rows) {
    const id = row['id'] as string;
    if (gone.has(id)) continue;
    const patch = updated?.[id];
    out.push(patch ? { ...row, ...patch } : row);
  }
  for (const row of inserted ?? []) if (!gone.has(row['id'] as string)) out.push(row);
  return out;
}

export function liveRow(world: DatabaseWorld, state: ToolBenchState, table: Table, id: string): Row | undefined {
  if ((state.db.deleted[table.name] ?? []).includes(id)) return undefined;
  const base = world.rowById.get(table.name)!.get(id);
  if (base) {
    const patch = state.db.updated[table.name]?.[id];
    return patch ? { ...base, ...patch } : base;
  }
  return (state.db.inserted[table.name] ?? []).find((r) => r['id'] === id);
}

export function nextRowId(state: ToolBenchState, table: Table): string {
  const n = table.rows.length + (state.db.inserted[table.name]?.length ?? 0) + 1;
  return `${table.idPrefix}${String(n).padStart(table.idWidth, '0')}`;
}

export function tableOf(ctx: ToolBenchContext, name: string): Table | undefined {
  return ctx.world.database.tableByName.get(name.trim().toLowerCase());
}

export const OPERATORS = ['=', '!=', '>', '>=', '<', '<=', 'contains'] as const;
export type Operator = (typeof OPERATORS)[number];
export interface Condition {
  column: string;
  op: Operator;
  value: string | number | boolean | null;
}

function compare(a: JsonValue | undefined, b: JsonValue): number | null {
  if (a === undefined || a === null || b === null) return null;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function equalTo(value: JsonValue | undefined, wanted: Condition['value']): boolean {
  return value === wanted || (value !== undefined && value !== null && wanted !== null && String(value) === String(wanted));
}

export function matches(row: Row, condition: Condition): boolean {
  const value = row[condition.column];
  if (condition.op === 'contains') return String(value ?? '').toLowerCase().includes(String(condition.value ?? '').toLowerCase());
  if (condition.op === '=') return equalTo(value, condition.value);
  if (condition.op === '!=') return !equalTo(value, condition.value);
  const c = compare(value, condition.value);
  if (c === null) return false;
  switch (condition.op) {
    case '>': return c > 0;
    case '>=': return c >= 0;
    case '<': return c < 0;
    default: return c <= 0;
  }
}

/**
 * The rows of `selectWhere`'s plain definition, `liveRows(state, table).filter((r) => where.every((c) => matches(r, c)))`.
 * When the episode changed nothing in the table, a `=` condition on a non-null value narrows the
 * scan to the rows whose value has the same text (what `=` compares), found in an index of the
 * world's rows; every condition is then tested on those, in table order.
 */
export function selectWhere(state: ToolBenchState, table: Table, where: readonly Condition[]): Row[] {
  const rows = liveRows(state, table);
  if (where.length === 0) return rows;
  if (rows === table.rows) {
    for (let k = 0; k < where.length; k++) {
      const c = where[k]!;
      if (c.op !== '=' || c.value === null) continue;
      const out: Row[] = [];
      for (const at of positionsByText(table, c.column).get(String(c.value)) ?? NONE) if (matchesAll(rows[at]!, where)) out.push(rows[at]!);
      return out;
    }
  }
  const out: Row[] = [];
  for (let i = 0; i < rows.length; i++) if (matchesAll(rows[i]!, where)) out.push(rows[i]!);
  return out;
}

function matchesAll(row: Row, where: readonly Condition[]): boolean {
  for (let k = 0; k < where.length; k++) if (!matches(row, where[k]!)) return false;
  return true;
}

const NONE: readonly number[] = [];
/** Per world table and column: the ascending positions of the rows holding each value's text (null and missing values left out). */
const textIndexes = new WeakMap<Table, Map<string, ReadonlyMap<string, readonly number[]>>>();

function positionsByText(table: Table, column: string): ReadonlyMap<string, readonly number[]> {
  let byColumn = textIndexes.get(table);
  if (byColumn === undefined) textIndexes.set(table, (byColumn = new Map()));
  let index = byColumn.get(column);
  if (index === undefined) {
    const built = new Map<string, number[]>();
    table.rows.forEach((row, at) => {
      const value = row[column];
      if (value === undefined || value === null) return;
      const key = String(value);
      const list = built.get(key);
      if (list === undefined) built.set(key, [at]);
      else list.push(at);
    });
    byColumn.set(column, (index = built));
  }
  return index;
}

/** The first column a condition list names that the table lacks, if any. */
export function unknownColumn(table: Table, names: readonly string[]): string | null {
  for (const name of names) if (!table.columns.some((c) => c.name === name)) return name;
  return null;
}

export function columnOf(table: Table, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

export function copyRow(row: Row): DbRow {
  return { ...row };
}
