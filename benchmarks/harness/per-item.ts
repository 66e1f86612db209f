import type { ToolEnv } from '../../src/core/tool-env.js';
import type { Environment } from '../../src/core/environment.js';
import { FloorContext, type PlannedEpisode } from './episodes.js';
import { median } from './measure.js';

/**
 * The step and the floor timed item by item (each env.step, each floor call), over `rounds`
 * passes of the same episodes (a warm-up pass first), and for each item its median over the
 * passes: a figure a preemption or a scavenge landing on one item in one pass does not move, as
 * it moves a mean over a loaded box. A detail beside the case's figures, measured in passes of
 * its own after them (the timed loops of the figures are not touched).
 */
export interface PerItemMedians {
  readonly rounds: number;
  /** Microseconds, the mean over items of each item's median. */
  readonly stepUs: number;
  readonly floorUs: number;
  readonly ratio: number;
  /** The same over the tool steps only (every step but each episode's last) and over the last steps. */
  readonly toolStepUs: number;
  readonly toolFloorUs: number;
  readonly lastStepUs: number;
  readonly lastFloorUs: number;
}

function stepPass(env: ToolEnv, episodes: readonly PlannedEpisode[], out: Float64Array): void {
  let k = 0;
  for (const episode of episodes) {
    env.reset({ seed: episode.seed, options: episode.resetOptions });
    for (const action of episode.actions) {
      const start = performance.now();
      env.step(action);
      out[k++] = performance.now() - start;
    }
  }
}

function floorPass(environment: Environment, episodes: readonly PlannedEpisode[], out: Float64Array): void {
  let k = 0;
  for (const episode of episodes) {
    const world = episode.world;
    const state = environment.sandbox(world).createState(world);
    for (let i = 0; i < episode.floor.length; i++) {
      const call = episode.floor[i]!;
      const start = performance.now();
      const checked = call.entry.tool.input.safeParse(call.pick(JSON.parse(call.json)));
      if (checked.success) call.entry.tool.handler(checked.data, new FloorContext(world, state, episode.seed, i + 1));
      out[k++] = performance.now() - start;
    }
  }
}

/** Mean over the items `pick` keeps of each item's median over the passes, in microseconds. */
function meanOfMedians(passes: readonly Float64Array[], pick: (item: number) => boolean): number {
  let total = 0;
  let items = 0;
  const values: number[] = new Array(passes.length);
  for (let i = 0; i < passes[0]!.length; i++) {
    if (!pick(i)) continue;
    for (let p = 0; p < passes.length; p++) values[p] = passes[p]![i]!;
    total += median(values);
    items++;
  }
  return items === 0 ? Number.NaN : Math.round((total * 100_000) / items) / 100;
}

export function perItemMedians(env: ToolEnv, episodes: readonly PlannedEpisode[], rounds: number): PerItemMedians {
  const items = episodes.reduce((n, e) => n + e.actions.length, 0);
  const last: boolean[] = [];
  for (const e of episodes) for (let i = 0; i < e.actions.length; i++) last.push(i === e.actions.length - 1);
  const steps: Float64Array[] = [];
  const floors: Float64Array[] = [];
  for (let round = -1; round < rounds; round++) {
    const step = new Float64Array(items);
    const floor = new Float64Array(items);
    stepPass(env, episodes, step);
    floorPass(env.environment, episodes, floor);
    if (round < 0) continue;
    steps.push(step);
    floors.push(floor);
  }
  const all = () => true;
  const tool = (i: number) => !last[i];
  const final = (i: number) => last[i]!;
  const stepUs = meanOfMedians(steps, all);
  const floorUs = meanOfMedians(floors, all);
  return {
    rounds,
    stepUs,
    floorUs,
    ratio: Math.round((stepUs / floorUs) * 100) / 100,
    toolStepUs: meanOfMedians(steps, tool),
    toolFloorUs: meanOfMedians(floors, tool),
    lastStepUs: meanOfMedians(steps, final),
    lastFloorUs: meanOfMedians(floors, final),
  };
}
