/**
 * The same text as one sequential string. V8 keeps a concatenation of 13 characters or more as
 * a rope (a ConsString) until something flattens it; the org's ids and dates are read millions of
 * times (hashed in Map look-ups against ids parsed from actions, compared, serialised), and a rope
 * makes each of those walk its pieces, so the org stores them flat.
 */
export function flat(text: string): string {
  const n = text.length;
  if (n < 13) return text;
  const codes = new Array<number>(n);
  for (let i = 0; i < n; i++) codes[i] = text.charCodeAt(i);
  return String.fromCharCode.apply(null, codes);
}
