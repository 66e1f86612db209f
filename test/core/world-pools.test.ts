import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { clearWorldCache, configureWorldCache, DEFAULT_WORLD_CACHE_BYTES, defineEnvironment, stableJson, ToolEnv, worldCacheStats } from '../../src/index.js';
import { kvEnvironment } from '../fixtures/kv-env.js';
import type { Seed } from '../../src/core/rng.js';

afterEach(() => configureWorldCache({ maxBytes: DEFAULT_WORLD_CACHE_BYTES }));

describe('the world cache', () => {
  it('builds a world once, returns the same object, and evicts the least recently used past its byte bound', () => {
    clearWorldCache();
    const builds: string[] = [];
    const env = defineEnvironment({ ...kvEnvironment.definition, id: 'KvCache-v0', world: { ...kvEnvironment.definition.world, build: (seed, options) => (builds.push(String(seed)), kvEnvironment.definition.world.build(seed, options)), estimateBytes: () => 1000 } });
    expect(env.world(1)).toBe(env.world(1));
    expect(builds).toEqual(['1']);
    configureWorldCache({ maxBytes: 2500 });
    env.world(2);
    env.world(1); // 1 is now the most recent
    env.world(3); // evicts 2
    expect(worldCacheStats().bytes).toBeLessThanOrEqual(2500);
    env.world(1);
    expect(builds).toEqual(['1', '2', '3']);
    env.world(2);
    expect(builds).toEqual(['1', '2', '3', '2']);
    configureWorldCache({ maxBytes: 0 });
    expect(worldCacheStats().worlds).toBe(1); // the most recent world is always kept
    expect(() => configureWorldCache({ maxBytes: -1 })).toThrow(/non-negative/);
  });

  it('evicts exactly as a recency-ordered Map would, for any sequence of uses, sizes and bounds', () => {
    const use = fc.record({ seed: fc.integer({ min: 0, max: 6 }), bound: fc.option(fc.integer({ min: 0, max: 5000 }), { freq: 5 }) });
    fc.assert(
      fc.property(fc.array(use, { maxLength: 40 }), fc.array(fc.integer({ min: 100, max: 2000 }), { minLength: 7, maxLength: 7 }), (uses, sizes) => {
        clearWorldCache();
        configureWorldCache({ maxBytes: 3000 });
        const builds: number[] = [];
        const seedOf = new WeakMap<object, number>();
        const build = (seed: Seed, options: Record<string, unknown>) => {
          builds.push(Number(seed));
          const world = kvEnvironment.definition.world.build(seed, options);
          seedOf.set(world, Number(seed));
          return world;
        };
        const env = defineEnvironment({ ...kvEnvironment.definition, id: 'KvCacheModel-v0', world: { ...kvEnvironment.definition.world, build, estimateBytes: (world) => sizes[seedOf.get(world)!]! } });
        // The model: a Map in recency order, least recent first out past the bound, the most recent kept.
        const model = new Map<number, number>();
        let max = 3000;
        const expected: number[] = [];
        const evict = (keep: number) => {
          let total = [...model.values()].reduce((a, b) => a + b, 0);
          for (const [key, size] of model) {
            if (total <= max || model.size <= keep) break;
            model.delete(key);
            total -= size;
          }
        };
        for (const { seed, bound } of uses) {
          if (bound !== null) {
            configureWorldCache({ maxBytes: bound });
            max = bound;
            evict(1);
            continue;
          }
          env.world(seed);
          const size = sizes[seed]!;
          if (model.has(seed)) {
            model.delete(seed);
            model.set(seed, size);
          } else {
            expected.push(seed);
            model.set(seed, size);
            evict(1);
          }
        }
        expect(builds).toEqual(expected);
        expect(worldCacheStats().worlds).toBe(model.size);
      }),
      { numRuns: 150 },
    );
  });

  it('estimates a world from its JSON size once per options when the env gives no estimate', () => {
    clearWorldCache();
    const before = worldCacheStats().bytes;
    kvEnvironment.world(77, { size: 40 });
    const one = worldCacheStats().bytes - before;
    expect(one).toBe(2 * JSON.stringify(kvEnvironment.world(77, { size: 40 })).length);
    kvEnvironment.world(78, { size: 40 });
    expect(worldCacheStats().bytes - before).toBe(2 * one);
  });
});

describe('worlds per split', () => {
  it('train and eval pools never share a world seed, and an episode world follows from (seed, split)', () => {
    const { train, eval: held } = kvEnvironment.worldPools;
    expect(train.length).toBeGreaterThan(1);
    expect(train.filter((s) => held.includes(s))).toEqual([]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), (seed) => {
        expect(train).toContain(kvEnvironment.worldSeedFor({ seed, split: 'train' }));
        expect(held).toContain(kvEnvironment.worldSeedFor({ seed, split: 'test' }));
        const a = new ToolEnv(kvEnvironment);
        a.reset({ seed, options: { split: 'test' } });
        expect(a.worldSeed).toBe(kvEnvironment.worldSeedFor({ seed, split: 'test' }));
        expect(a.instance!.worldSeed).toBe(a.worldSeed);
      }),
      { numRuns: 50 },
    );
  });

  it('a pinned worldSeed is used by every split; a replayed instance plays in its own world', () => {
    const pinned = new ToolEnv(kvEnvironment, { worldSeed: 5 });
    for (const split of ['train', 'test']) {
      pinned.reset({ seed: 3, options: { split } });
      expect(pinned.worldSeed).toBe(5);
      expect(pinned.instance!.worldSeed).toBe(5);
    }
    const pool = new ToolEnv(kvEnvironment);
    pool.reset({ seed: 11, options: { split: 'test' } });
    const instance = pool.instance!;
    pinned.reset({ seed: 0, options: { instance } });
    expect(pinned.worldSeed).toBe(instance.worldSeed);
    expect(pinned.world).toBe(pool.world);
    const snap = JSON.parse(JSON.stringify(pool.snapshot())) as ReturnType<ToolEnv['snapshot']>;
    const other = new ToolEnv(kvEnvironment);
    other.restore(snap);
    expect(other.worldSeed).toBe(pool.worldSeed);
    expect(stableJson(other.render('json'))).toBe(stableJson(pool.render('json')));
  });
});
