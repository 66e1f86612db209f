/** A bounded map that forgets the least recently used key first. */
export class LruCache<V> {
  readonly #entries = new Map<string, V>();

  constructor(readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  /** Stores the value; returns the value it forgot to make room, if any. */
  set(key: string, value: V): V | undefined {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size <= this.capacity) return undefined;
    const oldest = this.#entries.entries().next();
    if (oldest.done) return undefined;
    this.#entries.delete(oldest.value[0]);
    return oldest.value[1];
  }

  get size(): number {
    return this.#entries.size;
  }
}
