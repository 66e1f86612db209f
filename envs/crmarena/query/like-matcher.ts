/** One '%'-free piece of a LIKE pattern; null atoms are '_' (any one character). */
interface Segment {
  readonly atoms: readonly (string | null)[];
  /** The segment as plain text when it has no '_', for a native indexOf search. */
  readonly plain: string | null;
}

/**
 * A case-insensitive matcher for a SOQL LIKE pattern: '%' any run of characters, '_' any one
 * character; `literalWildcards` are offsets of escaped '%' / '_' that stand for themselves.
 * Segments between '%' are placed left to right at their leftmost fit, which is exact for this
 * pattern language and needs no backtracking.
 */
export function compileLike(pattern: string, literalWildcards: readonly number[]): (text: string) => boolean {
  const escaped = new Set(literalWildcards);
  const segments: Segment[] = [];
  let atoms: (string | null)[] = [];
  const close = () => {
    segments.push({ atoms, plain: atoms.every((a) => a !== null) ? atoms.join('') : null });
    atoms = [];
  };
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '%' && !escaped.has(i)) close();
    else if (ch === '_' && !escaped.has(i)) atoms.push(null);
    else {
      const lower = ch.toLowerCase();
      for (let k = 0; k < lower.length; k++) atoms.push(lower[k] as string);
    }
  }
  close();
  const first = segments[0] as Segment;
  const last = segments[segments.length - 1] as Segment;
  if (segments.length === 1) {
    return (text) => {
      const lower = text.toLowerCase();
      return lower.length === first.atoms.length && fitsAt(first, lower, 0);
    };
  }
  const middle = segments.slice(1, -1);
  const minLength = segments.reduce((sum, s) => sum + s.atoms.length, 0);
  return (text) => {
    const lower = text.toLowerCase();
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
  if (segment.plain !== null) {
    const at = text.indexOf(segment.plain, from);
    return at >= 0 && at + width <= limit ? at : -1;
  }
  for (let at = from; at + width <= limit; at++) if (fitsAt(segment, text, at)) return at;
  return -1;
}
