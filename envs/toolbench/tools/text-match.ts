/**
 * How search tools rank names against a query: an exact name first, then names starting with the
 * query, then names containing it, then names containing every query word. Ties keep world order.
 */
export interface PreparedQuery {
  readonly text: string;
  readonly words: readonly string[];
}

export function prepareQuery(query: string): PreparedQuery {
  const text = query.trim().toLowerCase();
  return { text, words: text.split(/\s+/).filter((w) => w !== '') };
}

export function matchScore(nameLower: string, query: PreparedQuery): number {
  const q = query.text;
  if (q === '') return 0;
  if (nameLower === q) return 4;
  if (nameLower.startsWith(q)) return 3;
  if (nameLower.includes(q)) return 2;
  if (query.words.length < 2) return 0;
  for (const w of query.words) if (!nameLower.includes(w)) return 0;
  return 1;
}

/** Lower-cased names of a world list, computed once per list (the lists are shared and read-only). */
const lowered = new WeakMap<readonly unknown[], Map<(item: never) => string, readonly string[]>>();

export function lowerNames<T>(items: readonly T[], nameOf: (item: T) => string): readonly string[] {
  let byName = lowered.get(items);
  if (!byName) {
    byName = new Map();
    lowered.set(items, byName);
  }
  let names = byName.get(nameOf as (item: never) => string);
  if (!names) {
    names = items.map((item) => nameOf(item).toLowerCase());
    byName.set(nameOf as (item: never) => string, names);
  }
  return names;
}

/**
 * Items matching the query (and `keep`, when given), best first, at most `limit`; `total` counts
 * every match. Pass a world list and a module-level `nameOf`, so lower-cased names are computed once.
 */
export function rankedSearch<T>(items: readonly T[], nameOf: (item: T) => string, query: string, limit: number, keep?: (item: T) => boolean): { hits: T[]; total: number } {
  const q = prepareQuery(query);
  const names = lowerNames(items, nameOf);
  const scored: { item: T; score: number; at: number }[] = [];
  for (let i = 0; i < items.length; i++) {
    if (keep !== undefined && !keep(items[i]!)) continue;
    const score = matchScore(names[i]!, q);
    if (score > 0) scored.push({ item: items[i]!, score, at: i });
  }
  scored.sort((a, b) => b.score - a.score || a.at - b.at);
  const hits: T[] = [];
  for (let i = 0; i < scored.length && i < limit; i++) hits.push(scored[i]!.item);
  return { hits, total: scored.length };
}
