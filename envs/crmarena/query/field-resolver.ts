import type { DateFunctionCall, DateFunctionName, FieldPath, ScalarExpr } from './ast.js';
import { civilFromDays, DAY_MS, daysFromCivil, isoDayOf, parseIsoMs, weekdayOfDays } from './iso-dates.js';
import type { Operand } from './operand.js';
import { findTable, idIndex, type TableRef } from './org-catalog.js';
import { QueryError } from './query-error.js';
import { tableSchema, type FieldInfo, type FieldKind } from './table-schema.js';
import type { FieldValue, OrgRecord, QueryableOrg } from './types.js';

/** Lookup names that point at User although no table is called that. */
const USER_RELATIONSHIPS = new Set(['owner', 'createdby', 'lastmodifiedby']);

export function resolveScalar(org: QueryableOrg, table: TableRef, expr: ScalarExpr): Operand<OrgRecord> {
  return expr.kind === 'field' ? resolveField(org, table, expr) : resolveDateFunction(org, table, expr);
}

/** A field or a parent relationship path (Account.Name, Owner.Email, IssueId__r.Name) on `table`. */
export function resolveField(org: QueryableOrg, table: TableRef, expr: FieldPath): Operand<OrgRecord> {
  const label = expr.path.join('.');
  if (expr.path.length === 1) {
    const info = lookupField(table, expr.path[0] as string, expr, label);
    const name = info.name;
    return { key: name, identity: `f:${name.toLowerCase()}`, label, kind: info.kind, isoForm: info.isoForm, pos: expr.pos, get: fieldReader(name) };
  }
  const links: string[] = [];
  const keyParts: string[] = [];
  let current: TableRef | null = table;
  for (let i = 0; i < expr.path.length - 1; i++) {
    const relationship = expr.path[i] as string;
    if (current === null) {
      links.push(relationship);
      keyParts.push(relationship);
      continue;
    }
    const link = relationshipField(current, relationship);
    if (link === undefined) {
      throw new QueryError(
        'INVALID_FIELD',
        `Didn't understand relationship '${relationship}' in field path '${label}' on entity '${current.name}'`,
        expr.pos,
        `A parent path starts from a lookup field: ${relationship}.Name reads through ${relationship}Id`,
      );
    }
    links.push(link.name);
    keyParts.push(link.name.endsWith('__c') ? `${link.name.slice(0, -3)}__r` : link.name.slice(0, -2));
    current = relationshipTarget(org, current, link.name, relationship);
  }
  const leaf = expr.path[expr.path.length - 1] as string;
  const info: FieldInfo = current === null ? { name: leaf, kind: 'unknown', isoForm: null } : lookupField(current, leaf, expr, label);
  const name = info.name;
  const key = [...keyParts, name].join('.');
  const ids = idIndex(org.tables);
  const get = pathReader(links, idIndex(org.tables), name);
  return { key, identity: `f:${key.toLowerCase()}`, label, kind: info.kind, isoForm: info.isoForm, pos: expr.pos, get };
}

// Readers are returned, not bound to names: under tsx (esbuild keepNames) every named closure costs a defineProperty per plan.

/** Reads one field of a record. */
export function fieldReader(name: string): (record: OrgRecord) => FieldValue {
  return (r) => r[name] ?? null;
}

function pathReader(links: readonly string[], ids: ReturnType<typeof idIndex>, name: string): (record: OrgRecord) => FieldValue {
  return (record) => {
    let at: OrgRecord = record;
    for (const link of links) {
      const id = at[link];
      if (typeof id !== 'string') return null;
      const parent = ids.get(id);
      if (parent === undefined) return null;
      at = parent.record;
    }
    return at[name] ?? null;
  };
}

function dateReader(read: (record: OrgRecord) => FieldValue, compute: (ms: number) => FieldValue): (record: OrgRecord) => FieldValue {
  return (record) => {
    const value = read(record);
    if (typeof value !== 'string') return null;
    const ms = parseIsoMs(value);
    return ms === null ? null : compute(ms);
  };
}

function lookupField(table: TableRef, name: string, expr: FieldPath, label: string): FieldInfo {
  const info = table.schema.field(name);
  if (info !== undefined) return info;
  // An empty table has no known fields; accept what is asked, it only ever reads null.
  if (table.records.length === 0) return { name, kind: 'unknown', isoForm: null };
  throw new QueryError('INVALID_FIELD', `No such column '${label}' on entity '${table.name}'`, expr.pos, suggestion(table, name));
}

