import type { Condition, FieldsMacro, ObjectRef, OrderItem, ScalarExpr, SelectItem, SelectQuery } from './ast.js';
import { parseCondition, type ConditionContext } from './condition-parser.js';
import { parseValueExpr } from './expression-parser.js';
import { tokenize } from './lexer.js';
import { MAX_GROUP_BY_FIELDS, MAX_OFFSET, MAX_ORDER_BY_FIELDS, MAX_SUBQUERIES } from './limits.js';
import { QueryError } from './query-error.js';
import { TokenCursor } from './token-cursor.js';

/** Words that end a select item, so they are never read as its alias. */
const CLAUSE_WORDS = new Set(['FROM', 'WHERE', 'WITH', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'FOR', 'USING', 'ASC', 'DESC', 'NULLS']);

export function parseSoql(text: string): SelectQuery {
  const cursor = new TokenCursor(tokenize(text, 'MALFORMED_QUERY'), 'MALFORMED_QUERY');
  const query = parseSelect(cursor);
  if (cursor.peek().kind !== 'end') cursor.unexpected('the end of the query');
  checkSubqueryCount(query);
  return query;
}

/** Each sub-query is planned and run on its own, so their number is capped (nesting is already capped by depth). */
function checkSubqueryCount(query: SelectQuery): void {
  const pending: (Condition | null)[] = [query.where, query.having];
  let count = 0;
  while (pending.length > 0) {
    const condition = pending.pop();
    if (condition === null || condition === undefined) continue;
    if (condition.kind === 'and' || condition.kind === 'or') pending.push(...condition.items);
    else if (condition.kind === 'not') pending.push(condition.item);
    else if (condition.kind === 'inQuery') {
      if (++count > MAX_SUBQUERIES) {
        throw new QueryError('MALFORMED_QUERY', `a query may hold at most ${MAX_SUBQUERIES} IN / NOT IN sub-queries`, condition.query.pos, 'Combine the conditions into one sub-query, or run separate queries');
      }
      pending.push(condition.query.where, condition.query.having);
    }
  }
}

const WHERE_CONTEXT: ConditionContext = { clause: 'WHERE', parseSubquery: (cursor) => parseSelect(cursor) };
const HAVING_CONTEXT: ConditionContext = { clause: 'HAVING', parseSubquery: (cursor) => parseSelect(cursor) };

export function parseSelect(cursor: TokenCursor): SelectQuery {
  const selectToken = cursor.expectKeyword('SELECT');
  let countOnly = false;
  let items: (SelectItem | FieldsMacro)[] = [];
  if (cursor.atKeyword('COUNT') && cursor.atPunct('(', 1) && cursor.atPunct(')', 2) && cursor.atKeyword('FROM', 3)) {
    cursor.next();
    cursor.next();
    cursor.next();
    countOnly = true;
  } else {
    items = parseSelectList(cursor, true);
  }
  cursor.expectKeyword('FROM');
  const object = parseObjectRef(cursor);
  const where = cursor.acceptKeyword('WHERE') ? parseCondition(cursor, WHERE_CONTEXT) : null;
  parseWithClause(cursor);
  const groupBy = cursor.acceptKeyword('GROUP') ? parseGroupBy(cursor) : [];
  const having = cursor.acceptKeyword('HAVING') ? parseCondition(cursor, HAVING_CONTEXT) : null;
  const orderBy = parseOrderBy(cursor, true);
  const { limit, offset } = parseLimitOffset(cursor);
  if (cursor.acceptKeyword('FOR')) {
    if (!(cursor.acceptKeyword('VIEW') || cursor.acceptKeyword('REFERENCE') || cursor.acceptKeyword('UPDATE'))) cursor.unexpected('VIEW, REFERENCE or UPDATE');
  }
  return { kind: 'select', pos: selectToken.pos, countOnly, items, object, where, groupBy, having, orderBy, limit, offset };
}

export function parseObjectRef(cursor: TokenCursor): ObjectRef {
  const t = cursor.expectIdent('an object name');
  if (cursor.atPunct('.')) cursor.fail(`unexpected '.' after object name '${t.text}'`, cursor.peek(), 'Query one object at a time; parent fields such as Account.Name go in the field list');
  return { name: t.text, pos: t.pos };
}

