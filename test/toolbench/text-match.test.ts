import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GramIndex } from '../../envs/toolbench/tools/gram-index.js';
import { containsEvery, matchScore, positionsContainingEvery, prepareQuery, rankedSearch, wordsOf } from '../../envs/toolbench/tools/text-match.js';

/** The ranking as defined: every match scored, sorted by score then world order, the first `limit` kept. */
function sortedSearch(items: readonly string[], query: string, limit: number, keep?: (item: string) => boolean): { hits: string[]; total: number } {
  const q = prepareQuery(query);
  const scored = items.flatMap((item, at) => (keep && !keep(item) ? [] : [{ item, at, score: matchScore(item.toLowerCase(), q) }])).filter((s) => s.score > 0);
  scored.sort((a, b) => b.score - a.score || a.at - b.at);
  return { hits: scored.filter((_, i) => i < limit).map((s) => s.item), total: scored.length };
}

const word = fc.constantFrom('star', 'Star', 'wars', 'the', 'night', 'star wars', 'Night Star', 'a', 'ar', '');
const name = fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));
/** Texts over a tiny alphabet (so trigrams repeat and overlap), with case, spaces and non-ASCII that lower-cases to other lengths. */
const gramText = fc.array(fc.constantFrom('a', 'b', 'ab', 'ba', 'aba', 'A', ' ', '  ', '\u0130', '\u00e9', 'E\u0301', '\t'), { maxLength: 12 }).map((parts) => parts.join(''));

describe('rankedSearch', () => {
  it('gives the hits and total of a stable sort by score, for any names, query, limit and filter', () => {
    fc.assert(
      fc.property(fc.array(name, { maxLength: 40 }), name, fc.oneof(fc.integer({ min: -1, max: 12 }), fc.constant(2.5)), fc.boolean(), (names, query, limit, filtered) => {
        const items = [...names];
        const keep = filtered ? (item: string) => item.length % 2 === 0 : undefined;
        expect(rankedSearch(items, (s) => s, query, limit, keep)).toEqual(sortedSearch(items, query, limit, keep));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('query words', () => {
  it('split every code unit as the whitespace regex does, alone and between words', () => {
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      const text = `a${c}b${c}${c}`;
      expect(wordsOf(text)).toEqual(text.split(/\s+/).filter((w) => w !== ''));
    }
  });

  it('are the non-empty pieces of a split on whitespace runs, for any text', () => {
    const unit = fc.constantFrom('a', 'B', ' ', '\t', '\n', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u200b', '\u0130', 'x', '.', '\ud83d');
    fc.assert(
      fc.property(fc.oneof(fc.array(unit, { maxLength: 16 }).map((u) => u.join('')), fc.string({ unit: 'binary', maxLength: 20 })), (text) => {
        expect(wordsOf(text)).toEqual(text.split(/\s+/).filter((w) => w !== ''));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('trigram candidates', () => {
  it('rankedSearch over the index equals the plain ranking for texts whose trigrams collide', () => {
    fc.assert(
      fc.property(fc.array(gramText, { maxLength: 40 }), gramText, fc.integer({ min: 0, max: 50 }), fc.boolean(), (names, query, limit, filtered) => {
        const items = [...names];
        const keep = filtered ? (item: string) => item.length % 3 !== 0 : undefined;
        expect(rankedSearch(items, (s) => s, query, limit, keep)).toEqual(sortedSearch(items, query, limit, keep));
      }),
      { numRuns: 3000 },
    );
  });

  it('positionsContainingEvery equals the scan of every text, with and without a filter', () => {
    fc.assert(
      fc.property(fc.array(gramText, { maxLength: 40 }), gramText, fc.integer({ min: 1, max: 4 }), (raw, query, mod) => {
        const texts = raw.map((t) => t.toLowerCase());
        const { words } = prepareQuery(query);
        const keep = (at: number) => at % mod !== 1;
        const scan = texts.flatMap((t, at) => (keep(at) && containsEvery(t, words) ? [at] : []));
        expect(positionsContainingEvery(texts, words, keep)).toEqual(scan);
        // The same list again: the index built by the first call answers.
        expect(positionsContainingEvery(texts, words, () => true)).toEqual(texts.flatMap((t, at) => (containsEvery(t, words) ? [at] : [])));
      }),
      { numRuns: 3000 },
    );
  });

  it('candidates are the posting lists of trigrams keyed by their text, whatever the code units (ASCII packed, others by text)', () => {
    const unit = fc.constantFrom('a', 'b', 'A', ' ', '\u007f', '\u0080', '\u00e9', '\ud83d', '\ude00', '\u0000', 'z');
    const text = fc.array(unit, { maxLength: 10 }).map((u) => u.join(''));
    const GRAM = 3;
    fc.assert(
      fc.property(fc.array(text, { maxLength: 30 }), fc.array(text, { maxLength: 4 }), (texts, words) => {
        const postings = new Map<string, number[]>();
        texts.forEach((t, at) => {
          for (let i = 0; i + GRAM <= t.length; i++) {
            const gram = t.slice(i, i + GRAM);
            const list = postings.get(gram) ?? [];
            if (list[list.length - 1] !== at) list.push(at);
            postings.set(gram, list);
          }
        });
        // The plain definition of the look-up order: first, last and middle trigram of each word, stopping at a list of 2 or fewer.
        let best: number[] | null = null;
        search: for (const word of words) {
          const last = word.length - GRAM;
          for (let k = 0; k < 3 && last >= 0; k++) {
            const i = k === 0 ? 0 : k === 1 ? last : last >> 1;
            if (k > 0 && (i === 0 || (k === 2 && i === last))) continue;
            const list = postings.get(word.slice(i, i + GRAM)) ?? [];
            if (best === null || list.length < best.length) {
              best = list;
              if (list.length <= 2) break search;
            }
          }
        }
        expect(new GramIndex(texts).candidates(words)).toEqual(best);
      }),
      { numRuns: 3000 },
    );
  });
});
