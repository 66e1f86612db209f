import { exactRecordText, knowListText } from '../../../src/core/shared-json.js';
import type { CaseView } from '../org/indexes.js';
import type { Org } from '../org/org.js';
import { noteOrigin } from '../../../src/core/list-origin.js';

/** Every case view's JSON text in row order, and all of them joined by commas with where each starts. */
interface CaseTexts {
  readonly parts: readonly string[];
  readonly joined: string;
  /** starts[row] is where the row's text begins in `joined`; starts[rows] is joined.length + 1. */
  readonly starts: Int32Array;
}

const textsByOrg = new WeakMap<Org, CaseTexts | null>();

/** Null when some view's text is not exact (cannot happen for the org's views; then nothing is told to jsonText). */
function caseTexts(org: Org): CaseTexts | null {
  let texts = textsByOrg.get(org);
  if (texts !== undefined) return texts;
  const views = org.index.caseViews;
  const parts = new Array<string>(views.length);
  const starts = new Int32Array(views.length + 1);
  let at = 0;
  texts = null;
  for (let row = 0; row < views.length; row++) {
    const text = exactRecordText(views[row]);
    if (text === null) break;
    parts[row] = text;
    starts[row] = at;
    at += text.length + 1;
    if (row === views.length - 1) {
      starts[views.length] = at;
      texts = { parts, joined: parts.join(','), starts };
    }
  }
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
  const out = run ? views.slice(first, first + n) : rows.map((row) => views[row]!);
  noteOrigin(out, { space: views, rows: Int32Array.from(rows) });
  const texts = caseTexts(org);
  if (texts === null) return out;
  if (run) {
    const { starts } = texts;
    knowListText(out, texts.parts.slice(first, first + n), texts.joined.slice(starts[first]!, starts[first + n]! - 1));
  } else knowListText(out, rows.map((row) => texts.parts[row]!));
  return out;
}