/** The comma-separated list after SELECT (or inside a SOSL RETURNING object). */
export function parseSelectList(cursor: TokenCursor, allowAggregates: boolean): (SelectItem | FieldsMacro)[] {
  const items: (SelectItem | FieldsMacro)[] = [];
  do {
    const t = cursor.peek();
    if (t.kind === 'punct' && t.value === '(') cursor.fail('sub-queries over child relationships in the select list are not supported', t, 'Query the child object with a WHERE on its parent Id');
    if (t.kind === 'punct' && t.value === '*') cursor.fail("SOQL has no SELECT *", t, 'Name the fields (SELECT Id, Name ...) or use FIELDS(ALL)');
    if (t.kind === 'ident' && t.value === 'TYPEOF') cursor.fail('TYPEOF is not supported', t);
    if (t.kind === 'ident' && t.value === 'FIELDS' && cursor.atPunct('(', 1)) {
      cursor.next();
      cursor.next();
      const which = cursor.expectIdent('ALL, STANDARD or CUSTOM');
      if (which.value !== 'ALL' && which.value !== 'STANDARD' && which.value !== 'CUSTOM') cursor.fail(`FIELDS(${which.text}) is not valid`, which, 'Use FIELDS(ALL), FIELDS(STANDARD) or FIELDS(CUSTOM)');
      cursor.expectPunct(')');
      items.push({ kind: 'fields', which: which.value, pos: t.pos });
      continue;
    }
    const expr = parseValueExpr(cursor, allowAggregates ? null : 'a RETURNING field list');
    if (expr.kind === 'aggregate' && expr.arg === null) cursor.fail('COUNT() must be the only item in the select list', expr.pos, 'Use COUNT(Id) next to other fields');
    const next = cursor.peek();
    let alias: string | null = null;
    if (next.kind === 'ident' && !CLAUSE_WORDS.has(next.value)) {
      cursor.next();
      alias = next.text;
    }
    items.push({ kind: 'item', expr, alias, pos: t.pos });
  } while (cursor.acceptPunct(','));
  return items;
}

function parseWithClause(cursor: TokenCursor): void {
  const t = cursor.acceptKeyword('WITH');
  if (t === null) return;
  const mode = cursor.expectIdent('SECURITY_ENFORCED, USER_MODE or SYSTEM_MODE');
  if (mode.value !== 'SECURITY_ENFORCED' && mode.value !== 'USER_MODE' && mode.value !== 'SYSTEM_MODE') {
    cursor.fail(`WITH ${mode.text} is not supported`, mode);
  }
}

function parseGroupBy(cursor: TokenCursor): ScalarExpr[] {
  cursor.expectKeyword('BY');
  const t = cursor.peek();
  if ((cursor.atKeyword('ROLLUP') || cursor.atKeyword('CUBE')) && cursor.atPunct('(', 1)) cursor.fail(`GROUP BY ${t.value} is not supported`, t);
  const exprs: ScalarExpr[] = [];
  do {
    const expr = parseValueExpr(cursor, 'GROUP BY');
    if (expr.kind === 'aggregate') cursor.fail('aggregate functions are not allowed in GROUP BY', expr.pos);
    if (exprs.length === MAX_GROUP_BY_FIELDS) cursor.fail(`GROUP BY may list at most ${MAX_GROUP_BY_FIELDS} fields`, expr.pos);
    exprs.push(expr);
  } while (cursor.acceptPunct(','));
  return exprs;
}

export function parseOrderBy(cursor: TokenCursor, allowAggregates: boolean): OrderItem[] {
  if (!cursor.acceptKeyword('ORDER')) return [];
  cursor.expectKeyword('BY');
  const items: OrderItem[] = [];
  do {
    const start = cursor.peek();
    const expr = parseValueExpr(cursor, allowAggregates ? null : 'this ORDER BY');
    let descending = false;
    if (cursor.acceptKeyword('DESC')) descending = true;
    else cursor.acceptKeyword('ASC');
    let nullsFirst: boolean | null = null;
    if (cursor.acceptKeyword('NULLS')) {
      if (cursor.acceptKeyword('FIRST')) nullsFirst = true;
      else if (cursor.acceptKeyword('LAST')) nullsFirst = false;
      else cursor.unexpected('FIRST or LAST after NULLS');
    }
    if (items.length === MAX_ORDER_BY_FIELDS) cursor.fail(`ORDER BY may list at most ${MAX_ORDER_BY_FIELDS} fields`, start);
    items.push({ expr, descending, nullsFirst, pos: start.pos });
  } while (cursor.acceptPunct(','));
  return items;
}

export function parseLimitOffset(cursor: TokenCursor): { limit: number | null; offset: number | null } {
  const limit = cursor.acceptKeyword('LIMIT') ? cursor.expectCount('LIMIT') : null;
  let offset: number | null = null;
  const offsetToken = cursor.acceptKeyword('OFFSET');
  if (offsetToken !== null) {
    offset = cursor.expectCount('OFFSET');
    if (offset > MAX_OFFSET) throw new QueryError('NUMBER_OUTSIDE_VALID_RANGE', `OFFSET may be at most ${MAX_OFFSET}, got ${offset}`, offsetToken.pos);
  }
  return { limit, offset };
}
