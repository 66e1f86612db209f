/**
 * Run as `node --expose-gc --import tsx test/server/world-memory-probe.ts [ENV]`: creates sessions
 * on each of 40 distinct world seeds over HTTP (closing each; for ToolBench, several episodes per
 * world, so several templates' answer indexes are built in it), against a server whose world cache
 * is bounded at 16 MiB, and prints one JSON line of heap figures after forced collections, with
 * the cache's own counts. ENV is CRMArena-v0 (default, small orgs) or ToolBench-v0.
 */
import '../../envs/index.js';
import { LamsimClient } from '../../src/server/client.js';
import { startServer } from '../../src/server/server.js';
import type { WorldCacheStats } from '../../src/core/world-cache.js';

const ENV = process.argv[2] ?? 'CRMArena-v0';
const SEEDS = 40;
const CACHE_BYTES = 16 * 1024 * 1024;
const WORLD: Record<string, unknown> = ENV === 'CRMArena-v0' ? { cases: 400, accounts: 100, agents: 10 } : {};
const EPISODES_PER_WORLD = ENV === 'CRMArena-v0' ? 1 : 40;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

async function settle(): Promise<number> {
  for (let i = 0; i < 6; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc!();
  }
  return process.memoryUsage().heapUsed;
}

const server = await startServer({
  port: 0,
  worldCacheBytes: CACHE_BYTES,
  worldPolicy: { seeds: true, options: new Map([['cases', 400], ['accounts', 100], ['agents', 10]]) },
});
const client = new LamsimClient(server.url);

async function play(worldSeed: number): Promise<void> {
  for (let episode = 0; episode < EPISODES_PER_WORLD; episode++) {
    const { session } = await client.createSession({ env: ENV, seed: worldSeed * 100 + episode, make: { worldSeed, world: WORLD } });
    await session.step('thinking');
    await session.close();
  }
}

await play(-1);
const baseline = await settle();
let peak = 0;
for (let seed = 0; seed < SEEDS; seed++) {
  await play(seed);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
}
const after = await settle();
const health = await client.call<{ worldCache: WorldCacheStats; sessions: number }>('GET', '/v1/health');
process.stdout.write(`${JSON.stringify({ env: ENV, baseline, after, peak, cacheBytes: CACHE_BYTES, seeds: SEEDS, worldCache: health.worldCache, sessions: health.sessions })}\n`);
client.destroy();
await server.close(200);
