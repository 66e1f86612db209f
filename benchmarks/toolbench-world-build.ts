/**
 * How long the default ToolBench world takes to build: creating it (sections are built on first
 * read), building every section cold (fresh process, first call) and warm, and what a first reset
 * and one oracle step cost. Run: npx tsx benchmarks/toolbench-world-build.ts [runs]
 */
import { performance } from 'node:perf_hooks';
import { OraclePolicy, rngStream, ToolEnv } from '../src/index.js';
import { buildWorld, materializeWorld, toolbenchEnvironment, WORLD_SECTIONS, worldJson } from '../envs/toolbench/index.js';

const runs = Number(process.argv[2] ?? 9);
const ms = (t: number): string => `${t.toFixed(1)} ms`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

let start = performance.now();
const first = buildWorld(0, {});
const create = performance.now() - start;
start = performance.now();
const firstSection = first.travel;
const oneSection = performance.now() - start;
start = performance.now();
materializeWorld(first);
const rest = performance.now() - start;

const full: number[] = [];
const perSection = new Map<string, number[]>(WORLD_SECTIONS.map((s) => [s, []]));
for (let i = 0; i < runs; i++) {
  const world = buildWorld(0, {});
  const t0 = performance.now();
  for (const section of WORLD_SECTIONS) {
    const t = performance.now();
    void world[section];
    perSection.get(section)!.push(performance.now() - t);
  }
  full.push(performance.now() - t0);
}
const json = worldJson(buildWorld(0, {}));
console.log(`default world (seed 0): ${(JSON.stringify(json).length / 1e6).toFixed(2)} MB of JSON; ${firstSection.flights.length} flights, ${first.shop.products.length} products, ${first.music.tracks.length} tracks`);
console.log(`cold, fresh process: buildWorld ${ms(create)} (sections are built on first read); first section (travel) ${ms(oneSection)}; the other 13 ${ms(rest)}; all 14 ${ms(oneSection + rest)}`);
console.log(`warm, all 14 sections: median ${ms(median(full))}, min ${ms(Math.min(...full))} over ${runs} runs; per section (median): ${[...perSection].map(([s, t]) => `${s} ${median(t).toFixed(1)}`).join(', ')}`);

const env = new ToolEnv(toolbenchEnvironment, { split: 'train', worldSeed: 1 });
start = performance.now();
env.reset({ seed: 0 });
console.log(`first reset on a new world (builds the sections its template reads): ${ms(performance.now() - start)}`);
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
