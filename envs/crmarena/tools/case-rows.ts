import { originOf } from '../../../src/core/list-origin.js';
import { numberTexts, orderedPrefix, parsesBack, type NumberColumns } from '../../../src/core/number-record.js';
import { isToolError } from '../../../src/tools/tool.js';
import { parseInstant } from '../org/dates.js';
import type { Org } from '../org/org.js';
import { readClosure } from './durations.js';
import { withStateRows } from './with-state.js';
import { stateOf } from './with-state.js';

/**
 * The case rows of a tool's list argument when the list comes (see core/list-origin) from the
 * org's case views or from get_shipping_state's records of them: item i then holds the values of
 * case row rows[i]. Null for any other list (parsed from text, another org's, changed).
 */
export function caseRowsOf(org: Org, list: unknown): Int32Array | null {
  const origin = originOf(list);
  if (origin === undefined) return null;
  return origin.space === org.index.caseViews || origin.space === withStateRows(org).records ? origin.rows : null;
}

/** Per-case numbers the list tools read by row, made once per org (its tables never change). */
export interface CaseNumbers {
  /** ClosedDate minus CreatedDate in ms; NaN while open; -1 when the plain reading fails (unreadable, backwards). */
  readonly closureMs: Float64Array;
  /** UTC month (0-11) of CreatedDate; -1 when unreadable. */
  readonly createdMonth: Int8Array;
  /** The number of the account's ShippingState in `states`; -1 when it has none (null or empty). */
  readonly state: Int32Array;
  readonly states: readonly string[];
}

const numbers = new WeakMap<Org, CaseNumbers>();

export function caseNumbers(org: Org): CaseNumbers {
  let known = numbers.get(org);
  if (known !== undefined) return known;
  const views = org.index.caseViews;
  const closureMs = new Float64Array(views.length);
  const createdMonth = new Int8Array(views.length);
  const state = new Int32Array(views.length);
  const states: string[] = [];
  const stateNo = new Map<string, number>();
  for (let row = 0; row < views.length; row++) {
    const view = views[row]!;
    const ms = readClosure(view, row);
    closureMs[row] = isToolError(ms) ? -1 : ms === null ? Number.NaN : ms;
    const created = parseInstant(view.CreatedDate);
    createdMonth[row] = created === null ? -1 : new Date(created).getUTCMonth();
    const name = stateOf(org, view);
    if (!name) state[row] = -1;
    else {
      let n = stateNo.get(name);
      if (n === undefined) {
        stateNo.set(name, (n = states.length));
        states.push(name);
      }
      state[row] = n;
    }
  }
  known = { closureMs, createdMonth, state, states };
  numbers.set(org, known);
  return known;
}

/** A `{name: mean}` record and its JSON text. */
export interface Means {
  readonly record: Record<string, number>;
  /** `JSON.stringify(record)`. */
  readonly text: string;
  /** The record's columns when it parses back from its text equal (every key written in order, every mean finite and not -0), else null. */
  readonly columns: NumberColumns | null;
}

/** The names' JSON member prefixes (see orderedPrefix), made as they are first written, per names list (an org's owners or states). */
const prefixesByNames = new WeakMap<readonly string[], (string | null | undefined)[]>();

/**
 * Sums of `value(row)` per group of `group(row)` over the rows, groups in order of first
 * appearance, as `{name: total / n}`: the plain Map-of-sums loop's output, with its text. Rows
 * whose group is -1 are skipped; a value of NaN is skipped too; null when some counted row's
 * value is -1 (the plain reading fails there: the caller takes the plain path, which words the failure).
 */
export function meanByGroup(rows: Int32Array, group: Int32Array, names: readonly string[], closureMs: Float64Array, unit: number): Means | null {
  const totals = new Float64Array(names.length);
  const counts = new Int32Array(names.length);
  const order: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const g = group[row]!;
    if (g < 0) continue;
    const ms = closureMs[row]!;
    if (ms < 0) return null;
    if (ms !== ms) continue;
    if (counts[g] === 0) order.push(g);
    totals[g]! += ms / unit;
    counts[g]!++;
  }
  // Assigned in a loop (Object.fromEntries of pairs cost 3x as much); `__proto__` is defined as fromEntries defines it.
  const out: Record<string, number> = {};
  const means = new Array<number>(order.length);
  const keys = new Array<string>(order.length);
  let prefixes = prefixesByNames.get(names);
  if (prefixes === undefined) prefixesByNames.set(names, (prefixes = []));
  let exact = true;
  for (let i = 0; i < order.length; i++) {
    const g = order[i]!;
    const name = names[g]!;
    const mean = totals[g]! / counts[g]!;
    means[i] = mean;
    keys[i] = name;
    if (name === '__proto__') Object.defineProperty(out, name, { value: mean, writable: true, enumerable: true, configurable: true });
    else out[name] = mean;
    if (prefixes[g] === undefined) prefixes[g] = orderedPrefix(name);
    exact &&= prefixes[g] !== null && parsesBack(mean);
  }
  if (!exact) return { record: out, text: JSON.stringify(out), columns: null };
  const texts = numberTexts(means);
  for (let i = 0; i < order.length; i++) texts[i] = prefixes[order[i]!]! + texts[i]!;
  return { record: out, text: `{${texts.join(',')}}`, columns: { keys, values: means } };
}
