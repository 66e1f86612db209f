/**
 * The process-wide cache of built worlds: least recently used first out, bounded by an estimate of
 * the bytes the worlds hold. Every environment in the process shares it, so one bound covers a
 * server's many envs. A world is built on first use; a world in use by an env stays alive through
 * that env even after the cache lets go of it.
 */

/** The default bound: 512 MiB of estimated world data. */
export const DEFAULT_WORLD_CACHE_BYTES = 512 * 1024 * 1024;

export interface WorldCacheStats {
  readonly maxBytes: number;
  readonly bytes: number;
  readonly worlds: number;
  readonly hits: number;
  readonly misses: number;
  readonly evictions: number;
}

interface Entry {
  readonly key: string;
  readonly world: unknown;
  /** The world's estimate, plus what was charged to it since (answer indexes and other data kept per world). */
  bytes: number;
  /** When it was last used (a count of uses): eviction takes the smallest first. */
  used: number;
}

/**
 * A hit only stamps its entry (a delete and set per hit churned the Map's table, a new one in the
 * young generation every few resets); eviction, rare, orders the entries by their stamps.
 */
const entries = new Map<string, Entry>();
/** The entry of each cached world object, for charges made by those who hold only the world. */
const entryOfWorld = new WeakMap<object, Entry>();
let clock = 0;
let maxBytes = DEFAULT_WORLD_CACHE_BYTES;
let bytes = 0;
let hits = 0;
let misses = 0;
let evictions = 0;

function evict(keep: number): void {
  if (bytes <= maxBytes || entries.size <= keep) return;
  const byAge = [...entries].sort((a, b) => a[1].used - b[1].used);
  for (const [key, entry] of byAge) {
    if (bytes <= maxBytes || entries.size <= keep) break;
    entries.delete(key);
    bytes -= entry.bytes;
    evictions++;
  }
}

/**
 * Sets the bound (bytes; e.g. from a `--world-cache-mb` flag). Shrinking it evicts the least
 * recently used worlds at once. The most recently used world is always kept, whatever its size.
 */
export function configureWorldCache(options: { maxBytes: number }): void {
  if (!Number.isFinite(options.maxBytes) || options.maxBytes < 0) throw new RangeError(`world cache bound must be a non-negative number of bytes, not ${String(options.maxBytes)}`);
  maxBytes = options.maxBytes;
  evict(1);
}

export function worldCacheStats(): WorldCacheStats {
  return { maxBytes, bytes, worlds: entries.size, hits, misses, evictions };
}

/** Empties the cache (the bound stays). */
export function clearWorldCache(): void {
  entries.clear();
  bytes = 0;
}

/** The cached world for `key`, or the one `build` makes (then cached with its estimated size). */
export function cachedWorld<W>(key: string, build: () => W, estimateBytes: (world: W) => number): W {
  const hit = entries.get(key);
  if (hit !== undefined) {
    hits++;
    hit.used = ++clock;
    return hit.world as W;
  }
  misses++;
  const world = build();
  const size = Math.max(0, estimateBytes(world));
  const entry: Entry = { key, world, bytes: size, used: ++clock };
  entries.set(key, entry);
  if (typeof world === 'object' && world !== null) entryOfWorld.set(world, entry);
  bytes += size;
  evict(1);
  return world;
}

/**
 * Adds `extra` estimated bytes to a cached world's size: data built for the world after it was
 * cached and kept as long as it lives (answer indexes, caches keyed by the world), so that the
 * bound covers them. A world the cache no longer holds is not charged: its memory goes with
 * whoever still holds it. A charge counts as a use (an episode is building on the world), so the
 * charged world is kept and the least recently used others go if the bound is passed.
 */
export function chargeWorld(world: unknown, extra: number): void {
  if (typeof world !== 'object' || world === null || !(extra > 0)) return;
  const entry = entryOfWorld.get(world);
  if (entry === undefined || entries.get(entry.key) !== entry) return;
  entry.bytes += extra;
  entry.used = ++clock;
  bytes += extra;
  evict(1);
}
