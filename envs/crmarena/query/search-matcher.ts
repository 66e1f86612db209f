import type { SearchExpr, SearchScope } from './ast.js';
import type { TableRef } from './org-catalog.js';
import { normalizePhoneText, normalizeSearchText } from './search-text.js';
import type { FieldInfo } from './table-schema.js';
import type { OrgRecord } from './types.js';

export type RecordMatcher = (record: OrgRecord, index: number) => boolean;

const NAME_FIELDS = new Set(['name', 'firstname', 'lastname', 'middlename', 'title', 'subject']);

const isPhone = (lower: string) => lower.includes('phone') || lower.includes('fax');
const isEmail = (lower: string) => lower.includes('email') || lower.endsWith('address');
/** Ids and lookups are not searched: nobody finds a record by typing part of its Id. */
const isReference = (lower: string) => lower.endsWith('id') || lower.endsWith('ids') || lower.endsWith('id__c');

/** The text fields of a table that a search in this scope looks at. */
export function searchableFields(table: TableRef, scope: SearchScope): FieldInfo[] {
  return table.schema.fields.filter((field) => {
    if (field.kind !== 'string' && field.kind !== 'mixed') return false;
    const lower = field.name.toLowerCase();
    switch (scope) {
      case 'NAME':
        return NAME_FIELDS.has(lower);
      case 'EMAIL':
        return isEmail(lower);
      case 'PHONE':
        return isPhone(lower);
      case 'ALL':
        return !isReference(lower);
    }
  });
}

const searchColumns = new WeakMap<readonly OrgRecord[], Map<string, readonly string[]>>();

/** The normalized search text of one field for every record, computed once per table and field. */
function searchColumn(records: readonly OrgRecord[], field: string): readonly string[] {
  let byField = searchColumns.get(records);
  if (byField === undefined) {
    byField = new Map();
    searchColumns.set(records, byField);
  }
  let column = byField.get(field);
  if (column === undefined) {
    const normalize = isPhone(field.toLowerCase()) ? normalizePhoneText : normalizeSearchText;
    column = records.map((record) => {
      const value = record[field];
      return typeof value === 'string' ? normalize(value) : ' ';
    });
    byField.set(field, column);
  }
  return column;
}

/**
 * A record matches a term when one of the searched fields contains the term's words in a row
 * (the last one only as a prefix when the term ends in *). AND, OR and NOT combine per record,
 * so {Jane Smith} finds a contact whose first name is Jane and last name Smith.
 */
export function compileSearch(table: TableRef, fields: readonly FieldInfo[], expr: SearchExpr): RecordMatcher {
  const columns = fields.map((field) => searchColumn(table.records, field.name));
  const compile = (e: SearchExpr): RecordMatcher => {
    switch (e.kind) {
      case 'term': {
        const needle = ` ${e.words.join(' ')}${e.prefix ? '' : ' '}`;
        return (_record, i) => {
          for (const column of columns) if ((column[i] as string).includes(needle)) return true;
          return false;
        };
      }
      case 'and': {
        const parts = e.items.map(compile);
        return (record, i) => parts.every((part) => part(record, i));
      }
      case 'or': {
        const parts = e.items.map(compile);
        return (record, i) => parts.some((part) => part(record, i));
      }
      case 'not': {
        const inner = compile(e.item);
        return (record, i) => !inner(record, i);
      }
    }
  };
  return compile(expr);
}
