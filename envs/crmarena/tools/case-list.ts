import { exactRecordText, knowListText } from '../../../src/core/shared-json.js';
import type { CaseView } from '../org/indexes.js';
import type { Org } from '../org/org.js';
import { noteOrigin } from '../../../src/core/list-origin.js';

/** JSON texts of records in row order, and all of them joined by commas with where each starts. */
export class JoinedTexts {
  readonly joined: string;
  /** starts[row] is where the row's text begins in `joined`; starts[rows] is joined.length + 1. */
  readonly starts: Int32Array;
  constructor(readonly parts: readonly string[]) {
    this.starts = new Int32Array(parts.length + 1);
    let at = 0;
    for (let row = 0; row < parts.length; row++) {
      this.starts[row] = at;
      at += parts[row]!.length + 1;
    }
    this.starts[parts.length] = at;
    this.joined = parts.join(',');
  }

  /** Tells jsonText the texts of `records`, the records of rows first..first+n-1: a slice of the joined text. */
  tell(records: readonly object[], first: number, n: number): void {
    knowListText(records, NO_PIECES, this.joined.slice(this.starts[first]!, this.starts[first + n]! - 1));
  }

  /**
   * The texts of the given rows, in their order, as pieces for knowListText: each run of
   * consecutive rows (row, row + 1, ...) is one slice of the joined text (its texts with their
   * commas), so the list's text is joined from a piece per run rather than a part per row.
   */
  pieces(rows: Int32Array): string[] {
    const { parts, joined, starts } = this;
    const out: string[] = [];
    const n = rows.length;
    let i = 0;
    while (i < n) {
      const first = rows[i]!;
      let last = first;
      while (i + 1 < n && rows[i + 1] === last + 1) {
        i++;
        last++;
      }
      out.push(last === first ? parts[first]! : joined.slice(starts[first]!, starts[last + 1]! - 1));
      i++;
    }
    return out;
  }
}

const NO_PIECES: readonly string[] = Object.freeze([]);

/** Whether rows (n >= 1) are first, first+1, ..., first+n-1. */
export function isRun(rows: ArrayLike<number>): boolean {
  const n = rows.length;
  const first = rows[0]!;
  if (rows[n - 1]! - first !== n - 1) return false;
  for (let i = 1; i < n; i++) if (rows[i] !== first + i) return false;
  return true;
}

const textsByOrg = new WeakMap<Org, JoinedTexts | null>();

/** Null when some view's text is not exact (cannot happen for the org's views; then nothing is told to jsonText). */
function caseTexts(org: Org): JoinedTexts | null {
  let texts = textsByOrg.get(org);
  if (texts !== undefined) return texts;
  const views = org.index.caseViews;
  const parts = new Array<string>(views.length);
  texts = null;
  let exact = true;
  for (let row = 0; row < views.length && exact; row++) {
    const text = exactRecordText(views[row]);
    if (text === null) exact = false;
    else parts[row] = text;
  }
  if (exact) texts = new JoinedTexts(parts);
  textsByOrg.set(org, texts);
  return texts;
}

/**
 * The case views of the given rows (ascending, distinct), as `get_cases` returns them, with their
 * JSON text told to jsonText: a run of consecutive rows (any date range alone) is a slice of the
 * org's joined view texts, other rows join their cached texts.
 */
export function caseViewList(org: Org, rows: readonly number[]): CaseView[] {
  const views = org.index.caseViews;
  const n = rows.length;
  if (n === 0) return [];
  const first = rows[0]!;
  const run = rows[n - 1]! - first === n - 1;
  const at = new Int32Array(n);
  for (let i = 0; i < n; i++) at[i] = rows[i]!;
  const texts = caseTexts(org);
  let out: CaseView[];
  if (run) out = views.slice(first, first + n);
  else {
    out = new Array<CaseView>(n);
    const parts = texts === null ? null : new Array<string>(n);
    for (let i = 0; i < n; i++) {
      out[i] = views[at[i]!]!;
      if (parts !== null) parts[i] = texts!.parts[at[i]!]!;
    }
    // A part per row: a piece per run of consecutive rows (texts.pieces) joined no faster here at 2.6 rows a run.
    if (parts !== null) knowListText(out, parts);
  }
  noteOrigin(out, { space: views, rows: at });
  if (run && texts !== null) texts.tell(out, first, n);
  return out;
}
