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
