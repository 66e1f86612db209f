import type { FieldValue } from './types.js';
import type { FieldKind, IsoForm } from './table-schema.js';

/** A resolved value source: a field, relationship path, date function or (over groups) an aggregate. */
export interface Operand<Row> {
  /** How results name it: 'Subject', 'Account.Name', ... (aggregates and date functions get exprN or an alias instead). */
  readonly key: string;
  /** Lower-case identity used to match GROUP BY and select items: 'f:account.name', 'CALENDAR_MONTH(f:createddate)'. */
  readonly identity: string;
  /** As the query wrote it, for messages. */
  readonly label: string;
  readonly kind: FieldKind;
  /** Set when every value is a canonical ISO string of one width, so strings compare as dates. */
  readonly isoForm: IsoForm;
  readonly pos: number;
  readonly get: (row: Row) => FieldValue;
}
