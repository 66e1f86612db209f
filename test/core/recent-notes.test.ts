import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecentNotes } from '../../src/core/recent-notes.js';

/** What a note should read after a sequence of sets: the newest note of each of the `size` objects most recently given a slot. */
function expected(size: number, sets: readonly (readonly [number, number])[]): Map<number, number> {
  const slots: number[] = [];
  const notes = new Map<number, number>();
  for (const [object, note] of sets) {
    if (!slots.includes(object)) {
      if (slots.length === size) notes.delete(slots.shift()!);
      slots.push(object);
    }
    notes.set(object, note);
  }
  return notes;
}

describe('RecentNotes', () => {
  it('reads the newest note of each of the latest `size` objects it was given, and nothing for the others', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.tuple(fc.nat({ max: 9 }), fc.integer()), { maxLength: 40 }), (size, sets) => {
        const objects = Array.from({ length: 10 }, () => ({}));
        const notes = new RecentNotes<number>(size);
        for (const [object, note] of sets) notes.set(objects[object]!, note);
        const want = expected(size, sets);
        for (let i = 0; i < objects.length; i++) {
          expect(notes.get(objects[i])).toBe(want.get(i));
          expect(notes.has(objects[i])).toBe(want.has(i));
          // Found by identity only: an equal object is another object.
          expect(notes.has({})).toBe(false);
        }
      }),
    );
  });

  it('has no note for primitives', () => {
    const notes = new RecentNotes<number>(2);
    for (const value of [null, undefined, 0, 'x', true]) expect(notes.get(value)).toBeUndefined();
  });
});
