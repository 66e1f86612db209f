/** A single cell of the org. Dates are ISO 8601 strings ('YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM:SSZ'). */
export type FieldValue = string | number | boolean | null;

/** One row of an object, keyed by field API name. A missing key reads as null. */
export type OrgRecord = Readonly<Record<string, FieldValue>>;

/**
 * What the query engine reads. Tables are keyed by object API name (Case, Account, Issue__c, ...).
 * Tables and records must not be mutated after the first query: schemas, search text and compiled
 * plans are cached against the identity of these arrays and objects.
 */
export interface QueryableOrg {
  readonly tables: Readonly<Record<string, readonly OrgRecord[]>>;
  /** 'YYYY-MM-DD'; relative date literals (TODAY, LAST_N_DAYS:n, ...) are resolved against it, in UTC. */
  readonly today: string;
}

export type QueryRecord = Record<string, FieldValue>;

export type QueryOutcome =
  | { ok: true; totalSize: number; done: true; records: QueryRecord[] }
  | { ok: false; error: string };
