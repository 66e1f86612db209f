import {
  AGGREGATE_FUNCTIONS,
  DATE_FUNCTIONS,
  type AggregateFunctionName,
  type DateFunctionName,
  type FieldPath,
  type Literal,
  type ValueExpr,
} from './ast.js';
import { relativeDateArity } from './date-literals.js';
import { DAY_MS } from './iso-dates.js';
import type { TokenCursor } from './token-cursor.js';

const AGGREGATES = new Set<string>(AGGREGATE_FUNCTIONS);
const DATE_FNS = new Set<string>(DATE_FUNCTIONS);
/** Relationship paths deeper than this are refused, as Salesforce refuses more than five levels. */
const MAX_PATH_SEGMENTS = 6;

/** SOQL words that can never name a field; reading one where a field belongs is a syntax error. */
const RESERVED = new Set([
  'AND', 'AS', 'ASC', 'BY', 'DESC', 'EXCLUDES', 'FIRST', 'FOR', 'FROM', 'GROUP', 'HAVING', 'IN', 'INCLUDES', 'LAST', 'LIKE',
  'LIMIT', 'NOT', 'NULL', 'NULLS', 'OFFSET', 'OR', 'ORDER', 'SELECT', 'TRUE', 'FALSE', 'USING', 'WHERE', 'WITH',
]);

export function parseFieldPath(cursor: TokenCursor): FieldPath {
  if (RESERVED.has(cursor.peek().value) && cursor.peek().kind === 'ident') cursor.unexpected('a field name');
  const first = cursor.expectIdent('a field name');
  const path = [first.text];
  while (cursor.acceptPunct('.')) {
    path.push(cursor.expectIdent('a field name after "."').text);
    if (path.length > MAX_PATH_SEGMENTS) cursor.fail(`relationship path '${path.join('.')}' is longer than ${MAX_PATH_SEGMENTS - 1} levels`, first);
  }
  return { kind: 'field', path, pos: first.pos };
}

/**
 * A field, relationship path, date function or aggregate call. `aggregatesForbiddenIn` names the clause
 * when aggregates are not allowed there (WHERE, GROUP BY, ...); null allows them.
 */
export function parseValueExpr(cursor: TokenCursor, aggregatesForbiddenIn: string | null): ValueExpr {
  const head = cursor.peek();
  if (head.kind !== 'ident' || !cursor.atPunct('(', 1)) return parseFieldPath(cursor);
  const name = head.value;
  if (AGGREGATES.has(name)) {
    if (aggregatesForbiddenIn !== null) cursor.fail(`aggregate function ${name}() is not allowed in ${aggregatesForbiddenIn}`, head);
    cursor.next();
    cursor.next();
    if (name === 'COUNT' && cursor.acceptPunct(')')) return { kind: 'aggregate', fn: 'COUNT', arg: null, pos: head.pos };
    if (cursor.atPunct('*')) cursor.fail('COUNT(*) is not SOQL', cursor.peek(), 'Use COUNT() or COUNT(Id)');
    const arg = parseFieldPath(cursor);
    cursor.expectPunct(')');
    return { kind: 'aggregate', fn: name as AggregateFunctionName, arg, pos: head.pos };
  }
  if (DATE_FNS.has(name)) {
    cursor.next();
    cursor.next();
    if (cursor.peek().kind === 'ident' && cursor.atPunct('(', 1)) cursor.fail(`${name}() takes a date or datetime field, not a function call`, cursor.peek());
    const arg = parseFieldPath(cursor);
    cursor.expectPunct(')');
    return { kind: 'dateFunction', fn: name as DateFunctionName, arg, pos: head.pos };
  }
  return cursor.fail(`unknown function '${head.text}'`, head);
}

const VALUE_EXPECTED = 'a value';
const VALUE_HINT = "Values are text in single quotes ('Closed'), numbers, true, false, null, dates (2024-01-31, 2024-01-31T09:00:00Z) or date literals (TODAY, LAST_N_DAYS:30)";

export function parseLiteral(cursor: TokenCursor): Literal {
  const t = cursor.peek();
  switch (t.kind) {
    case 'string':
      cursor.next();
      return { kind: 'string', value: t.value, literalWildcards: t.literalWildcards, pos: t.pos };
    case 'number':
      cursor.next();
      return { kind: 'number', value: t.number, pos: t.pos };
    case 'date':
      cursor.next();
      return { kind: 'dateRange', start: t.number, end: t.number + DAY_MS, text: t.text, pos: t.pos };
    case 'datetime':
      cursor.next();
      return { kind: 'dateRange', start: t.number, end: t.number + 1, text: t.text, pos: t.pos };
    case 'punct': {
      if ((t.value === '-' || t.value === '+') && cursor.peek(1).kind === 'number') {
        cursor.next();
        const n = cursor.next();
        return { kind: 'number', value: t.value === '-' ? -n.number : n.number, pos: t.pos };
      }
      if (t.value === ':') cursor.fail('bind variables (:name) are not supported', t, 'Write the value itself');
      return cursor.unexpected(VALUE_EXPECTED, VALUE_HINT);
    }
    case 'ident':
      return parseWordLiteral(cursor);
    default:
      return cursor.unexpected(VALUE_EXPECTED, VALUE_HINT);
  }
}

function parseWordLiteral(cursor: TokenCursor): Literal {
  const t = cursor.peek();
  if (t.value === 'NULL') {
    cursor.next();
    return { kind: 'null', pos: t.pos };
  }
  if (t.value === 'TRUE' || t.value === 'FALSE') {
    cursor.next();
    return { kind: 'boolean', value: t.value === 'TRUE', pos: t.pos };
  }
  const arity = relativeDateArity(t.value);
  if (arity === null) {
    return cursor.fail(`unexpected token '${t.text}'; expected ${VALUE_EXPECTED}`, t, VALUE_HINT);
  }
  cursor.next();
  if (arity === 'fixed') {
    if (cursor.atPunct(':')) cursor.fail(`date literal ${t.value} takes no ':n'`, cursor.peek());
    return { kind: 'relativeDate', name: t.value, n: null, text: t.value, pos: t.pos };
  }
  if (!cursor.acceptPunct(':')) cursor.fail(`date literal ${t.value} needs a count, e.g. ${t.value}:7`, t);
  const n = cursor.peek();
  if (n.kind !== 'number' || !Number.isSafeInteger(n.number) || n.number > 100_000) {
    cursor.unexpected(`a whole number after ${t.value}:`);
  }
  cursor.next();
  return { kind: 'relativeDate', name: t.value, n: n.number, text: `${t.value}:${n.text}`, pos: t.pos };
}
