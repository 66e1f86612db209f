import { exactRecordText } from '../../../src/core/shared-json.js';
import type { JsonValue } from '../../../src/core/json.js';
import { to18 } from '../org/ids.js';
import type { Org } from '../org/org.js';

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
}

const byOrg = new WeakMap<Org, WithStateRows>();

export function withStateRows(org: Org): WithStateRows {
  let rows = byOrg.get(org);
  if (rows === undefined) {
    const n = org.index.caseViews.length;
    byOrg.set(org, (rows = { records: new Array<JsonValue | undefined>(n).fill(undefined), texts: new Array<string | null | undefined>(n).fill(undefined) }));
  }
  return rows;
}
