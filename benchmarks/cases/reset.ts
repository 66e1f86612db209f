import { ToolEnv } from '../../src/core/tool-env.js';
import type { JsonValue } from '../../src/core/json.js';
import type { QueryInstance } from '../../src/tasks/instance.js';
import type { Environment } from '../../src/core/environment.js';
import type { Benchmark } from '../harness/benchmark.js';
import { figure, type Figure, type Target } from '../harness/figure.js';
import { rates, repeat, since, type Sample } from '../harness/measure.js';
import { loadSubjects, type Family } from '../harness/subjects.js';

const TARGETS: Partial<Record<Family, Target>> = {
  toolbench: { op: '>=', value: 50_000, label: 'ToolBench-style reset >= 50k/s' },
  crmarena: { op: '>=', value: 20_000, label: 'CRMArena-style reset >= 20k/s' },
};

/** A world seed no pool uses, so its world and answer indexes are built cold here. */
const COLD_WORLD_SEED = 987_654_321;

/**
 * The cold cost: building a world outside the pools, then the first instance of every template of
 * the default split in it (each builds the template's answer index over that world).
 */
function coldCost(environment: Environment): { worldMs: number; indexMs: number; templates: number } {
  let start = performance.now();
  const world = environment.world(COLD_WORLD_SEED);
  const worldMs = since(start);
  const split = environment.split();
  start = performance.now();
  for (const template of split.templates) environment.generate({ template: template.id, seed: 0, split: split.name, world });
  return { worldMs, indexMs: since(start), templates: split.templates.length };
}

function resets(env: ToolEnv, seeds: readonly number[]): Sample {
  const start = performance.now();
  for (const seed of seeds) env.reset({ seed });
  return { ops: seeds.length, ms: since(start) };
}

function replays(env: ToolEnv, instances: readonly QueryInstance[]): Sample {
  const start = performance.now();
  for (const instance of instances) env.reset({ seed: instance.seed, options: { instance } });
  return { ops: instances.length, ms: since(start) };
}

export const resetBenchmark: Benchmark = {
  name: 'reset',
  title: 'env.reset on fresh seeds (instance generation with its ground truth) once worlds are warm, replaying pre-generated instances, and the cold cost of a new world',
  async run(ctx) {
    const { subjects, missing } = await loadSubjects();
    const figures: Figure[] = [];
    const details: Record<string, JsonValue> = {};
    const count = ctx.quick ? 50 : 20_000;
    for (const { family, environment } of subjects) {
      const cold = coldCost(environment);
      const env = new ToolEnv(environment);
      let next = 0;
      const fresh = await repeat(ctx.plan, () => resets(env, Array.from({ length: count }, () => next++)));
      const instances = Array.from({ length: Math.min(count, 2000) }, (_, seed) => {
        env.reset({ seed });
        return env.instance!;
      });
      const replayed = await repeat(ctx.plan, () => replays(env, instances));
      const generated = rates(fresh);
      const fromInstance = rates(replayed);
      const target = TARGETS[family];
      figures.push(figure({ name: `${environment.id} reset (new seed)`, value: generated.median, min: generated.min, max: generated.max, unit: 'resets/s', ...(target ? { target } : {}) }));
      figures.push(figure({ name: `${environment.id} reset (given instance)`, value: fromInstance.median, min: fromInstance.min, max: fromInstance.max, unit: 'resets/s' }));
      figures.push(figure({ name: `${environment.id} cold world build`, value: cold.worldMs, unit: 'ms' }));
      figures.push(figure({ name: `${environment.id} cold answer indexes (${cold.templates} templates, one world)`, value: cold.indexMs, unit: 'ms' }));
      details[environment.id] = { resetsPerRun: count, newSeed: [...generated.values], givenInstance: [...fromInstance.values], cold };
      ctx.log(`${environment.id}: ${generated.median.toFixed(0)} resets/s (new seed), ${fromInstance.median.toFixed(0)}/s (given instance); cold world ${cold.worldMs.toFixed(0)} ms + indexes ${cold.indexMs.toFixed(0)} ms`);
    }
    return { figures, details, skipped: [...missing] };
  },
};
