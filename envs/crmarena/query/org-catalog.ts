import type { ObjectRef } from './ast.js';
import { QueryError } from './query-error.js';
import { tableSchema, type TableSchema } from './table-schema.js';
import type { OrgRecord, QueryableOrg } from './types.js';

type Tables = QueryableOrg['tables'];

export interface TableRef {
  /** The object name as the org spells it. */
  readonly name: string;
  readonly records: readonly OrgRecord[];
  readonly schema: TableSchema;
}

export interface IdEntry {
  readonly table: string;
  readonly record: OrgRecord;
}

const tableNames = new WeakMap<Tables, Map<string, string>>();
const idIndexes = new WeakMap<Tables, Map<string, IdEntry>>();

export function findTable(tables: Tables, name: string): TableRef | null {
  let names = tableNames.get(tables);
  if (names === undefined) {
    names = new Map();
    for (const key of Object.keys(tables)) if (!names.has(key.toLowerCase())) names.set(key.toLowerCase(), key);
    tableNames.set(tables, names);
  }
  const canonical = names.get(name.toLowerCase());
  if (canonical === undefined) return null;
  const records = tables[canonical] as readonly OrgRecord[];
  return { name: canonical, records, schema: tableSchema(records) };
}

/** The table an object reference names, or INVALID_TYPE naming it. */
export function resolveTable(tables: Tables, ref: ObjectRef): TableRef {
  const table = findTable(tables, ref.name);
  if (table === null) {
    const hint = ref.name.endsWith('__c') ? null : `If '${ref.name}' is a custom object, its name ends in __c`;
    throw new QueryError('INVALID_TYPE', `sObject type '${ref.name}' is not supported`, ref.pos, hint);
  }
  return table;
}

/** Every record with a string Id, across all tables; built on first use of a relationship path. */
export function idIndex(tables: Tables): Map<string, IdEntry> {
  let index = idIndexes.get(tables);
  if (index === undefined) {
    index = new Map();
    for (const [table, records] of Object.entries(tables)) {
      for (const record of records) {
        const id = record['Id'];
        if (typeof id === 'string' && !index.has(id)) index.set(id, { table, record });
      }
    }
    idIndexes.set(tables, index);
  }
  return index;
}
