/**
 * The last `capacity` texts seen for the first time, to tell a text met before from a new one.
 * Holds only the strings: nothing it keeps points at other objects.
 */
export class RecentTexts {
  readonly #ring: (string | undefined)[];
  readonly #members = new Set<string>();
  #next = 0;

  constructor(readonly capacity: number) {
    this.#ring = new Array<string | undefined>(capacity).fill(undefined);
  }

  /** Whether the text is among the recent ones; a new text is remembered, forgetting the oldest. */
  seenBefore(text: string): boolean {
    if (this.#members.has(text)) return true;
    const oldest = this.#ring[this.#next];
    if (oldest !== undefined) this.#members.delete(oldest);
    this.#ring[this.#next] = text;
    this.#members.add(text);
    this.#next = (this.#next + 1) % this.capacity;
    return false;
  }
}
