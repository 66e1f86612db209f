/** Longest query text accepted; longer input is refused before lexing. */
export const MAX_QUERY_LENGTH = 20_000;
/** Deepest nesting of parentheses, NOT and sub-queries in a condition. */
export const MAX_NESTING_DEPTH = 40;
/** Largest OFFSET Salesforce accepts. */
export const MAX_OFFSET = 2_000;
/** Most records one SOSL search returns across all objects, as Salesforce caps it. */
export const MAX_SEARCH_RESULTS = 2_000;
/** Distinct query texts whose parse and plans are kept. */
export const QUERY_CACHE_CAPACITY = 256;
/** Most ORDER BY items, as Salesforce caps them. */
export const MAX_ORDER_BY_FIELDS = 32;
/** Most GROUP BY fields (each adds a part to every row's group key). */
export const MAX_GROUP_BY_FIELDS = 32;
/** Most IN / NOT IN sub-queries in one query (Salesforce allows two per WHERE clause). */
export const MAX_SUBQUERIES = 2;
