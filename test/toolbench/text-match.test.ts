import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchScore, prepareQuery, rankedSearch } from '../../envs/toolbench/tools/text-match.js';

/** The ranking as defined: every match scored, sorted by score then world order, the first `limit` kept. */
function sortedSearch(items: readonly string[], query: string, limit: number, keep?: (item: string) => boolean): { hits: string[]; total: number } {
  const q = prepareQuery(query);
  const scored = items.flatMap((item, at) => (keep && !keep(item) ? [] : [{ item, at, score: matchScore(item.toLowerCase(), q) }])).filter((s) => s.score > 0);
  scored.sort((a, b) => b.score - a.score || a.at - b.at);
  return { hits: scored.filter((_, i) => i < limit).map((s) => s.item), total: scored.length };
}

const word = fc.constantFrom('star', 'Star', 'wars', 'the', 'night', 'star wars', 'Night Star', 'a', 'ar', '');
const name = fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));

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
