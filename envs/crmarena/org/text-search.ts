import { searchWords } from './indexes.js';

/** The words of a search term, without SOSL's braces, quotes and operators. */
export function termWords(term: string): string[] {
  return searchWords(term).filter((w) => w !== 'and' && w !== 'or' && w !== 'not');
}

/** Every term word starts some word of the record (so "shoe" finds "shoes"). */
export function matchesAll(recordWords: readonly string[], words: readonly string[]): boolean {
  return words.every((w) => recordWords.some((r) => r.startsWith(w)));
}
