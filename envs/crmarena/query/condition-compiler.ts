import type { Condition, Literal, SelectQuery, ValueExpr } from './ast.js';
import { checkLiteral, compileComparison, isAscii, literalRange, type MsRange } from './comparison-compiler.js';
import { parseIsoMs } from './iso-dates.js';
import { compileLike, lowerCaser } from './like-matcher.js';
import type { Operand } from './operand.js';
import { QueryError } from './query-error.js';
import { domainOfKind } from './value-keys.js';
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
