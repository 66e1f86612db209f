import type { JsonValue } from '../../src/core/json.js';
import type { Benchmark } from '../harness/benchmark.js';
import { runChild } from '../harness/child.js';
import { figure, type Figure, type Target } from '../harness/figure.js';
import { loadSubjects } from '../harness/subjects.js';

interface LiveEnvs {
  readonly count: number;
  /** Distinct worlds of the default split's pool the envs played in. */
  readonly worlds: number;
  /** Heap per world, read in full, with the answer indexes its episodes built. */
  readonly worldMB: number;
  /** What the world cache counts per world: its estimate plus the answer indexes charged to it. */
  readonly cacheWorldMB: number;
  readonly perEnvMadeKB: number;
  readonly perEnvLiveKB: number;
  readonly totalEnvsMB: number;
  readonly sharing: number;
  readonly stillLive: number;
}

const ESTIMATE_TARGET: Target = { op: '>=', value: 0.5, label: 'the world cache counts at least half of what a world holds (its bound then holds at most twice its figure)' };
const SHARE_TARGET: Target = { op: '>=', value: 1, label: 'live envs share their world (one object per world seed) instead of copying it' };

export const memoryLiveEnvsBenchmark: Benchmark = {
  name: 'memory-live-envs',
  title: 'heap per pool world and per live env (made, then reset into an episode), and whether envs in the same world share its object (child process, --expose-gc)',
  async run(ctx) {
    const { subjects, missing } = await loadSubjects();
    const count = ctx.quick ? 50 : 1000;
    const figures: Figure[] = [];
    const details: Record<string, JsonValue> = {};
    for (const { environment, family } of subjects) {
      const id = environment.id;
      const r = await runChild<LiveEnvs>(ctx.repo, 'benchmarks/children/live-envs.ts', [id, String(count)], { exposeGc: true });
      if (r.stillLive !== count) throw new Error(`${id}: only ${r.stillLive} of ${count} envs were in an episode when measured`);
      figures.push(figure({ name: `${id} heap per pool world (${r.worlds} worlds, with their indexes)`, value: r.worldMB, unit: 'MB' }));
      figures.push(figure({ name: `${id} world cache's count per pool world`, value: r.cacheWorldMB, unit: 'MB' }));
      figures.push(figure({ name: `${id} world cache's count / heap per pool world`, value: r.cacheWorldMB / r.worldMB, unit: 'x', ...(family === 'baseline' ? { note: 'the test fixture: its worlds are a few KB, where fixed costs the estimate leaves out dominate' } : { target: ESTIMATE_TARGET }) }));
      figures.push(figure({ name: `${id} heap per env, made`, value: r.perEnvMadeKB, unit: 'KB' }));
      figures.push(figure({ name: `${id} heap per env, in an episode`, value: r.perEnvLiveKB, unit: 'KB' }));
      figures.push(figure({ name: `${id} ${count} live envs sharing their world's object`, value: r.sharing / count, unit: 'share', target: SHARE_TARGET }));
      details[id] = r as unknown as JsonValue;
      ctx.log(`${id}: ${r.worlds} worlds, ${r.worldMB.toFixed(2)} MB each (the cache counts ${r.cacheWorldMB.toFixed(2)}), per env ${r.perEnvMadeKB.toFixed(1)} KB made, ${r.perEnvLiveKB.toFixed(1)} KB in an episode; ${r.sharing}/${count} share their world's object`);
    }
    return { figures, details, skipped: [...missing] };
  },
};