function suggestion(table: TableRef, name: string): string | null {
  const lower = name.toLowerCase();
  const close = table.schema.fields.find((f) => {
    const other = f.name.toLowerCase();
    return other === `${lower}__c` || other === `${lower}id` || other === `${lower}id__c` || other === lower.replace(/__c$/, '') || other === lower.replace(/s$/, '');
  });
  return close === undefined ? null : `Did you mean '${close.name}'?`;
}

function relationshipField(table: TableRef, relationship: string): FieldInfo | undefined {
  const lower = relationship.toLowerCase();
  if (lower.endsWith('__r')) return table.schema.field(`${relationship.slice(0, -3)}__c`);
  return table.schema.field(`${relationship}Id`) ?? table.schema.field(`${relationship}Id__c`) ?? table.schema.field(`${relationship}__c`);
}

/** The parent table: where the lookup's first non-null value points, else the table the relationship is named after. */
function relationshipTarget(org: QueryableOrg, table: TableRef, link: string, relationship: string): TableRef | null {
  const ids = idIndex(org.tables);
  for (const record of table.records) {
    const id = record[link];
    if (typeof id !== 'string') continue;
    const parent = ids.get(id);
    if (parent === undefined) continue;
    const records = org.tables[parent.table] as readonly OrgRecord[];
    return { name: parent.table, records, schema: tableSchema(records) };
  }
  const named = findTable(org.tables, relationship.replace(/__r$/i, ''));
  if (named !== null) return named;
  return USER_RELATIONSHIPS.has(relationship.toLowerCase()) ? findTable(org.tables, 'User') : null;
}

const DATE_KINDS: ReadonlySet<FieldKind> = new Set(['date', 'datetime', 'unknown', 'mixed']);

function resolveDateFunction(org: QueryableOrg, table: TableRef, expr: DateFunctionCall): Operand<OrgRecord> {
  const inner = resolveField(org, table, expr.arg);
  if (!DATE_KINDS.has(inner.kind)) {
    throw new QueryError('INVALID_FIELD', `${expr.fn}() needs a date or datetime field; '${inner.label}' holds ${inner.kind} values`, expr.arg.pos);
  }
  const get = dateReader(inner.get, DATE_PARTS[expr.fn]);
  return {
    key: `${expr.fn}(${inner.key})`,
    identity: `${expr.fn}(${inner.identity})`,
    label: `${expr.fn}(${inner.label})`,
    kind: expr.fn === 'DAY_ONLY' ? 'date' : 'number',
    isoForm: expr.fn === 'DAY_ONLY' ? 'day' : null,
    pos: expr.pos,
    get,
  };
}

const dayOf = (ms: number) => Math.floor(ms / DAY_MS);
const dayInYear = (ms: number) => {
  const days = dayOf(ms);
  return days - daysFromCivil(civilFromDays(days).year, 1, 1) + 1;
};
const year = (ms: number) => civilFromDays(dayOf(ms)).year;
const quarter = (ms: number) => Math.floor((civilFromDays(dayOf(ms)).month - 1) / 3) + 1;
const month = (ms: number) => civilFromDays(dayOf(ms)).month;

const DATE_PARTS: Readonly<Record<DateFunctionName, (ms: number) => FieldValue>> = {
  CALENDAR_YEAR: year,
  CALENDAR_QUARTER: quarter,
  CALENDAR_MONTH: month,
  DAY_IN_MONTH: (ms) => civilFromDays(dayOf(ms)).day,
  DAY_IN_WEEK: (ms) => weekdayOfDays(dayOf(ms)) + 1,
  DAY_IN_YEAR: dayInYear,
  DAY_ONLY: (ms) => isoDayOf(dayOf(ms)),
  HOUR_IN_DAY: (ms) => Math.floor((ms - dayOf(ms) * DAY_MS) / 3_600_000),
  WEEK_IN_MONTH: (ms) => Math.floor((civilFromDays(dayOf(ms)).day - 1) / 7) + 1,
  WEEK_IN_YEAR: (ms) => Math.floor((dayInYear(ms) - 1) / 7) + 1,
  FISCAL_YEAR: year,
  FISCAL_QUARTER: quarter,
  FISCAL_MONTH: month,
};
