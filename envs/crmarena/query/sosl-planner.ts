import type { ReturningSpec, SearchQuery } from './ast.js';
import { MAX_SEARCH_RESULTS } from './limits.js';
import { findTable, resolveTable, type TableRef } from './org-catalog.js';
import { QueryError } from './query-error.js';
import { compileSearch, searchableFields } from './search-matcher.js';
import { compileWhere, recordConditionScope, rowPlan, type QueryResult, type SoqlPlan } from './soql-planner.js';
import type { QueryableOrg, QueryRecord } from './types.js';

/** SOSL results are flat records; this key carries the object each one came from. */
export const SEARCH_TYPE_KEY = 'attributes.type';

export interface SoslPlan {
  run(): QueryResult;
}

export function planSosl(org: QueryableOrg, query: SearchQuery): SoslPlan {
  const specs = query.returning ?? everyObject(org, query);
  const seen = new Set<string>();
  const plans: { table: TableRef; plan: SoqlPlan }[] = [];
  for (const spec of specs) {
    const table = resolveTable(org.tables, spec.object);
    if (seen.has(table.name)) throw new QueryError('MALFORMED_SEARCH', `${table.name} appears twice in RETURNING`, spec.object.pos);
    seen.add(table.name);
    const matches = compileSearch(table, searchableFields(table, query.scope), query.search);
    const where = spec.where === null ? null : compileWhere(spec.where, recordConditionScope(org, table));
    plans.push({ table, plan: rowPlan(org, table, { positions: null, where }, spec, matches) });
  }
  const cap = Math.min(query.limit ?? MAX_SEARCH_RESULTS, MAX_SEARCH_RESULTS);
  return {
    run: () => {
      const records: QueryRecord[] = [];
      for (const { table, plan } of plans) {
        for (const record of plan.run().records) {
          if (records.length >= cap) break;
          records.push({ [SEARCH_TYPE_KEY]: table.name, ...record });
        }
      }
      return { totalSize: records.length, records };
    },
  };
}

/** Without RETURNING, every object with Ids and searchable text is searched and only Ids come back. */
function everyObject(org: QueryableOrg, query: SearchQuery): ReturningSpec[] {
  const specs: ReturningSpec[] = [];
  for (const name of Object.keys(org.tables)) {
    const table = findTable(org.tables, name);
    if (table === null || table.name !== name || table.schema.field('Id') === undefined) continue;
    if (searchableFields(table, query.scope).length === 0) continue;
    specs.push({ object: { name, pos: 0 }, items: [], where: null, orderBy: [], limit: null, offset: null });
  }
  return specs;
}
