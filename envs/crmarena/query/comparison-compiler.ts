import type { ComparisonOperator, Literal } from './ast.js';
import { resolveRelativeDate } from './date-literals.js';
import { canonicalIsoAtOrAfter, DAY_MS, parseIsoMs } from './iso-dates.js';
import type { Predicate } from './condition-compiler.js';
import type { Operand } from './operand.js';
import { QueryError } from './query-error.js';
import { domainOfKind, KEY_READERS, type Domain, type Key } from './value-keys.js';
import type { FieldValue } from './types.js';

export interface MsRange {
  readonly start: number;
  readonly end: number;
}

export function literalRange(literal: Literal, today: string): MsRange | null {
  if (literal.kind === 'dateRange') return literal;
  if (literal.kind !== 'relativeDate') return null;
  const todayMs = parseIsoMs(today);
  if (todayMs === null) throw new QueryError('UNKNOWN_EXCEPTION', `the org's today '${today}' is not a YYYY-MM-DD date`, literal.pos);
  const days = resolveRelativeDate(literal.name, literal.n, Math.floor(todayMs / DAY_MS));
  return { start: days.start * DAY_MS, end: days.end * DAY_MS };
}

function literalDomain(literal: Literal): Domain | null {
  switch (literal.kind) {
    case 'null':
      return null;
    case 'dateRange':
    case 'relativeDate':
      return 'date';
    default:
      return literal.kind;
  }
}

const DOMAIN_NAMES: Readonly<Record<Domain, string>> = { string: 'string', number: 'number', boolean: 'boolean', date: 'date' };

/** Salesforce refuses a literal of the wrong type for the field; so do we, with a message that says how to write it. */
export function checkLiteral<Row>(operand: Operand<Row>, literal: Literal): void {
  const wanted = domainOfKind(operand.kind);
  const given = literalDomain(literal);
  if (wanted === null || given === null || wanted === given) return;
  const typeName = operand.kind === 'datetime' ? 'dateTime' : DOMAIN_NAMES[wanted];
  let how: string;
  if (given === 'string') how = ' and should not be enclosed in quotes';
  else if (wanted === 'string') how = ' and should be enclosed in single quotes';
  else how = `, not ${DOMAIN_NAMES[given]}`;
  let hint: string | null = null;
  if (wanted === 'date') hint = operand.kind === 'datetime' ? 'Write e.g. 2024-01-31T00:00:00Z, 2024-01-31 or LAST_N_DAYS:30, without quotes' : 'Write e.g. 2024-01-31 or THIS_MONTH, without quotes';
  throw new QueryError('INVALID_FIELD', `value of filter criterion for field '${operand.label}' must be of type ${typeName}${how}`, literal.pos, hint);
}

export function compileComparison<Row>(operand: Operand<Row>, op: ComparisonOperator, literal: Literal, today: string): Predicate<Row> {
  checkLiteral(operand, literal);
  const get = operand.get;
  if (literal.kind === 'null') {
    if (op === '=') return (row) => get(row) === null;
    if (op === '!=') return (row) => get(row) !== null;
    throw new QueryError('INVALID_QUERY_FILTER_OPERATOR', `null can only be compared with = or !=, not ${op}`, literal.pos);
  }
  const range = literalRange(literal, today);
  if (range !== null) return operand.isoForm === null ? compareWithRange(get, op, range) : compareIsoWithRange(get, op, range, operand.isoForm);
  const domain = literalDomain(literal) as Domain;
  if (domain === 'string' && (op === '=' || op === '!=')) {
    const equals = textEquals((literal as { value: string }).value);
    return op === '=' ? (row) => equals(get(row)) : (row) => !equals(get(row));
  }
  const read = KEY_READERS[domain];
  const target = read((literal as { value: FieldValue }).value) as Key;
  switch (op) {
    case '=':
      return (row) => read(get(row)) === target;
    case '!=':
      return (row) => read(get(row)) !== target;
    case '<':
      return (row) => {
        const k = read(get(row));
        return k !== null && k < target;
      };
    case '<=':
      return (row) => {
        const k = read(get(row));
        return k !== null && k <= target;
      };
    case '>':
      return (row) => {
        const k = read(get(row));
        return k !== null && k > target;
      };
    case '>=':
      return (row) => {
        const k = read(get(row));
        return k !== null && k >= target;
      };
  }
}

/** A date literal is a span of time: '=' means inside it, '<' before its start, '>' after its end. */
function compareWithRange<Row>(get: (row: Row) => FieldValue, op: ComparisonOperator, { start, end }: MsRange): Predicate<Row> {
  const read = KEY_READERS.date as (value: FieldValue) => number | null;
  switch (op) {
    case '=':
      return (row) => {
        const ms = read(get(row));
        return ms !== null && ms >= start && ms < end;
      };
    case '!=':
      return (row) => {
        const ms = read(get(row));
        return ms === null || ms < start || ms >= end;
      };
    case '<':
      return (row) => {
        const ms = read(get(row));
        return ms !== null && ms < start;
      };
    case '<=':
      return (row) => {
        const ms = read(get(row));
        return ms !== null && ms < end;
      };
    case '>':
      return (row) => {
        const ms = read(get(row));
        return ms !== null && ms >= end;
      };
    case '>=':
      return (row) => {
        const ms = read(get(row));
        return ms !== null && ms >= start;
      };
  }
}

export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/**
 * Case-insensitive equality with a literal without allocating: ASCII is folded character by
 * character, from the end (Ids share long prefixes and differ in their tails), stopping at the
 * first difference; only non-ASCII text falls back to toLowerCase. (No string of another length
 * lower-cases to an ASCII text, so a length mismatch settles it.)
 */
function textEquals(literal: string): (value: FieldValue) => boolean {
  const target = literal.toLowerCase();
  const asciiTarget = isAscii(target);
  return (v) => {
    if (typeof v !== 'string') return false;
    if (v === literal) return true;
    if (v.length !== target.length) return !asciiTarget && v.toLowerCase() === target;
    for (let i = v.length - 1; i >= 0; i--) {
      const c = v.charCodeAt(i);
      const t = target.charCodeAt(i);
      if (c === t) continue;
      if (c >= 65 && c <= 90) {
        if (c + 32 === t) continue;
        return false;
      }
      return c < 128 ? false : v.toLowerCase() === target;
    }
    return true;
  };
}

/** The same span test on canonical ISO strings (see IsoForm): string comparisons, no parsing. */
function compareIsoWithRange<Row>(get: (row: Row) => FieldValue, op: ComparisonOperator, range: MsRange, form: 'day' | 'second'): Predicate<Row> {
  const start = canonicalIsoAtOrAfter(range.start, form);
  const end = canonicalIsoAtOrAfter(range.end, form);
  switch (op) {
    case '=':
      return (row) => {
        const v = get(row);
        return typeof v === 'string' && v >= start && v < end;
      };
    case '!=':
      return (row) => {
        const v = get(row);
        return typeof v !== 'string' || v < start || v >= end;
      };
    case '<':
      return (row) => {
        const v = get(row);
        return typeof v === 'string' && v < start;
      };
    case '<=':
      return (row) => {
        const v = get(row);
        return typeof v === 'string' && v < end;
      };
    case '>':
      return (row) => {
        const v = get(row);
        return typeof v === 'string' && v >= end;
      };
    case '>=':
      return (row) => {
        const v = get(row);
        return typeof v === 'string' && v >= start;
      };
  }
}
