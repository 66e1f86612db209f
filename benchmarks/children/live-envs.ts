/**
 * Heap cost of COUNT live envs on one environment (run with --expose-gc): the world alone, the
 * envs once made, and once each has reset into an episode; and whether they all hold the same
 * world object. Prints one JSON line.
 * Usage: node --expose-gc --import tsx benchmarks/children/live-envs.ts ENV_ID COUNT
 */
import { ToolEnv } from '../../src/core/tool-env.js';
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
const beforeWorld = settledHeap();
const world = environment.world();
materialize(world);
const afterWorld = settledHeap();
const envs: ToolEnv[] = [];
for (let i = 0; i < count; i++) envs.push(new ToolEnv(environment));
const afterMake = settledHeap();
for (let i = 0; i < count; i++) envs[i]!.reset({ seed: i });
const afterReset = settledHeap();
const sharing = envs.filter((env) => env.world === world).length;
process.stdout.write(
  `${JSON.stringify({
    env: envId,
    count,
    worldMB: (afterWorld - beforeWorld) / MB,
    perEnvMadeKB: (afterMake - afterWorld) / count / 1024,
    perEnvLiveKB: (afterReset - afterWorld) / count / 1024,
    totalEnvsMB: (afterReset - afterWorld) / MB,
    sharing,
    stillLive: envs.filter((env) => env.instance !== null).length,
  })}\n`,
);
