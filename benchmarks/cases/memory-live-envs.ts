import type { JsonValue } from '../../src/core/json.js';
import type { Benchmark } from '../harness/benchmark.js';
import { runChild } from '../harness/child.js';
import { figure, type Figure, type Target } from '../harness/figure.js';
import { loadSubjects } from '../harness/subjects.js';

interface LiveEnvs {
  readonly count: number;
  readonly worldMB: number;
  readonly perEnvMadeKB: number;
  readonly perEnvLiveKB: number;
  readonly totalEnvsMB: number;
  readonly sharing: number;
  readonly stillLive: number;
}

const SHARE_TARGET: Target = { op: '>=', value: 1, label: '1,000 live envs share their world instead of copying it' };

export const memoryLiveEnvsBenchmark: Benchmark = {
  name: 'memory-live-envs',
  title: 'heap per live env (made, then reset into an episode) and whether the envs share one world object (child process, --expose-gc)',
  async run(ctx) {
    const { subjects, missing } = await loadSubjects();
    const count = ctx.quick ? 50 : 1000;
    const figures: Figure[] = [];
    const details: Record<string, JsonValue> = {};
    for (const { environment } of subjects) {
      const id = environment.id;
      const r = await runChild<LiveEnvs>(ctx.repo, 'benchmarks/children/live-envs.ts', [id, String(count)], { exposeGc: true });
      if (r.stillLive !== count) throw new Error(`${id}: only ${r.stillLive} of ${count} envs were in an episode when measured`);
      figures.push(figure({ name: `${id} world heap`, value: r.worldMB, unit: 'MB' }));
      figures.push(figure({ name: `${id} heap per env, made`, value: r.perEnvMadeKB, unit: 'KB' }));
      figures.push(figure({ name: `${id} heap per env, in an episode`, value: r.perEnvLiveKB, unit: 'KB' }));
      figures.push(figure({ name: `${id} ${count} live envs sharing the world object`, value: r.sharing / count, unit: 'share', target: SHARE_TARGET }));
      details[id] = r as unknown as JsonValue;
      ctx.log(`${id}: world ${r.worldMB.toFixed(2)} MB, per env ${r.perEnvMadeKB.toFixed(1)} KB made, ${r.perEnvLiveKB.toFixed(1)} KB in an episode; ${r.sharing}/${count} share the world`);
    }
    return { figures, details, skipped: [...missing] };
  },
};
