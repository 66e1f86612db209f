/** One '%'-free piece of a LIKE pattern; null atoms are '_' (any one character). */
interface Segment {
  readonly atoms: readonly (string | null)[];
  /** The longest run of literal atoms, searched with native indexOf, and where it starts in the segment; '' when all atoms are '_'. */
  readonly anchor: string;
  readonly anchorAt: number;
}

function segment(atoms: (string | null)[]): Segment {
  let anchor = '';
  let anchorAt = 0;
  for (let start = 0; start < atoms.length; ) {
    if (atoms[start] === null) {
      start++;
      continue;
    }
    let end = start;
    while (end < atoms.length && atoms[end] !== null) end++;
    if (end - start > anchor.length) {
      anchor = atoms.slice(start, end).join('');
      anchorAt = start;
    }
    start = end;
  }
  return { atoms, anchor, anchorAt };
}

/**
 * A case-insensitive matcher for a SOQL LIKE pattern: '%' any run of characters, '_' any one
 * character; `literalWildcards` are offsets of escaped '%' / '_' that stand for themselves.
 * Segments between '%' are placed left to right at their leftmost fit, which is exact for this
 * pattern language and needs no backtracking. Runs of '%' collapse into one (16,000 '%' made
 * 16,000 empty segments, tried on every row), a segment of '_' only fits wherever it has room,
 * and other segments jump between occurrences of their longest literal run. The matcher takes
 * text already lower-cased (see `lowerCaser`).
 */
export function compileLike(pattern: string, literalWildcards: readonly number[]): (lower: string) => boolean {
  const escaped = new Set(literalWildcards);
  const segments: Segment[] = [];
  let atoms: (string | null)[] = [];
  let afterPercent = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '%' && !escaped.has(i)) {
      if (!afterPercent || atoms.length > 0) segments.push(segment(atoms));
      atoms = [];
      afterPercent = true;
    } else if (ch === '_' && !escaped.has(i)) atoms.push(null);
    else {
      const lower = ch.toLowerCase();
      for (let k = 0; k < lower.length; k++) atoms.push(lower[k] as string);
    }
  }
  segments.push(segment(atoms));
  const first = segments[0] as Segment;
  const last = segments[segments.length - 1] as Segment;
  if (segments.length === 1) {
    return (lower) => lower.length === first.atoms.length && fitsAt(first, lower, 0);
  }
  const middle = segments.slice(1, -1);
  const minLength = segments.reduce((sum, s) => sum + s.atoms.length, 0);
  return (lower) => {
    if (lower.length < minLength || !fitsAt(first, lower, 0)) return false;
    const tailStart = lower.length - last.atoms.length;
    if (!fitsAt(last, lower, tailStart)) return false;
    let from = first.atoms.length;
    for (const segment of middle) {
      const at = leftmostFit(segment, lower, from, tailStart);
      if (at < 0) return false;
      from = at + segment.atoms.length;
    }
    return from <= tailStart;
  };
}

function fitsAt(segment: Segment, text: string, at: number): boolean {
  const atoms = segment.atoms;
  if (at < 0 || at + atoms.length > text.length) return false;
  for (let k = 0; k < atoms.length; k++) {
    const atom = atoms[k];
    if (atom !== null && atom !== text[at + k]) return false;
  }
  return true;
}

/** Leftmost position >= from where the segment fits and ends by `limit`, or -1. */
function leftmostFit(segment: Segment, text: string, from: number, limit: number): number {
  const width = segment.atoms.length;
  if (segment.anchor === '') return from + width <= limit ? from : -1;
  const plain = segment.anchor.length === width;
  for (let search = from + segment.anchorAt; ; ) {
    const found = text.indexOf(segment.anchor, search);
    if (found < 0) return -1;
    const at = found - segment.anchorAt;
    if (at + width > limit) return -1;
    if (plain || fitsAt(segment, text, at)) return at;
    search = found + 1;
  }
}

/**
 * toLowerCase that remembers its last input: the LIKE conditions on one field of a query share
 * one, so an OR of 150 LIKEs over a field lower-cases each row's value once, not 150 times.
 */
export function lowerCaser(): (text: string) => string {
  let lastText: string | null = null;
  let lastLower = '';
  return (text) => {
    if (text !== lastText) {
      lastText = text;
      lastLower = text.toLowerCase();
    }
    return lastLower;
  };
}
