import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { rngStream } from '../../src/index.js';

describe('Alea streams', () => {
  it('draw exactly what seedrandom.alea draws for the same key, whether read at once or after children are made', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.integer().map(String)), fc.integer({ min: 1, max: 40 }), (key, draws) => {
        const reference = seedrandom.alea(key);
        const stream = rngStream(key);
        stream.child('unused');
        for (let i = 0; i < draws; i++) expect(stream.next()).toBe(reference());
      }),
      { numRuns: 300 },
    );
  });
});
