/**
 * A note kept on each of the latest few objects, found by identity: a ring of strong references.
 *
 * Used where a maker tells a reader something about an object it has just made and the reader asks
 * within the same step (an output's texts, a list's origin, a recalled value's entry). A WeakMap
 * entry per object (a young key in a long-lived WeakMap) cost a few microseconds per step in the
 * step loop, more than the look-ups it saved. An object asked about after its slot was reused has
 * no note, so every reader must give the same result without one, only slower.
 */
export class RecentNotes<V> {
  readonly #objects: (object | null)[];
  readonly #notes: (V | undefined)[];
  #next = 0;

  constructor(readonly size: number) {
    this.#objects = new Array<object | null>(size).fill(null);
    this.#notes = new Array<V | undefined>(size).fill(undefined);
  }

  /** Notes `note` on `object`, replacing an earlier note on it, else taking the oldest slot. */
  set(object: object, note: V): void {
    let slot = this.#slotOf(object);
    if (slot < 0) {
      slot = this.#next;
      this.#next = slot + 1 === this.size ? 0 : slot + 1;
      this.#objects[slot] = object;
    }
    this.#notes[slot] = note;
  }

  /** The note on `value` among the latest, if any. */
  get(value: unknown): V | undefined {
    const slot = this.#slotOf(value);
    return slot < 0 ? undefined : this.#notes[slot];
  }

  has(value: unknown): boolean {
    return this.#slotOf(value) >= 0;
  }

  #slotOf(value: unknown): number {
    if (typeof value !== 'object' || value === null) return -1;
    const objects = this.#objects;
    for (let i = 0; i < objects.length; i++) if (objects[i] === value) return i;
    return -1;
  }
}
