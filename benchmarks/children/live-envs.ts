/**
 * Heap cost of COUNT live envs on one environment (run with --expose-gc): each world of the
 * default split's pool the envs play in (with what the env keeps per world), the envs once made,
 * and once each has reset into an episode; and whether every env holds the one world object the
 * process built for its world seed. Prints one JSON line.
 * Usage: node --expose-gc --import tsx benchmarks/children/live-envs.ts ENV_ID COUNT
 */
import { ToolEnv } from '../../src/core/tool-env.js';
import { worldCacheStats } from '../../src/core/world-cache.js';
import { materialize } from '../harness/materialize.js';
import { loadSubjects } from '../harness/subjects.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const MB = 2 ** 20;

function settledHeap(): number {
  for (let i = 0; i < 3; i++) gc!();
  return process.memoryUsage().heapUsed;
}

const [envId, countText] = process.argv.slice(2);
const count = Number(countText);
const { subjects } = await loadSubjects();
const subject = subjects.find((s) => s.environment.id === envId);
if (!subject) throw new Error(`no environment ${envId}`);
const { environment } = subject;

// Warm the code paths on a throwaway world first, so compiled code is not counted as the world's.
materialize(new ToolEnv(environment, { worldSeed: 'warm-up' }).world);
new ToolEnv(environment, { worldSeed: 'warm-up' }).reset({ seed: 0 });
// The envs below play their seeds in the default split's pool of worlds: a throwaway env plays
// the same seeds first, so every world they reach (and its answer indexes) is built, read in
// full and counted here, not against the envs.
const beforeWorlds = settledHeap();
const cacheBefore = worldCacheStats().bytes;
const worlds = new Map<string, unknown>();
const scout = new ToolEnv(environment);
for (let i = 0; i < count; i++) {
  scout.reset({ seed: i });
  const key = String(scout.worldSeed);
  if (!worlds.has(key)) worlds.set(key, scout.world);
}
scout.close();
for (const world of worlds.values()) materialize(world);
const afterWorlds = settledHeap();
const cacheAfter = worldCacheStats().bytes;
const envs: ToolEnv[] = [];
for (let i = 0; i < count; i++) envs.push(new ToolEnv(environment));
const afterMake = settledHeap();
for (let i = 0; i < count; i++) envs[i]!.reset({ seed: i });
const afterReset = settledHeap();
// An env shares when it holds the very object the process built for its world seed.
const sharing = envs.filter((env) => env.world === worlds.get(String(env.worldSeed))).length;
process.stdout.write(
  `${JSON.stringify({
    env: envId,
    count,
    worlds: worlds.size,
    worldMB: (afterWorlds - beforeWorlds) / worlds.size / MB,
    // what the world cache counts for them (their estimates and the answer indexes charged to them), against which its bound is held
    cacheWorldMB: (cacheAfter - cacheBefore) / worlds.size / MB,
    perEnvMadeKB: (afterMake - afterWorlds) / count / 1024,
    perEnvLiveKB: (afterReset - afterWorlds) / count / 1024,
    totalEnvsMB: (afterReset - afterWorlds) / MB,
    sharing,
    stillLive: envs.filter((env) => env.instance !== null).length,
  })}\n`,
);
