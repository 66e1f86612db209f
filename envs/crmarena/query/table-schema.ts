import { parseIsoMs } from './iso-dates.js';
import type { OrgRecord } from './types.js';

/** What a field holds, inferred from its values. 'unknown': only nulls seen; 'mixed': several JS types. */
export type FieldKind = 'string' | 'number' | 'boolean' | 'date' | 'datetime' | 'unknown' | 'mixed';

/**
 * 'day': every value is 'YYYY-MM-DD'; 'second': every value is 'YYYY-MM-DDTHH:MM:SSZ'. Such values
 * sort as plain strings, so comparisons and ordering skip date parsing.
 */
export type IsoForm = 'day' | 'second' | null;

export interface FieldInfo {
  /** The API name as the records spell it. */
  readonly name: string;
  readonly kind: FieldKind;
  readonly isoForm: IsoForm;
}

export interface TableSchema {
  /** Fields in first-seen order. */
  readonly fields: readonly FieldInfo[];
  /** Case-insensitive lookup. */
  field(name: string): FieldInfo | undefined;
}

const schemas = new WeakMap<readonly OrgRecord[], TableSchema>();

/** The fields of a table (the union of its records' keys), computed once per records array. */
export function tableSchema(records: readonly OrgRecord[]): TableSchema {
  let schema = schemas.get(records);
  if (schema === undefined) {
    schema = inferSchema(records);
    schemas.set(records, schema);
  }
  return schema;
}

const STRING = 1;
const NUMBER = 2;
const BOOLEAN = 4;
const DATE = 8;
const DATETIME = 16;
/** A datetime not written as YYYY-MM-DDTHH:MM:SSZ (fraction, offset, lower-case t or z). */
const DATETIME_OTHER = 32;

function isCanonicalSecond(value: string): boolean {
  return value.length === 20 && value.charCodeAt(10) === 84 && value.charCodeAt(19) === 90;
}

function inferSchema(records: readonly OrgRecord[]): TableSchema {
  const seen = new Map<string, number>();
  for (const record of records) {
    for (const name in record) {
      const value = record[name];
      let flags = seen.get(name) ?? 0;
      if (typeof value === 'string') {
        if ((flags & STRING) === 0) {
          const ms = value.length >= 10 && value.length <= 35 ? parseIsoMs(value) : null;
          if (ms === null) flags |= STRING;
          else if (value.length === 10) flags |= DATE;
          else flags |= isCanonicalSecond(value) ? DATETIME : DATETIME | DATETIME_OTHER;
        }
      } else if (typeof value === 'number') {
        flags |= NUMBER;
      } else if (typeof value === 'boolean') {
        flags |= BOOLEAN;
      }
      seen.set(name, flags);
    }
  }
  const fields: FieldInfo[] = [];
  const byLower = new Map<string, FieldInfo>();
  for (const [name, flags] of seen) {
    const kind = kindOf(flags);
    const isoForm = kind === 'date' ? 'day' : kind === 'datetime' && flags === DATETIME ? 'second' : null;
    const info: FieldInfo = { name, kind, isoForm };
    fields.push(info);
    if (!byLower.has(name.toLowerCase())) byLower.set(name.toLowerCase(), info);
  }
  return { fields, field: (name) => byLower.get(name.toLowerCase()) };
}

function kindOf(flags: number): FieldKind {
  if (flags === 0) return 'unknown';
  if (flags & STRING) return flags === STRING || (flags & (NUMBER | BOOLEAN)) === 0 ? 'string' : 'mixed';
  if (flags === DATE) return 'date';
  if ((flags & ~(DATE | DATETIME | DATETIME_OTHER)) === 0) return 'datetime';
  if (flags === NUMBER) return 'number';
  if (flags === BOOLEAN) return 'boolean';
  return 'mixed';
}
