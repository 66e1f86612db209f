/**
 * Runs under `valgrind --tool=callgrind --instr-atstart=no` (see benchmarks/cases/instructions.ts):
 * plans oracle episodes and warms them up uninstrumented, then switches callgrind's
 * instrumentation on for itself and brackets each region with a zero and a labelled dump, so the
 * parent reads every region's counts from its own dump file.
 *
 *   args: EPISODES WARM_PASSES REPS ENV:FORMAT...
 *
 * Regions, per env and format, REPS times each: `empty` (the bracketing alone), `resets` (a reset
 * on every episode's seed), `cycle` (reset and every step of every episode) and `floor` (every
 * call's JSON parse, zod check and handler, as the step case's floor). Each region is counted on
 * its second pass after a full GC; the parent gives the process a young generation big enough that
 * a pass allocates without another, and the collections that happened anyway are counted per region.
 * Prints one JSON line with the counts of episodes, steps and calls per env and format, and the GCs.
 */
import { spawnSync } from 'node:child_process';
import { PerformanceObserver } from 'node:perf_hooks';
import { ToolEnv } from '../../src/core/tool-env.js';
import { floorEpisode, planEpisodes, verifyFloor } from '../harness/episodes.js';
import { loadSubjects } from '../harness/subjects.js';

const [episodesArg, warmArg, repsArg, ...pairs] = process.argv.slice(2);
const episodeCount = Number(episodesArg);
const warmPasses = Number(warmArg);
const reps = Number(repsArg);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('count-instructions needs node --expose-gc');

/** A callgrind_control command on this process; the call returns once callgrind has carried it out. */
function control(...args: string[]): void {
  const result = spawnSync('callgrind_control', [...args, String(process.pid)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`callgrind_control ${args.join(' ')} failed: ${(result.stderr || result.stdout || String(result.error)).trim()}`);
}

const { subjects } = await loadSubjects();
interface Planned {
  readonly key: string;
  readonly regions: ReadonlyArray<readonly [string, () => void]>;
  readonly counts: { episodes: number; steps: number; calls: number };
}
const planned: Planned[] = [];
for (const pair of pairs) {
  const [envId, format] = pair.split(':') as [string, string];
  const subject = subjects.find((s) => s.environment.id === envId);
  if (!subject) throw new Error(`no environment ${envId}`);
  const env = new ToolEnv(subject.environment, { actionFormat: format });
  const seeds = Array.from({ length: episodeCount }, (_, i) => i);
  const { episodes } = planEpisodes(env, seeds, format, subject.stepPlan(format).options);
  verifyFloor(subject.environment, episodes);
  const resets = () => {
    for (const e of episodes) env.reset({ seed: e.seed, options: e.resetOptions });
  };
  const cycle = () => {
    for (const e of episodes) {
      env.reset({ seed: e.seed, options: e.resetOptions });
      for (const action of e.actions) env.step(action);
    }
  };
  const floor = () => {
    for (const e of episodes) floorEpisode(subject.environment, e);
  };
  const steps = episodes.reduce((sum, e) => sum + e.actions.length, 0);
  const calls = episodes.reduce((sum, e) => sum + e.floor.length, 0);
  planned.push({ key: pair, regions: [['empty', () => {}], ['resets', resets], ['cycle', cycle], ['floor', floor]], counts: { episodes: episodes.length, steps, calls } });
}

// Warm-up runs at valgrind's uninstrumented speed; V8 tiers code up by work done, not by time.
for (const { regions } of planned) for (let pass = 0; pass < warmPasses; pass++) for (const [, run] of regions) run();

let collections = 0;
new PerformanceObserver((list) => (collections += list.getEntries().length)).observe({ entryTypes: ['gc'] });
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Turns of the event loop until the GC observer has been told of every collection so far (it takes two). */
const settle = async () => {
  for (let i = 0; i < 3; i++) await turn();
};
const gcs: Record<string, number> = {};

control('--instr=on');
for (let rep = 0; rep < reps; rep++) {
  for (const { key, regions } of planned) {
    for (const [region, run] of regions) {
      gc();
      // A full GC deoptimizes code that embeds objects it found dead ("weak objects"): one pass
      // re-optimizes it, so the counted pass runs the steady state's code, not the compiler.
      run();
      await settle();
      const before = collections;
      control('--zero');
      run();
      control(`--dump=${key}:${region}:${rep}`);
      await settle();
      gcs[`${key}:${region}:${rep}`] = collections - before;
    }
  }
}
process.stdout.write(`${JSON.stringify({ counts: Object.fromEntries(planned.map((p) => [p.key, p.counts])), gcs })}\n`);
