export type { FieldValue, OrgRecord, QueryableOrg, QueryOutcome, QueryRecord } from './types.js';
export { runSoql, runSosl } from './engine.js';
export { SEARCH_TYPE_KEY } from './sosl-planner.js';
export { MAX_QUERY_LENGTH } from './limits.js';
