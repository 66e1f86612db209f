import type { Positions } from './equality-index.js';
import { QueryError } from './query-error.js';
import type { FieldValue, OrgRecord, QueryRecord } from './types.js';

export interface Column<Row> {
  readonly key: string;
  readonly get: (row: Row) => FieldValue;
}

/** How many records a scan visits: the whole table, or the positions an index gave. */
export function scanLength(records: readonly OrgRecord[], positions: Positions | null): number {
  return positions === null ? records.length : positions.length;
}

export function page<T>(rows: T[], query: { limit: number | null; offset: number | null }): T[] {
  const offset = query.offset ?? 0;
  if (offset === 0 && (query.limit === null || query.limit >= rows.length)) return rows;
  return rows.slice(offset, query.limit === null ? undefined : offset + query.limit);
}

/** The result columns of a select list, refusing a key selected twice (FIELDS() quietly skips repeats). */
export class ColumnList<Row> {
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

/**
 * A row of the result. Each output starts as a copy of `template` (the keys in select order),
 * which clones one hidden class instead of growing a new object key by key.
 */
export function project<Row>(row: Row, columns: readonly Column<Row>[], template: QueryRecord = keysOf(columns)): QueryRecord {
  const out: QueryRecord = { ...template };
  for (const column of columns) out[column.key] = column.get(row);
  return out;
}

/** The result keys in select order, each null: the template `project` copies. */
export function keysOf<Row>(columns: readonly Column<Row>[]): QueryRecord {
  const template: QueryRecord = {};
  for (const column of columns) template[column.key] = null;
  return template;
}
