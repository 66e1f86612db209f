/**
 * How search tools rank names against a query: an exact name first, then names starting with the
 * query, then names containing it, then names containing every query word. Ties keep world order.
 */
export function matchScore(nameLower: string, queryLower: string): number {
  if (queryLower === '') return 0;
  if (nameLower === queryLower) return 4;
  if (nameLower.startsWith(queryLower)) return 3;
  if (nameLower.includes(queryLower)) return 2;
  const words = queryLower.split(/\s+/).filter((w) => w !== '');
  return words.length > 1 && words.every((w) => nameLower.includes(w)) ? 1 : 0;
}

/** Items matching the query, best first, at most `limit`; `total` counts every match. */
export function rankedSearch<T>(items: readonly T[], nameOf: (item: T) => string, query: string, limit: number): { hits: T[]; total: number } {
  const q = query.trim().toLowerCase();
  const scored: { item: T; score: number; at: number }[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const score = matchScore(nameOf(item).toLowerCase(), q);
    if (score > 0) scored.push({ item, score, at: i });
  }
  scored.sort((a, b) => b.score - a.score || a.at - b.at);
  return { hits: scored.slice(0, Math.max(0, limit)).map((s) => s.item), total: scored.length };
}

/** Case-insensitive equality after trimming. */
export function sameText(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
