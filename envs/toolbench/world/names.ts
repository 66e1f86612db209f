import type { Rng } from '../../../src/index.js';

/** Word pools for generated names. Each domain draws from them with its own stream. */
export const FIRST_NAMES = [
  'Ava', 'Liam', 'Maya', 'Noah', 'Zoe', 'Ethan', 'Iris', 'Owen', 'Leah', 'Caleb', 'Nora', 'Felix', 'Ruby', 'Jonah', 'Clara', 'Mateo',
  'Hazel', 'Elias', 'Ivy', 'Rafael', 'Stella', 'Hugo', 'Lena', 'Omar', 'Priya', 'Kenji', 'Amara', 'Tomas', 'Sofia', 'Diego', 'Yara', 'Anton',
  'Greta', 'Malik', 'Freya', 'Jasper', 'Leila', 'Marco', 'Naomi', 'Pavel', 'Rosa', 'Soren', 'Talia', 'Victor', 'Wren', 'Ximena', 'Yusuf', 'Zara',
] as const;

export const LAST_NAMES = [
  'Abbott', 'Brennan', 'Castillo', 'Dawson', 'Eriksen', 'Fischer', 'Gallagher', 'Hartley', 'Ibarra', 'Jansen', 'Kowalski', 'Lindqvist',
  'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quinn', 'Romano', 'Sato', 'Thornton', 'Ueda', 'Varga', 'Whitfield', 'Xu', 'Yilmaz', 'Zielinski',
  'Alvarez', 'Bishop', 'Chen', 'Delgado', 'Ellison', 'Ferreira', 'Grant', 'Holloway', 'Iverson', 'Keller', 'Lambert', 'Mendez', 'Novak',
  'Ortega', 'Park', 'Reyes', 'Sullivan', 'Tanaka', 'Vance', 'Walsh', 'Young', 'Zhang',
] as const;

/** `count` distinct full names. */
export function uniqueNames(rng: Rng, count: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  while (out.length < count) {
    const name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
    if (seen.has(name)) {
      if (seen.size >= FIRST_NAMES.length * LAST_NAMES.length) throw new Error('uniqueNames: pool exhausted');
      continue;
    }
    seen.add(name);
    out.push(name);
  }
  return out;
}

/** Distinct strings from a generator (redraws collisions; gives up loudly if the pool is too small). */
export function uniqueStrings(count: number, make: () => string): string[] {
  const seen = new Set<string>();
  let tries = 0;
  while (seen.size < count) {
    seen.add(make());
    if (++tries > count * 50) throw new Error(`uniqueStrings: could not make ${count} distinct values`);
  }
  return [...seen];
}

/** Distinct ids `prefix` + zero-padded random digits. */
export function uniqueIds(rng: Rng, count: number, prefix: string, digits: number): string[] {
  const lo = 10 ** (digits - 1);
  const hi = 10 ** digits - 1;
  return uniqueStrings(count, () => `${prefix}${rng.int(lo, hi)}`);
}

/**
 * How many records a domain makes at a given scale: never fewer than `floor`, and never more than
 * `cap`, the share of a name pool that can still be drawn without clashes.
 */
export function scaled(base: number, scale: number, floor = 1, cap = Number.POSITIVE_INFINITY): number {
  return Math.min(cap, Math.max(floor, Math.round(base * scale)));
}

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
