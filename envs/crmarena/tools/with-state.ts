import { exactRecordText } from '../../../src/core/shared-json.js';
import type { JsonValue } from '../../../src/core/json.js';
import { to18 } from '../org/ids.js';
import type { Org } from '../org/org.js';
import { JoinedTexts } from './case-list.js';

/** The ShippingState of a case's account in the org (null when the account is unknown). */
export function stateOf(org: Org, c: { AccountId: string }): string | null {
  return org.index.accounts.get(to18(c.AccountId))?.ShippingState ?? null;
}

/** A shared with-state record and its JSON text (null when the text would not parse back equal). */
export interface WithState {
  readonly record: JsonValue;
  readonly text: string | null;
}

/** The validated case with its account's ShippingState added, frozen: what get_shipping_state returns for it. */
export function withState(org: Org, c: { AccountId: string }): WithState {
  const record = Object.freeze({ ...c, ShippingState: stateOf(org, c) }) as JsonValue;
  return { record, text: exactRecordText(record) };
}

/**
 * get_shipping_state's records for the org's case views, by case row, made on first use: `records`
 * is the space of the origin of its outputs (see core/list-origin), so the next tool reads rows.
 */
export interface WithStateRows {
  readonly records: (JsonValue | undefined)[];
  readonly texts: (string | null | undefined)[];
  /** Every row's text joined (see withStateTable); undefined until asked for, null when some text is not exact. */
  table: JoinedTexts | null | undefined;
}

const byOrg = new WeakMap<Org, WithStateRows>();

export function withStateRows(org: Org): WithStateRows {
  let rows = byOrg.get(org);
  if (rows === undefined) {
    const n = org.index.caseViews.length;
    byOrg.set(org, (rows = { records: new Array<JsonValue | undefined>(n).fill(undefined), texts: new Array<string | null | undefined>(n).fill(undefined), table: undefined }));
  }
  return rows;
}

/**
 * Every row's with-state record made (from `validated`, the tool's validated copies of all the
 * org's case views, read only the first time) and their texts joined, so that the records of a
 * run of rows (get_cases over a date range) are told to jsonText as a slice of one text, and
 * recalled with one comparison. Made once per org, on the first run asked for.
 */
export function withStateTable(org: Org, validated: () => readonly { AccountId: string }[] | null): JoinedTexts | null {
  const known = withStateRows(org);
  if (known.table !== undefined) return known.table;
  known.table = null;
  const views = validated();
  if (views === null || views.length !== known.records.length) return null;
  const { records, texts } = known;
  for (let row = 0; row < records.length; row++) {
    if (records[row] !== undefined) continue;
    const made = withState(org, views[row]!);
    records[row] = made.record;
    texts[row] = made.text;
  }
  if (texts.some((t) => t === null || t === undefined)) return null;
  return (known.table = new JoinedTexts(texts as string[]));
}
