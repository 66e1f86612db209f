import type { JsonValue } from '../../src/core/json.js';
import type { Benchmark } from '../harness/benchmark.js';
import { figure, type Figure, type Target } from '../harness/figure.js';
import { latencies, repeat, since } from '../harness/measure.js';
import { loadSubjects, type Family } from '../harness/subjects.js';

const TARGETS: Partial<Record<Family, Target>> = {
  crmarena: { op: '<=', value: 300, label: 'default CRM org < 300 ms' },
};

export const worldBenchmark: Benchmark = {
  name: 'world',
  title: 'building the default world (the CRM org) from its seed, bypassing the world cache',
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
        const ms = since(start);
        summary ??= JSON.stringify(def.toJson ? def.toJson(world) : world).length;
        return { ops: 1, ms };
      });
      const ms = latencies(samples);
      const target = TARGETS[family];
      figures.push(figure({ name: `${environment.id} default world build`, value: ms.median, min: ms.min, max: ms.max, unit: 'ms', ...(target ? { target } : {}) }));
      details[environment.id] = { seed, options: options as JsonValue, runsMs: [...ms.values], jsonChars: summary };
      ctx.log(`${environment.id}: ${ms.median.toFixed(1)} ms`);
    }
    return { figures, details, skipped: [...missing] };
  },
};
