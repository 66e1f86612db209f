import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { estimateHeapBytes } from '../../src/core/heap-estimate.js';
import { cachedWorld, chargeWorld, clearWorldCache, configureWorldCache, DEFAULT_WORLD_CACHE_BYTES, worldCacheStats } from '../../src/core/world-cache.js';
import { ToolEnv } from '../../src/core/tool-env.js';
import { kvEnvironment } from '../fixtures/kv-env.js';

afterEach(() => {
  configureWorldCache({ maxBytes: DEFAULT_WORLD_CACHE_BYTES });
  clearWorldCache();
});

const world = (name: string) => ({ name });

describe('charging a cached world', () => {
  it('adds to the cache\'s bytes for a world it holds, and ignores strangers and non-positive charges', () => {
    clearWorldCache();
    configureWorldCache({ maxBytes: 1_000 });
    const a = cachedWorld('t|a', () => world('a'), () => 300);
    cachedWorld('t|b', () => world('b'), () => 300);
    chargeWorld(a, 100);
    expect(worldCacheStats()).toMatchObject({ bytes: 700, worlds: 2 });
    chargeWorld({ name: 'stranger' }, 10_000);
    chargeWorld(a, -50);
    chargeWorld(a, Number.NaN);
    chargeWorld('a', 100);
    expect(worldCacheStats()).toMatchObject({ bytes: 700, worlds: 2 });
    clearWorldCache();
    chargeWorld(a, 100);
    expect(worldCacheStats()).toMatchObject({ bytes: 0, worlds: 0 });
  });

  it('takes a charge as a use: past the bound the other worlds go, the charged one stays however large', () => {
    clearWorldCache();
    configureWorldCache({ maxBytes: 1_000 });
    const older = cachedWorld('t|older', () => world('older'), () => 300);
    cachedWorld('t|newer', () => world('newer'), () => 300);
    const evictions = worldCacheStats().evictions;
    chargeWorld(older, 5_000);
    expect(worldCacheStats()).toMatchObject({ bytes: 5_300, worlds: 1, evictions: evictions + 1 });
    expect(cachedWorld('t|older', () => world('rebuilt'), () => 300)).toBe(older);
  });

  it('leaves an evicted world uncharged', () => {
    clearWorldCache();
    configureWorldCache({ maxBytes: 1_000 });
    const a = cachedWorld('t|a', () => world('a'), () => 600);
    cachedWorld('t|b', () => world('b'), () => 600);
    expect(worldCacheStats()).toMatchObject({ worlds: 1, bytes: 600 });
    // an evicted world is not charged: its memory goes with whoever still holds it
    chargeWorld(a, 100);
    expect(worldCacheStats()).toMatchObject({ worlds: 1, bytes: 600 });
  });

  it('counts a template\'s answer index in its world once it is built by a reset', () => {
    clearWorldCache();
    const env = new ToolEnv(kvEnvironment, { worldSeed: 'charged' });
    const built = env.world;
    const alone = worldCacheStats().bytes;
    env.reset({ seed: 1 });
    expect(env.world).toBe(built);
    const indexed = worldCacheStats().bytes;
    expect(indexed).toBeGreaterThan(alone);
    // the same template's index is built once per world: another episode of it charges nothing more
    const template = env.instance!.template;
    for (let seed = 2; seed < 40; seed++) {
      env.reset({ seed, options: { template } });
    }
    expect(worldCacheStats().bytes).toBe(indexed);
  });
});

describe('estimateHeapBytes', () => {
  it('counts an object reached twice once, ends on cycles, and walks 100,000 levels without recursion', () => {
    const shared = { text: 'x'.repeat(1_000) };
    const once = estimateHeapBytes({ a: shared });
    expect(estimateHeapBytes({ a: shared, b: shared })).toBeLessThan(once + 100);
    const cycle: Record<string, unknown> = { name: 'loop' };
    cycle.self = cycle;
    expect(estimateHeapBytes(cycle)).toBeGreaterThan(0);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(estimateHeapBytes(deep)).toBeGreaterThan(100_000 * 8);
  });

  it('grows with what a value holds, and leaves out what the skip rule claims', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ minLength: 1 }), (value, extra) => {
        const base = estimateHeapBytes(value);
        expect(base).toBeGreaterThanOrEqual(0);
        expect(estimateHeapBytes([value, extra])).toBeGreaterThan(base);
        const claimed = { value };
        expect(estimateHeapBytes({ claimed, extra }, (v) => v === claimed)).toBe(estimateHeapBytes({ claimed: {}, extra }) - estimateHeapBytes({}));
      }),
    );
  });
});
