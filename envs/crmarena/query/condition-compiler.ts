import type { ComparisonOperator, Condition, Literal, SelectQuery, ValueExpr } from './ast.js';
import { resolveRelativeDate } from './date-literals.js';
import { canonicalIsoAtOrAfter, DAY_MS, parseIsoMs } from './iso-dates.js';
import { compileLike, lowerCaser } from './like-matcher.js';
import type { Operand } from './operand.js';
import { QueryError } from './query-error.js';
import { domainOfKind, KEY_READERS, type Domain, type Key } from './value-keys.js';
import type { FieldValue } from './types.js';

export type Predicate<Row> = (row: Row) => boolean;

export interface ConditionScope<Row> {
  /** Resolves the left side of a comparison, or throws an error naming it. */
  resolve(expr: ValueExpr): Operand<Row>;
  /** The values a semi-join sub-query selects: planned (and checked) when asked, read when the reader is first called. */
  subqueryValues(query: SelectQuery): () => readonly FieldValue[];
  /** The org's today, 'YYYY-MM-DD', for relative date literals. */
  readonly today: string;
  /**
   * Whether no row holds this text (case-insensitively) in the plain field `expr` names, so that
   * `expr != 'text'` holds for every row. Only record scopes know; over groups it is absent.
   */
  readonly textAbsent?: (expr: ValueExpr, text: string) => boolean;
}

/** The predicate of a condition that holds for every row; an AND drops it, and a WHERE of it is no WHERE. */
export const ALWAYS: Predicate<unknown> = () => true;

/** Compiles a condition tree into one closure; all type checks happen here, once per query. */
export function compileCondition<Row>(condition: Condition, scope: ConditionScope<Row>): Predicate<Row> {
  switch (condition.kind) {
    case 'and':
      return conjunction(compileConjuncts(condition, scope).map((c) => c.predicate));
    case 'or': {
      const parts = distinctItems(condition.items).map((item) => compileCondition(item, scope));
      return (row) => {
        for (const part of parts) if (part(row)) return true;
        return false;
      };
    }
    case 'not': {
      const inner = compileCondition(condition.item, scope);
      return (row) => !inner(row);
    }
    case 'compare': {
      const predicate = compileComparison(scope.resolve(condition.left), condition.op, condition.right, scope.today);
      const right = condition.right;
      if (condition.op === '!=' && right.kind === 'string' && scope.textAbsent?.(condition.left, right.value) === true) return ALWAYS;
      return predicate;
    }
    case 'like':
      return compileLikeCondition(scope.resolve(condition.left), condition.pattern, scope);
    case 'in': {
      const operand = scope.resolve(condition.left);
      for (const literal of condition.values) {
        checkLiteral(operand, literal);
        literalRange(literal, scope.today);
      }
      if (condition.negated && condition.values.every((v) => v.kind === 'string' && scope.textAbsent?.(condition.left, v.value) === true)) return ALWAYS;
      const today = scope.today;
      return membership(operand, () => {
        const set = new ValueSet();
        for (const literal of condition.values) set.addLiteral(literal, today);
        return set;
      }, condition.negated);
    }
    case 'inQuery': {
      const operand = scope.resolve(condition.left);
      const values = scope.subqueryValues(condition.query);
      return membership(operand, () => {
        const set = new ValueSet();
        for (const value of values()) if (value !== null) set.addValue(value);
        return set;
      }, condition.negated);
    }
  }
}

/** A condition's items if it is an AND (repeats dropped), else the condition itself, each compiled, in order. */
export function compileConjuncts<Row>(condition: Condition, scope: ConditionScope<Row>): { item: Condition; predicate: Predicate<Row> }[] {
  const items = condition.kind === 'and' ? distinctItems(condition.items) : [condition];
  return items.map((item) => ({ item, predicate: compileCondition(item, scope) }));
}

/** All of the predicates (ALWAYS when there are none left). */
export function conjunction<Row>(predicates: readonly Predicate<Row>[]): Predicate<Row> {
  const parts = predicates.filter((part) => part !== ALWAYS);
  if (parts.length === 0) return ALWAYS;
  if (parts.length === 1) return parts[0] as Predicate<Row>;
  return (row) => {
    for (const part of parts) if (!part(row)) return false;
    return true;
  };
}

