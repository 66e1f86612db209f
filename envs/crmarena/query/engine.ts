import type { SearchQuery, SelectQuery } from './ast.js';
import { MAX_QUERY_LENGTH, QUERY_CACHE_CAPACITY } from './limits.js';
import { LruCache } from './lru-cache.js';
import { describeError, QueryError, type QueryErrorCode } from './query-error.js';
import { planSosl } from './sosl-planner.js';
import { parseSosl } from './sosl-parser.js';
import { planSoql, type QueryResult } from './soql-planner.js';
import { parseSoql } from './soql-parser.js';
import type { QueryableOrg, QueryOutcome } from './types.js';

type Tables = QueryableOrg['tables'];

interface Runnable {
  run(): QueryResult;
}

/** A query text's parse (org-independent) and its plans per org (tables identity, then today). */
interface CacheEntry<Ast> {
  readonly parsed: Ast | QueryError;
  readonly plans: WeakMap<Tables, Map<string, Runnable | QueryError>>;
}

function capture<T>(work: () => T): T | QueryError {
  try {
    return work();
  } catch (error) {
    if (error instanceof QueryError) return error;
    throw error;
  }
}

function makeRunner<Ast>(code: QueryErrorCode, parse: (text: string) => Ast, plan: (org: QueryableOrg, ast: Ast) => Runnable) {
  const cache = new LruCache<CacheEntry<Ast>>(QUERY_CACHE_CAPACITY);
  return (org: QueryableOrg, text: string): QueryOutcome => {
    try {
      if (typeof text !== 'string') return { ok: false, error: `${code}: the query must be a string` };
      if (text.length > MAX_QUERY_LENGTH) {
        return { ok: false, error: `${code}: the query is ${text.length} characters long; the limit is ${MAX_QUERY_LENGTH}` };
      }
      let entry = cache.get(text);
      if (entry === undefined) {
        entry = { parsed: capture(() => parse(text)), plans: new WeakMap() };
        cache.set(text, entry);
      }
      const ast = entry.parsed;
      if (ast instanceof QueryError) return { ok: false, error: ast.format() };
      let byToday = entry.plans.get(org.tables);
      if (byToday === undefined) {
        byToday = new Map();
        entry.plans.set(org.tables, byToday);
      }
      let runnable = byToday.get(org.today);
      if (runnable === undefined) {
        runnable = capture(() => plan(org, ast));
        byToday.set(org.today, runnable);
      }
      if (runnable instanceof QueryError) return { ok: false, error: runnable.format() };
      const { totalSize, records } = runnable.run();
      return { ok: true, totalSize, done: true, records };
    } catch (error) {
      return { ok: false, error: describeError(error) };
    }
  };
}

const soqlRunner = makeRunner<SelectQuery>('MALFORMED_QUERY', parseSoql, planSoql);
const soslRunner = makeRunner<SearchQuery>('MALFORMED_SEARCH', parseSosl, planSosl);

/**
 * Runs a SOQL query against the org. Never throws: any problem comes back as
 * `{ ok: false, error: 'CODE: message at position N' }`.
 */
export function runSoql(org: QueryableOrg, query: string): QueryOutcome {
  return soqlRunner(org, query);
}

/**
 * Runs a SOSL search against the org. Records of every RETURNING object come back in one list, in
 * RETURNING order, each carrying its object name under the key 'attributes.type'. Never throws.
 */
export function runSosl(org: QueryableOrg, query: string): QueryOutcome {
  return soslRunner(org, query);
}
