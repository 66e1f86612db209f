import { RecentNotes } from './recent-notes.js';

/**
 * Where the items of a list come from, as its maker knows it: item i is `space[rows[i]]`, or a
 * copy of that object with the same own properties holding the same values (in any key order),
 * as a validated argument is. A tool that reads its argument list through the origin (typed
 * columns by row instead of a look-up per record) then computes what it would from the items.
 *
 * Only makers note an origin, on a list nobody else holds yet (an output, a validated argument, a
 * recalled value as it is handed out), and it is read within the same step: the latest few notes
 * are kept (RecentNotes), so a list read later than that is simply read item by item. `rows` is
 * never changed.
 */
export interface ListOrigin {
  readonly space: readonly unknown[];
  readonly rows: Int32Array;
}

const notes = new RecentNotes<ListOrigin>(16);

/** Notes the origin of a list its caller has just made (or hands out); returns the list. */
export function noteOrigin<T extends object>(list: T, origin: ListOrigin): T {
  notes.set(list, origin);
  return list;
}

/** The origin noted for a list among the latest notes, if any. */
export function originOf(list: unknown): ListOrigin | undefined {
  return notes.get(list);
}
