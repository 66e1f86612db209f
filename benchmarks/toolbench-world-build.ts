/**
 * How long the default ToolBench world takes to build (one cold build: fresh process, first call;
 * then warm ones), how big it is, and what one oracle step costs.
 * Run: npx tsx benchmarks/toolbench-world-build.ts [runs]
 */
import { performance } from 'node:perf_hooks';
import { OraclePolicy, rngStream, ToolEnv } from '../src/index.js';
import { buildWorld, toolbenchEnvironment, worldJson } from '../envs/toolbench/index.js';

const runs = Number(process.argv[2] ?? 9);
const timings: number[] = [];
const cpu: number[] = [];
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  const used = process.cpuUsage();
  buildWorld(0, {});
  const spent = process.cpuUsage(used);
  timings.push(performance.now() - start);
  cpu.push((spent.user + spent.system) / 1000);
}
const warm = timings.slice(1).sort((a, b) => a - b);
const warmCpu = cpu.slice(1).sort((a, b) => a - b);
const json = worldJson(buildWorld(0, {}));
const sizes = Object.entries(json)
  .filter(([, v]) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).some(Array.isArray))
  .map(([k, v]) => `${k} ${Object.values(v as Record<string, unknown>).reduce<number>((n, x) => n + (Array.isArray(x) ? x.length : 0), 0)}`)
  .join(', ');
console.log(`default world (seed 0) records: ${sizes}; ${(JSON.stringify(json).length / 1e6).toFixed(2)} MB of JSON`);
console.log(`cold build ${timings[0]!.toFixed(1)} ms wall (${cpu[0]!.toFixed(1)} ms CPU); warm median ${warm[Math.floor(warm.length / 2)]?.toFixed(1) ?? '-'} ms wall (${warmCpu[Math.floor(warmCpu.length / 2)]?.toFixed(1) ?? '-'} ms CPU), min ${warm[0]?.toFixed(1) ?? '-'} ms over ${warm.length} runs`);

const env = new ToolEnv(toolbenchEnvironment, { split: 'train' });
const policy = new OraclePolicy();
let steps = 0;
let stepTime = 0;
let resetTime = 0;
for (let seed = 0; seed < 400; seed++) {
  const t0 = performance.now();
  let { observation, info } = env.reset({ seed });
  resetTime += performance.now() - t0;
  let tallies = info.tallies;
  for (let step = 0; step < env.spec.maxSteps; step++) {
    const [action] = await policy.act({ observation, instance: env.instance!, environment: env.environment, tallies, step, format: env.actionFormat, rng: rngStream(seed, 'policy', String(step)) }, 1);
    const t1 = performance.now();
    const r = env.step(action);
    stepTime += performance.now() - t1;
    steps++;
    observation = r.observation;
    tallies = r.info.tallies;
    if (r.terminated || r.truncated) break;
  }
}
console.log(`oracle episodes: 400 resets at ${((resetTime / 400) * 1000).toFixed(0)} µs each (instance generation included); ${steps} steps at ${((stepTime / steps) * 1000).toFixed(0)} µs each (parse, check, handler, observation)`);
