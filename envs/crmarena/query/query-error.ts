/** Salesforce-style error codes this engine reports. */
export type QueryErrorCode =
  | 'MALFORMED_QUERY'
  | 'MALFORMED_SEARCH'
  | 'INVALID_FIELD'
  | 'INVALID_TYPE'
  | 'INVALID_QUERY_FILTER_OPERATOR'
  | 'NUMBER_OUTSIDE_VALID_RANGE'
  | 'UNKNOWN_EXCEPTION';

/**
 * Raised inside the engine and turned into `{ ok: false, error }` at the public boundary, so the
 * exported functions never throw. `position` is a 0-based offset into the query text.
 */
export class QueryError extends Error {
  constructor(
    readonly code: QueryErrorCode,
    readonly detail: string,
    readonly position: number | null,
    /** Advice on how to fix it, appended after the position. */
    readonly hint: string | null = null,
  ) {
    super(`${code}: ${detail}`);
  }

  /** 'CODE: detail at position N. Hint.' with N counted from 1, as an editor shows columns. */
  format(): string {
    const where = this.position === null ? '' : ` at position ${this.position + 1}`;
    return `${this.code}: ${this.detail}${where}${this.hint === null ? '' : `. ${this.hint}`}`;
  }
}

export function describeError(error: unknown): string {
  if (error instanceof QueryError) return error.format();
  const reason = error instanceof Error ? error.message : String(error);
  return `UNKNOWN_EXCEPTION: the query could not be evaluated (${reason})`;
}
