/**
 * The number token of answer-facts' NUMBER_TOKEN, read from ASCII text by hand: the same matches,
 * tried in the regex's own backtracking order, without entering the regex engine (a grader reads
 * a few short texts per episode, where the engine's entry and match objects cost more than the
 * scan). For ASCII text `\p{L}` is [A-Za-z] and `\p{N}` is [0-9].
 */

const isDigit = (code: number): boolean => code >= 48 && code <= 57;
const isAlnum = (code: number): boolean => isDigit(code) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

/** The end of the token matched at exactly `start`, or -1 (the lookbehind included). */
export function asciiNumberEnd(text: string, start: number): number {
  if (start > 0) {
    const before = text.charCodeAt(start - 1);
    if (isAlnum(before) || before === 46 || before === 44) return -1;
  }
  let p = start;
  if (text.charCodeAt(p) === 45) p++;
  if (!isDigit(text.charCodeAt(p))) return -1;
  let run = 0;
  while (isDigit(text.charCodeAt(p + run))) run++;
  // \d{1,3}(?:,\d{3})+(?!\d): the first digits must be the whole run; fewer groups are tried on failure.
  if (run <= 3) {
    let groups = 0;
    for (let at = p + run; text.charCodeAt(at) === 44 && isDigit(text.charCodeAt(at + 1)) && isDigit(text.charCodeAt(at + 2)) && isDigit(text.charCodeAt(at + 3)); at += 4) groups++;
    for (let k = groups; k >= 1; k--) {
      const bodyEnd = p + run + 4 * k;
      if (isDigit(text.charCodeAt(bodyEnd))) continue;
      const end = afterBody(text, bodyEnd);
      if (end !== -1) return end;
    }
  }
  // \d+, giving digits back one at a time.
  for (let d = run; d >= 1; d--) {
    const end = afterBody(text, p + d);
    if (end !== -1) return end;
  }
  return -1;
}

/** (?:\.\d+)?(?:[eE][-+]?\d+)?(?![\p{L}\p{N}]|\.\d) from `q`, longest first. */
function afterBody(text: string, q: number): number {
  if (text.charCodeAt(q) === 46 && isDigit(text.charCodeAt(q + 1))) {
    let digits = 0;
    while (isDigit(text.charCodeAt(q + 1 + digits))) digits++;
    for (let f = digits; f >= 1; f--) {
      const end = afterFraction(text, q + 1 + f);
      if (end !== -1) return end;
    }
  }
  return afterFraction(text, q);
}

function afterFraction(text: string, q: number): number {
  const e = text.charCodeAt(q);
  if (e === 101 || e === 69) {
    let s = q + 1;
    const sign = text.charCodeAt(s);
    if (sign === 43 || sign === 45) s++;
    let digits = 0;
    while (isDigit(text.charCodeAt(s + digits))) digits++;
    for (let x = digits; x >= 1; x--) if (endsHere(text, s + x)) return s + x;
  }
  return endsHere(text, q) ? q : -1;
}

function endsHere(text: string, end: number): boolean {
  const next = text.charCodeAt(end);
  return !isAlnum(next) && !(next === 46 && isDigit(text.charCodeAt(end + 1)));
}
