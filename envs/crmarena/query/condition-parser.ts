import type { ComparisonOperator, Condition, Literal, SelectQuery, ValueExpr } from './ast.js';
import { parseLiteral, parseValueExpr } from './expression-parser.js';
import type { TokenCursor } from './token-cursor.js';

export interface ConditionContext {
  /** WHERE or HAVING: named in errors; aggregates are allowed only in HAVING. */
  readonly clause: 'WHERE' | 'HAVING';
  /** Parses `SELECT ...` inside `IN (...)`; the cursor stands on SELECT. */
  readonly parseSubquery: (cursor: TokenCursor) => SelectQuery;
}

const OPERATORS: Readonly<Record<string, ComparisonOperator>> = { '=': '=', '!=': '!=', '<>': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/**
 * A chain of conditions joined by one operator, AND or OR. As in Salesforce, mixing the two at one
 * level is refused: parentheses must say which way it groups. NOT applies to the condition after
 * it. Chains are read in a loop, not by recursion.
 */
export function parseCondition(cursor: TokenCursor, context: ConditionContext): Condition {
  const first = parseUnary(cursor, context);
  const joiner = cursor.atKeyword('AND') ? 'AND' : cursor.atKeyword('OR') ? 'OR' : null;
  if (joiner === null) return first;
  const other = joiner === 'AND' ? 'OR' : 'AND';
  const items = [first];
  while (cursor.acceptKeyword(joiner)) items.push(parseUnary(cursor, context));
  if (cursor.atKeyword(other)) {
    cursor.fail(`unexpected token '${cursor.peek().text}'`, cursor.peek(), 'AND and OR cannot be mixed without parentheses: write (a AND b) OR c, or a AND (b OR c)');
  }
  return { kind: joiner === 'AND' ? 'and' : 'or', items };
}

function parseUnary(cursor: TokenCursor, context: ConditionContext): Condition {
  const t = cursor.peek();
  if (cursor.atKeyword('NOT')) {
    cursor.next();
    return cursor.nested(t, () => ({ kind: 'not', item: parseUnary(cursor, context) }));
  }
  if (cursor.atPunct('(')) {
    cursor.next();
    const inner = cursor.nested(t, () => parseCondition(cursor, context));
    cursor.expectPunct(')');
    return inner;
  }
  return parseComparison(cursor, context);
}

function parseComparison(cursor: TokenCursor, context: ConditionContext): Condition {
  const left = parseValueExpr(cursor, context.clause === 'HAVING' ? null : context.clause);
  const t = cursor.peek();
  const pos = t.pos;
  if (t.kind === 'punct' && Object.hasOwn(OPERATORS, t.value)) {
    cursor.next();
    return { kind: 'compare', left, op: OPERATORS[t.value] as ComparisonOperator, right: parseLiteral(cursor), pos };
  }
  if (t.kind === 'ident') {
    switch (t.value) {
      case 'LIKE':
        cursor.next();
        return { kind: 'like', left, pattern: parseLiteral(cursor), pos };
      case 'IN':
        cursor.next();
        return parseIn(cursor, context, left, false, pos);
      case 'NOT':
        if (cursor.atKeyword('IN', 1)) {
          cursor.next();
          cursor.next();
          return parseIn(cursor, context, left, true, pos);
        }
        if (cursor.atKeyword('LIKE', 1)) cursor.fail("'field NOT LIKE' is not SOQL", t, "Write NOT field LIKE '...'");
        break;
      case 'IS':
        cursor.fail("'IS NULL' is not SOQL", t, 'Write field = null or field != null');
        break;
      case 'INCLUDES':
      case 'EXCLUDES':
        cursor.fail(`${t.value} (multi-select picklists) is not supported`, t);
        break;
      case 'BETWEEN':
        cursor.fail('BETWEEN is not SOQL', t, 'Write field >= a AND field <= b');
        break;
    }
  }
  return cursor.unexpected('a comparison operator (=, !=, <, <=, >, >=, LIKE, IN or NOT IN)');
}

function parseIn(cursor: TokenCursor, context: ConditionContext, left: ValueExpr, negated: boolean, pos: number): Condition {
  const open = cursor.expectPunct('(');
  if (cursor.atKeyword('SELECT')) {
    const query = cursor.nested(open, () => context.parseSubquery(cursor));
    cursor.expectPunct(')');
    return { kind: 'inQuery', left, query, negated, pos };
  }
  const values: Literal[] = [parseLiteral(cursor)];
  while (cursor.acceptPunct(',')) values.push(parseLiteral(cursor));
  cursor.expectPunct(')');
  return { kind: 'in', left, values, negated, pos };
}
