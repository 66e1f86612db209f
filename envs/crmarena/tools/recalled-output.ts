import { noteOrigin } from '../../../src/core/list-origin.js';
import { rememberFlatRecord, rememberSharedList } from '../../../src/core/recall-entries.js';
import type { Org } from '../org/org.js';
import { noteColumns, type NumberColumns } from '../../../src/core/number-record.js';
import { JoinedTexts } from './case-list.js';

/** The org's Case Ids by row: the space of the origin of a list of case ids. */
const caseIds = new WeakMap<Org, readonly string[]>();

export function caseIdSpace(org: Org): readonly string[] {
  let ids = caseIds.get(org);
  if (ids === undefined) caseIds.set(org, (ids = Object.freeze(org.tables.Case.map((c) => c.Id))));
  return ids;
}

/** The org's Case Ids by row as JSON strings, joined, so a list of them is written by a join of a slice per run of consecutive rows. */
const quotedCaseIds = new WeakMap<Org, JoinedTexts>();

function quotedCaseIdsOf(org: Org): JoinedTexts {
  let quoted = quotedCaseIds.get(org);
  if (quoted === undefined) quotedCaseIds.set(org, (quoted = new JoinedTexts(caseIdSpace(org).map((id) => JSON.stringify(id)))));
  return quoted;
}

/**
 * The output a handler made last for its observation to remember for recall (one per step: the
 * observation is written right after the handler returns), and whether it is an id list or a
 * flat record. A slot rather than a WeakMap entry per output.
 */
let pending: object | null = null;
let pendingList = false;
/** The pending output's JSON text when its maker wrote it, else null. */
let pendingText: string | null = null;
/** Whether the pending record's maker gave its columns: it then parses back from its text equal. */
let pendingExact = false;

/**
 * A tool's output list of case ids, made for this call from the given rows: frozen, with its
 * origin noted, so that its observation remembers it (see recalledOutputText) and an agent
 * passing its text back to get_cases hands the tool this very list, read by row.
 */
export function caseIdList(org: Org, rows: Int32Array): readonly string[] {
  const space = caseIdSpace(org);
  const ids = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) ids[i] = space[rows[i]!]!;
  Object.freeze(ids);
  noteOrigin(ids, { space, rows });
  pending = ids;
  pendingList = true;
  pendingText = `[${quotedCaseIdsOf(org).pieces(rows).join(',')}]`;
  return ids;
}

/**
 * A tool's `{key: number}` output (counts, means), made for this call: frozen, so that its
 * observation remembers it and an agent passing its text back (get_qualified_agent_ids_by_case_count,
 * find_id_with_max_value) hands the tool this very record instead of a parse of it. `text`, when
 * its maker wrote it, must be `JSON.stringify(record)`; `columns`, when given, are the record's
 * (see noteColumns: its maker vouches that it parses back from its text equal, so that is not
 * checked again, and its readers walk the columns).
 */
export function recordOutput<T extends Record<string, number>>(record: T, text: string | null = null, columns: NumberColumns | null = null): T {
  Object.freeze(record);
  pending = record;
  pendingList = false;
  pendingText = text;
  pendingExact = columns !== null && text !== null;
  if (pendingExact) noteColumns(record, columns!);
  return record;
}

/** The JSON text of the output caseIdList or recordOutput made last, remembered for recall; undefined for any other output. */
export function recalledOutputText(output: unknown): string | undefined {
  if (output !== pending || pending === null) return undefined;
  pending = null;
  const text = pendingText ?? JSON.stringify(output);
  if (pendingList) rememberSharedList(output as readonly string[], text);
  else rememberFlatRecord(output as object, text, pendingExact);
  return text;
}
