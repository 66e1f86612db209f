import type { JsonValue } from '../../src/core/json.js';
import type { Benchmark } from '../harness/benchmark.js';
import { figure, type Figure, type Target } from '../harness/figure.js';
import { runChild } from '../harness/child.js';
import { materialize } from '../harness/materialize.js';
import { latencies, repeat, since, spread } from '../harness/measure.js';
import { loadSubjects, type Family } from '../harness/subjects.js';

const TARGETS: Partial<Record<Family, Target>> = {
  crmarena: { op: '<=', value: 300, label: 'default CRM org < 300 ms' },
};

/** The first build in a fresh process, once per run: what a program pays when it starts. */
async function coldBuilds(repo: string, id: string, runs: number): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push((await runChild<{ ms: number }>(repo, 'benchmarks/children/world-cold.ts', [id])).ms);
  return ms;
}

export const worldBenchmark: Benchmark = {
  name: 'world',
  title: 'building the default world (the CRM org) from its seed, every lazily built section included: first build in a fresh process, and warm builds bypassing the world cache',
  async run(ctx) {
    const { subjects, missing } = await loadSubjects();
    const figures: Figure[] = [];
    const details: Record<string, JsonValue> = {};
    for (const { family, environment } of subjects) {
      const def = environment.definition.world;
      const options = def.options ? def.options.parse({}) : {};
      const seed = def.defaultSeed ?? 0;
      let summary: JsonValue = null;
      const samples = await repeat(ctx.plan, () => {
        const start = performance.now();
        const world = def.build(seed, options);
        materialize(world);
        const ms = since(start);
        summary ??= JSON.stringify(def.toJson ? def.toJson(world) : world).length;
        return { ops: 1, ms };
      });
      const ms = latencies(samples);
      const cold = spread(await coldBuilds(ctx.repo, environment.id, ctx.quick ? 1 : ctx.plan.runs));
      const target = TARGETS[family];
      figures.push(figure({ name: `${environment.id} default world build, first in a fresh process`, value: cold.median, min: cold.min, max: cold.max, unit: 'ms', ...(target ? { target } : {}) }));
      figures.push(figure({ name: `${environment.id} default world build, warm`, value: ms.median, min: ms.min, max: ms.max, unit: 'ms', ...(target ? { target } : {}) }));
      details[environment.id] = { seed, options: options as JsonValue, warmMs: [...ms.values], coldMs: [...cold.values], jsonChars: summary };
      ctx.log(`${environment.id}: ${cold.median.toFixed(1)} ms first in a process, ${ms.median.toFixed(1)} ms warm`);
    }
    return { figures, details, skipped: [...missing] };
  },
};
