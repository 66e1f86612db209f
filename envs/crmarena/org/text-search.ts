import { searchWords } from './indexes.js';

/** More words than any sensible search; longer terms are cut. */
const MAX_TERM_WORDS = 32;

/** The words of a search term, without SOSL's braces, quotes and operators. */
export function termWords(term: string): string[] {
  return searchWords(term.slice(0, 2_000))
    .filter((w) => w !== 'and' && w !== 'or' && w !== 'not')
    .slice(0, MAX_TERM_WORDS);
}

/** Every term word starts some word of the record (so "shoe" finds "shoes"). */
export function matchesAll(recordWords: readonly string[], words: readonly string[]): boolean {
  return words.every((w) => recordWords.some((r) => r.startsWith(w)));
}
