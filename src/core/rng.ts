import seedrandom from 'seedrandom';
/** A seed as users give it: a number or a string. */
export type Seed = number | string;

/**
 * A seeded random stream. Every random draw in lamsim comes from one of these.
 * Streams are named: `stream.child('tools/search_movie')` is independent of every other child,
 * so adding a tool or a template never shifts the values another one draws.
 */
export interface Rng {
  /** The label path this stream was derived from, e.g. `42/world/movies`. */
  readonly key: string;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** k distinct items in random order (k is clamped to the list length). */
  sample<T>(items: readonly T[], k: number): T[];
  /** A shuffled copy. */
  shuffle<T>(items: readonly T[]): T[];
  /** An independent stream derived from this one's key and the label, not from its position. */
  child(label: string): Rng;
}

/**
 * A seedrandom Alea stream, made on the first draw: deriving a stream that is never read (the
 * per-call stream of a handler that draws nothing) then costs only its key string.
 */
class AleaStream implements Rng {
  #prng: (() => number) | null = null;
  constructor(readonly key: string) {}
  #draw(): number {
    return (this.#prng ??= seedrandom.alea(this.key))();
  }
  next(): number {
    return this.#draw();
  }
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`rng.int: max ${max} < min ${min}`);
    return min + Math.floor(this.#draw() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.#draw() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('rng.pick: empty list');
    return items[Math.floor(this.#draw() * items.length)] as T;
  }
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = items.slice();
    const n = Math.min(k, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.#draw() * (copy.length - i));
      const tmp = copy[i] as T;
      copy[i] = copy[j] as T;
      copy[j] = tmp;
    }
    copy.length = n;
    return copy;
  }
  shuffle<T>(items: readonly T[]): T[] {
    return this.sample(items, items.length);
  }
  child(label: string): Rng {
    return new AleaStream(`${this.key}/${label}`);
  }
}

/** The root stream of a seed. Derive everything else with `.child(label)` or `rngStream(seed, ...labels)`. */
export function rngStream(seed: Seed, ...labels: string[]): Rng {
  const key = labels.length === 0 ? String(seed) : `${String(seed)}/${labels.join('/')}`;
  return new AleaStream(key);
}

/** A 32-bit unsigned integer derived from (seed, labels); cheap, for seeding further episodes. */
export function deriveSeed(seed: Seed, ...labels: string[]): number {
  return Math.floor(rngStream(seed, ...labels).next() * 0x1_0000_0000);
}
