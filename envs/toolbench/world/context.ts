import type { Rng } from '../../../src/index.js';

/** What a domain's generator gets: its own stream, the world's today, and its size factor. */
export interface DomainContext {
  readonly rng: Rng;
  readonly today: string;
  readonly scale: number;
}

/** Records by id, built once with the world so handlers look up in O(1). */
export function indexBy<T, K extends keyof T>(items: readonly T[], key: K): ReadonlyMap<T[K], T> {
  const map = new Map<T[K], T>();
  for (const item of items) map.set(item[key], item);
  return map;
}

/** Records grouped by a key. */
export function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): ReadonlyMap<K, readonly T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  }
  return map;
}
