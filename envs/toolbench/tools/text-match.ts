import { gramIndex } from './gram-index.js';

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
  return { text, words: wordsOf(text) };
}

/** `text.split(/\s+/).filter((w) => w !== '')`: the runs of text between whitespace, read in one pass without a regex. */
export function wordsOf(text: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    if (isSpace(text.charCodeAt(i))) {
      if (start >= 0) words.push(text.slice(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  if (start >= 0) words.push(start === 0 ? text : text.slice(start));
  return words;
}

/** Whether a code unit is whitespace to `\s` (ASCII by code, the rest by the regex itself). */
function isSpace(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return /\s/.test(String.fromCharCode(code));
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

/** Whether the text contains every word (a loop, not a closure per item: it runs over whole world lists). */
export function containsEvery(text: string, words: readonly string[]): boolean {
  for (let i = 0; i < words.length; i++) if (!text.includes(words[i]!)) return false;
  return true;
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
  if (q.text === '') return { hits: [], total: 0 };
  const names = lowerNames(items, nameOf);
  // Every match contains every query word, so only the index's candidates are scored (all items
  // when no word is long enough to look up). Scores are 1-4: one pass scores the candidates, then
  // the hits are read best score first, each score in world order (what a stable sort by score
  // gives), without an object per match.
  const candidates = gramIndex(names).candidates(q.words);
  const count = candidates === null ? items.length : candidates.length;
  const scores = new Uint8Array(count);
  const perScore = [0, 0, 0, 0, 0];
  let total = 0;
  for (let c = 0; c < count; c++) {
    const i = candidates === null ? c : candidates[c]!;
    if (keep !== undefined && !keep(items[i]!)) continue;
    const score = matchScore(names[i]!, q);
    if (score > 0) {
      scores[c] = score;
      perScore[score]!++;
      total++;
    }
  }
  const hits: T[] = [];
  for (let score = 4; score >= 1 && hits.length < limit; score--) {
    if (perScore[score] === 0) continue;
    for (let c = 0; c < count && hits.length < limit; c++) if (scores[c] === score) hits.push(items[candidates === null ? c : candidates[c]!]!);
  }
  return { hits, total };
}

/**
 * Positions, in list order, of the texts that contain every word and pass `keep`: the candidates
 * of the list's trigram index, each tested as a scan would test it.
 */
export function positionsContainingEvery(texts: readonly string[], words: readonly string[], keep: (at: number) => boolean): number[] {
  const out: number[] = [];
  const candidates = gramIndex(texts).candidates(words);
  const count = candidates === null ? texts.length : candidates.length;
  for (let c = 0; c < count; c++) {
    const at = candidates === null ? c : candidates[c]!;
    if (keep(at) && containsEvery(texts[at]!, words)) out.push(at);
  }
  return out;
}