/** The items of an AND / OR without repeats (positions aside): a repeated condition cannot change the result, only the cost. */
function distinctItems(items: readonly Condition[]): readonly Condition[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = conditionKey(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A text that two conditions share exactly when they are the same condition, positions aside. */
function conditionKey(condition: Condition): string {
  switch (condition.kind) {
    case 'and':
    case 'or':
      return `${condition.kind}(${condition.items.map(conditionKey).join(',')})`;
    case 'not':
      return `not(${conditionKey(condition.item)})`;
    case 'compare':
      return `${exprKey(condition.left)} ${condition.op} ${literalKey(condition.right)}`;
    case 'like':
      return `${exprKey(condition.left)} like ${literalKey(condition.pattern)}`;
    case 'in':
      return `${exprKey(condition.left)} ${condition.negated ? 'not in' : 'in'} (${condition.values.map(literalKey).join(',')})`;
    case 'inQuery':
      // Never repeated: a query holds at most MAX_SUBQUERIES of them, so a repeat costs little.
      return `${exprKey(condition.left)} ${condition.negated ? 'not in' : 'in'} sub-query ${condition.pos}`;
  }
}

function exprKey(expr: ValueExpr): string {
  if (expr.kind === 'field') return expr.path.join('.');
  return `${expr.fn}(${expr.arg === null ? '' : exprKey(expr.arg)})`;
}

function literalKey(literal: Literal): string {
  switch (literal.kind) {
    case 'null':
      return 'null';
    case 'string':
      return `${JSON.stringify(literal.value)}${literal.literalWildcards.join('.')}`;
    case 'dateRange':
      return `d${literal.start}:${literal.end}`;
    case 'relativeDate':
      return `r${literal.name}:${literal.n}`;
    default:
      return `${literal.kind[0]}${literal.value}`;
  }
}

/**
 * IN / NOT IN over a set built on first use (the literals were checked when compiled): a plan that
 * reads the condition from the equality index never asks, and never builds it.
 */
function membership<Row>(operand: Operand<Row>, build: () => ValueSet, negated: boolean): Predicate<Row> {
  const get = operand.get;
  let set: ValueSet | null = null;
  return negated ? (row) => !(set ??= build()).has(get(row)) : (row) => (set ??= build()).has(get(row));
}

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
function checkLiteral<Row>(operand: Operand<Row>, literal: Literal): void {
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

function compileComparison<Row>(operand: Operand<Row>, op: ComparisonOperator, literal: Literal, today: string): Predicate<Row> {
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

function isAscii(text: string): boolean {
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

/** The lower-casers of one compiled condition tree, by field identity (see lowerCaser). */
const LOWER_CASERS = new WeakMap<object, Map<string, (text: string) => string>>();

function sharedLowerCaser(scope: object, identity: string): (text: string) => string {
  let byField = LOWER_CASERS.get(scope);
  if (byField === undefined) LOWER_CASERS.set(scope, (byField = new Map()));
  let lower = byField.get(identity);
  if (lower === undefined) byField.set(identity, (lower = lowerCaser()));
  return lower;
}

function compileLikeCondition<Row>(operand: Operand<Row>, pattern: Literal, scope: object): Predicate<Row> {
  const domain = domainOfKind(operand.kind);
  if (domain !== null && domain !== 'string') {
    throw new QueryError('INVALID_QUERY_FILTER_OPERATOR', `LIKE works on text fields only; '${operand.label}' holds ${operand.kind} values`, operand.pos);
  }
  if (pattern.kind !== 'string') throw new QueryError('INVALID_QUERY_FILTER_OPERATOR', 'LIKE needs a pattern in single quotes, e.g. \'%word%\'', pattern.pos);
  const matches = compileLike(pattern.value, pattern.literalWildcards);
  const lower = sharedLowerCaser(scope, operand.identity);
  const get = operand.get;
  return (row) => {
    const value = get(row);
    return typeof value === 'string' && matches(lower(value));
  };
}

/** Values of an IN list, looked up in O(1) per row (date spans by a scan of the listed spans). */
class ValueSet {
  readonly #strings = new Set<string>();
  /** Lengths of the (all-ASCII) strings, for a quick miss; null once a non-ASCII string is added. */
  #lengths: Set<number> | null = new Set<number>();
  readonly #numbers = new Set<number>();
  readonly #booleans = new Set<boolean>();
  readonly #ranges: MsRange[] = [];
  #hasNull = false;

  addLiteral(literal: Literal, today: string): void {
    const range = literalRange(literal, today);
    if (range !== null) this.#ranges.push(range);
    else if (literal.kind !== 'dateRange' && literal.kind !== 'relativeDate') this.addValue(literal.kind === 'null' ? null : literal.value);
  }

  addValue(value: FieldValue): void {
    if (value === null) this.#hasNull = true;
    else if (typeof value === 'string') {
      const lower = value.toLowerCase();
      this.#strings.add(lower);
      if (this.#lengths !== null) {
        if (isAscii(lower)) this.#lengths.add(lower.length);
        else this.#lengths = null;
      }
    }
    else if (typeof value === 'number') this.#numbers.add(value);
    else this.#booleans.add(value);
  }

  has(value: FieldValue): boolean {
    if (value === null) return this.#hasNull;
    if (typeof value === 'number') return this.#numbers.has(value);
    if (typeof value === 'boolean') return this.#booleans.has(value);
    if (this.#strings.size > 0 && (this.#lengths === null || this.#lengths.has(value.length)) && this.#strings.has(value.toLowerCase())) return true;
    if (this.#ranges.length === 0) return false;
    const ms = parseIsoMs(value);
    return ms !== null && this.#ranges.some((r) => ms >= r.start && ms < r.end);
  }
}
