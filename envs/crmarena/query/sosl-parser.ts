import type { ReturningSpec, SearchQuery, SearchScope } from './ast.js';
import { parseCondition, type ConditionContext } from './condition-parser.js';
import { tokenize } from './lexer.js';
import { QueryError } from './query-error.js';
import { parseSearchExpression } from './search-expression-parser.js';
import { parseLimitOffset, parseObjectRef, parseOrderBy, parseSelect, parseSelectList } from './soql-parser.js';
import { TokenCursor } from './token-cursor.js';

const SCOPES: Readonly<Record<string, SearchScope>> = { ALL: 'ALL', NAME: 'NAME', EMAIL: 'EMAIL', PHONE: 'PHONE', SIDEBAR: 'ALL' };
const RETURNING_WHERE: ConditionContext = { clause: 'WHERE', parseSubquery: (cursor) => parseSelect(cursor) };

/** FIND {terms} [IN scope FIELDS] [RETURNING Object[(fields [WHERE] [ORDER BY] [LIMIT] [OFFSET])], ...] [LIMIT n] */
export function parseSosl(text: string): SearchQuery {
  const cursor = new TokenCursor(tokenize(text, 'MALFORMED_SEARCH'), 'MALFORMED_SEARCH');
  cursor.expectKeyword('FIND');
  const term = cursor.peek();
  if (term.kind !== 'braced' && term.kind !== 'string') cursor.unexpected('a search term in braces, e.g. FIND {Acme}');
  cursor.next();
  const search = parseSearchExpression(term.value, term.pos + 1);
  let scope: SearchScope = 'ALL';
  if (cursor.acceptKeyword('IN')) {
    const word = cursor.expectIdent('ALL, NAME, EMAIL or PHONE');
    const named = SCOPES[word.value];
    scope = named ?? cursor.fail(`IN ${word.text} FIELDS is not supported`, word, 'Use IN ALL FIELDS, NAME FIELDS, EMAIL FIELDS or PHONE FIELDS');
    cursor.expectKeyword('FIELDS');
  }
  let returning: ReturningSpec[] | null = null;
  if (cursor.acceptKeyword('RETURNING')) {
    returning = [];
    do returning.push(parseReturningSpec(cursor));
    while (cursor.acceptPunct(','));
  }
  const withToken = cursor.acceptKeyword('WITH');
  if (withToken !== null) cursor.fail('WITH clauses are not supported in searches', withToken);
  const limit = cursor.acceptKeyword('LIMIT') ? cursor.expectCount('LIMIT') : null;
  if (cursor.peek().kind !== 'end') cursor.unexpected('the end of the search');
  return { kind: 'search', search, scope, returning, limit };
}

function parseReturningSpec(cursor: TokenCursor): ReturningSpec {
  const object = parseObjectRef(cursor);
  if (!cursor.acceptPunct('(')) return { object, items: [], where: null, orderBy: [], limit: null, offset: null };
  const items = parseSelectList(cursor, false);
  const where = cursor.acceptKeyword('WHERE') ? parseCondition(cursor, RETURNING_WHERE) : null;
  const orderBy = parseOrderBy(cursor, false);
  const { limit, offset } = parseLimitOffset(cursor);
  const close = cursor.peek();
  if (!cursor.acceptPunct(')')) {
    if (close.kind === 'end') throw new QueryError('MALFORMED_SEARCH', `RETURNING ${object.name}( is never closed`, object.pos);
    cursor.unexpected(`')' to close RETURNING ${object.name}(...)`);
  }
  return { object, items, where, orderBy, limit, offset };
}
