import type { SearchQuery, SelectQuery } from './ast.js';
import { MAX_QUERY_LENGTH, QUERY_CACHE_CAPACITY } from './limits.js';
import { LruCache } from './lru-cache.js';
import { RecentTexts } from './recent-texts.js';
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

/**
 * A query text's parse (org-independent) and its plans per org (tables identity, then today). The
 * first org's plan sits in plain fields: nearly every text is only ever run against one org, and a
 * WeakMap per cached text costs the garbage collector more than the plan itself.
 */
interface CacheEntry<Ast> {
  parsed: Ast | QueryError | null;
  tables: Tables | null;
  today: string;
  plan: Runnable | QueryError | null;
  others: WeakMap<Tables, Map<string, Runnable | QueryError>> | null;
}

function cachedPlan<Ast>(entry: CacheEntry<Ast>, org: QueryableOrg, make: () => Runnable | QueryError): Runnable | QueryError {
  if (entry.tables === org.tables && entry.today === org.today && entry.plan !== null) return entry.plan;
  if (entry.tables === null) {
    entry.tables = org.tables;
    entry.today = org.today;
    return (entry.plan = make());
  }
  entry.others ??= new WeakMap();
  let byToday = entry.others.get(org.tables);
  if (byToday === undefined) entry.others.set(org.tables, (byToday = new Map()));
  let runnable = byToday.get(org.today);
  if (runnable === undefined) byToday.set(org.today, (runnable = make()));
  return runnable;
}

/** Drops what an evicted entry holds: a map's discarded tables may still point at it until the next full collection. */
function forget<Ast>(entry: CacheEntry<Ast>): void {
  entry.parsed = null;
  entry.plan = null;
  entry.others = null;
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
  const recent = new RecentTexts(QUERY_CACHE_CAPACITY);
  return (org: QueryableOrg, text: string): QueryOutcome => {
    try {
      if (typeof text !== 'string') return { ok: false, error: `${code}: the query must be a string` };
      if (text.length > MAX_QUERY_LENGTH) {
        return { ok: false, error: `${code}: the query is ${text.length} characters long; the limit is ${MAX_QUERY_LENGTH}` };
      }
      let entry = cache.get(text);
      if (entry === undefined) {
        entry = { parsed: capture(() => parse(text)), tables: null, today: '', plan: null, others: null };
        // Kept from a text's second use on: a one-off text's parse and plan die young, and a
        // young collection copies only what is still reachable.
        if (recent.seenBefore(text)) {
          const evicted = cache.set(text, entry);
          if (evicted !== undefined) forget(evicted);
        }
      }
      const ast = entry.parsed as Ast | QueryError;
      if (ast instanceof QueryError) return { ok: false, error: ast.format() };
      const runnable = cachedPlan(entry, org, () => capture(() => plan(org, ast)));
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
