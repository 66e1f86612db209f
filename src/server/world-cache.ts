import type { Environment } from '../core/environment.js';
import { stableJson } from '../core/json.js';
import type { Seed } from '../core/rng.js';

/** Where the server gets the world of a session from. */
export interface WorldSource {
  /** The world of `environment` for (seed, options), built or reused. */
  world(environment: Environment, seed: Seed | undefined, options: Record<string, unknown>): unknown;
  stats(): WorldCacheStats;
}

export interface WorldCacheStats {
  readonly worlds: number;
  readonly bytes: number;
  readonly maxBytes: number;
  readonly builds: number;
  readonly evictions: number;
}

interface Entry {
  readonly world: unknown;
  readonly bytes: number;
}

/** A world is charged at least this much, whatever its build was measured at. */
const MIN_CHARGE = 1 << 20;

/** The heap growth over a synchronous build: what the world kept, plus whatever garbage is not yet collected. */
function measuredBuild<T>(build: () => T): { value: T; bytes: number } {
  const before = process.memoryUsage().heapUsed;
  const value = build();
  return { value, bytes: Math.max(MIN_CHARGE, process.memoryUsage().heapUsed - before) };
}

/**
 * The worlds of live and recent sessions, least recently used evicted first once their total
 * passes `maxBytes`. A world is charged the heap growth measured while it was built (at least
 * 1 MiB); sections an environment builds lazily later are not counted. An evicted world stays
 * alive while a session plays on it, and is built again by the next session that asks for it.
 *
 * The environment's own cache (`Environment.world`) is bypassed: it keeps every world forever,
 * which a long-running server cannot afford. When core offers a bounded cache, this class is the
 * one place to swap for it.
 */
export class WorldCache implements WorldSource {
  readonly #entries = new Map<string, Entry>();
  readonly #maxBytes: number;
  #bytes = 0;
  #builds = 0;
  #evictions = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  world(environment: Environment, seed: Seed | undefined, options: Record<string, unknown>): unknown {
    const def = environment.definition.world;
    const worldSeed = seed ?? def.defaultSeed ?? 0;
    const parsed = def.options ? def.options.parse(options) : options;
    const key = `${environment.id}|${String(worldSeed)}|${stableJson(parsed)}`;
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit.world;
    }
    const { value, bytes } = measuredBuild(() => def.build(worldSeed, parsed));
    this.#builds++;
    this.#entries.set(key, { world: value, bytes });
    this.#bytes += bytes;
    this.#evict();
    return value;
  }

  stats(): WorldCacheStats {
    return { worlds: this.#entries.size, bytes: this.#bytes, maxBytes: this.#maxBytes, builds: this.#builds, evictions: this.#evictions };
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  #evict(): void {
    for (const [key, entry] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) return;
      this.#entries.delete(key);
      this.#bytes -= entry.bytes;
      this.#evictions++;
    }
  }
}

/** The environment as seen by a session: the same, but its world comes from `source`. */
export function withWorldSource(environment: Environment, source: WorldSource): Environment {
  return { ...environment, world: (seed, options = {}) => source.world(environment, seed, options) };
}
