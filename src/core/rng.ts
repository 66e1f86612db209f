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

/** One pass of seedrandom's Mash over `data` from hash state `n` (its closure's arithmetic, on locals). */
function mash(n: number, data: string): number {
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
  return n;
}

const fraction = (n: number): number => (n >>> 0) * 2.3283064365386963e-10;

/** Alea's seeding starts with three Mash passes over ' ': the same three numbers for every key. */
const SPACES = (() => {
  const n1 = mash(0xefc8249d, ' ');
  const n2 = mash(n1, ' ');
  const n3 = mash(n2, ' ');
  return { s0: fraction(n1), s1: fraction(n2), s2: fraction(n3), n: n3 };
})();

/**
 * The state `seedrandom.alea(key)` starts from (its constructor's seeding, step for step). Mash
 * keeps its hash in a closure variable, which V8 boxes as a heap number on every assignment; here
 * it is a local, so seeding allocates nothing but the state it returns.
 */
export function aleaSeedState(key: string): { c: number; s0: number; s1: number; s2: number } {
  let n = mash(SPACES.n, key);
  let s0 = SPACES.s0 - fraction(n);
  if (s0 < 0) s0 += 1;
  n = mash(n, key);
  let s1 = SPACES.s1 - fraction(n);
  if (s1 < 0) s1 += 1;
  n = mash(n, key);
  let s2 = SPACES.s2 - fraction(n);
  if (s2 < 0) s2 += 1;
  return { c: 1, s0, s1, s2 };
}

/**
 * A seedrandom Alea stream, made on the first draw: deriving a stream that is never read (the
 * per-call stream of a handler that draws nothing) then costs only its key string. The generator
 * is seedrandom's, restored from the state its own seeding of the key gives (`aleaSeedState`).
 */
class AleaStream implements Rng {
  #prng: (() => number) | null = null;
  constructor(readonly key: string) {}
  #draw(): number {
    return (this.#prng ??= seedrandom.alea('', { state: aleaSeedState(this.key) }))();
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
