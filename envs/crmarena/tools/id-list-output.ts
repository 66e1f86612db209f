import { noteOrigin } from '../../../src/core/list-origin.js';
import { rememberSharedList } from '../../../src/core/recalled-json.js';
import type { Org } from '../org/org.js';

/** The org's Case Ids by row: the space of the origin of a list of case ids. */
const caseIds = new WeakMap<Org, readonly string[]>();

export function caseIdSpace(org: Org): readonly string[] {
  let ids = caseIds.get(org);
  if (ids === undefined) caseIds.set(org, (ids = Object.freeze(org.tables.Case.map((c) => c.Id))));
  return ids;
}

/** The id list a handler returned last, whose observation will remember it for recall. */
let pending: readonly string[] | null = null;

/**
 * A tool's output list of case ids, made for this call from the given rows: frozen, with its
 * origin noted, so that its observation remembers it (see idListText) and an agent passing its
 * text back to get_cases hands the tool this very list, read by row.
 */
export function caseIdList(org: Org, rows: Int32Array): readonly string[] {
  const space = caseIdSpace(org);
  const ids = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) ids[i] = space[rows[i]!]!;
  Object.freeze(ids);
  noteOrigin(ids, { space, rows });
  pending = ids;
  return ids;
}

/** The JSON text of the list caseIdList made last, remembered for recall; undefined for any other output. */
export function idListText(output: unknown): string | undefined {
  if (output !== pending || pending === null) return undefined;
  pending = null;
  const text = JSON.stringify(output);
  rememberSharedList(output as readonly string[], text);
  return text;
}
