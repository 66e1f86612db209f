
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
 * Baagøe's Mash hash, as seedrandom's Alea seeds itself with it. The running state `n` is passed
 * along explicitly; the arithmetic is exactly seedrandom's, so the streams are identical.
 */
let mashN = 0;
function mash(data: string): number {
  let n = mashN;
  for (let i = 0; i < data.length; i++) {
    n += data.charCodeAt(i);
    let h = 0.02519603282416938 * n;
    n = h >>> 0;
    h -= n;
    h *= n;
    n = h >>> 0;
    h -= n;
    n += h * 0x100000000;
  }
  mashN = n;
  return (n >>> 0) * 2.3283064365386963e-10;
}

// Alea hashes ' ' three times before the seed: that prefix is the same for every seed.
mashN = 0xefc8249d;
const SPACE0 = mash(' ');
const SPACE1 = mash(' ');
const SPACE2 = mash(' ');
const AFTER_SPACES = mashN;

/**
 * Alea (seedrandom.alea's algorithm, reimplemented because seedrandom builds closures and
 * function properties per stream, which made a stream cost microseconds). Seeded on the first
 * draw, so a stream that is made but never read costs only its key.
 */
class AleaStream implements Rng {
  #s0 = 0;
  #s1 = 0;
  #s2 = 0;
  #c = -1;
  constructor(readonly key: string) {}
  #seed(): void {
    const key = this.key;
    mashN = AFTER_SPACES;
    let s0 = SPACE0 - mash(key);
    if (s0 < 0) s0 += 1;
    let s1 = SPACE1 - mash(key);
    if (s1 < 0) s1 += 1;
    let s2 = SPACE2 - mash(key);
    if (s2 < 0) s2 += 1;
    this.#s0 = s0;
    this.#s1 = s1;
    this.#s2 = s2;
    this.#c = 1;
  }
  #prng(): number {
    if (this.#c === -1) this.#seed();
    const t = 2091639 * this.#s0 + this.#c * 2.3283064365386963e-10;
    this.#s0 = this.#s1;
    this.#s1 = this.#s2;
    this.#c = t | 0;
    return (this.#s2 = t - this.#c);
  }
  next(): number {
    return this.#prng();
  }
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`rng.int: max ${max} < min ${min}`);
    return min + Math.floor(this.#prng() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.#prng() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('rng.pick: empty list');
    return items[Math.floor(this.#prng() * items.length)] as T;
  }
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = items.slice();
    const n = Math.min(k, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.#prng() * (copy.length - i));
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
