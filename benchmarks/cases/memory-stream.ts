import type { JsonValue } from '../../src/core/json.js';
import type { Benchmark } from '../harness/benchmark.js';
import { runChild } from '../harness/child.js';
import { figure, type Figure, type Target } from '../harness/figure.js';
import { loadSubjects } from '../harness/subjects.js';

interface StreamRun {
  readonly episodes: number;
  readonly steps: number;
  readonly ms: number;
  readonly fileMB: number;
  readonly baselineRssMB: number;
  readonly baselineHeapMB: number;
  readonly peakRssMB: number;
  readonly peakHeapMB: number;
  /** [episodes written, heap used in MB after a full GC]. */
  readonly liveHeapMB: readonly [number, number][];
}

const RSS_TARGET: Target = { op: '<=', value: 1.25, label: 'memory flat in episode count: peak RSS at 10x the episodes <= 1.25x' };
const GROWTH_TARGET: Target = { op: '<=', value: 0.5, label: 'memory flat in episode count: live heap grows <= 0.5 MB per 10k episodes' };

/** Live heap growth per 10k episodes, from the first sample after a tenth of the run to the last. */
function growthPer10k(run: StreamRun): number {
  const series = run.liveHeapMB;
  const first = series[0];
  const last = series.at(-1);
  if (!first || !last || last[0] === first[0]) return 0;
  return ((last[1] - first[1]) / (last[0] - first[0])) * 10_000;
}

export const memoryStreamBenchmark: Benchmark = {
  name: 'memory-stream',
  title: 'peak memory of a streamed oracle collection into a JSONL log, at N and 10N episodes (child process, --expose-gc)',
  async run(ctx) {
    const { subjects, missing } = await loadSubjects();
    const subject = subjects.find((s) => s.family === 'toolbench') ?? subjects.find((s) => s.family === 'baseline');
    if (!subject) return { figures: [], details: {}, skipped: [...missing, 'no environment to collect from'] };
    const id = subject.environment.id;
    const small = ctx.quick ? 200 : 10_000;
    const large = small * 10;
    const runs: StreamRun[] = [];
    for (const episodes of [small, large]) {
      const run = await runChild<StreamRun>(ctx.repo, 'benchmarks/children/stream-memory.ts', [id, String(episodes)], { exposeGc: true });
      runs.push(run);
      ctx.log(`${id} ${episodes} episodes: peak RSS ${run.peakRssMB.toFixed(1)} MB, peak heap ${run.peakHeapMB.toFixed(1)} MB, ${(run.episodes / (run.ms / 1000)).toFixed(0)} episodes/s, ${run.fileMB.toFixed(0)} MB written`);
    }
    const [a, b] = runs as [StreamRun, StreamRun];
    const figures: Figure[] = [];
    for (const run of runs) {
      figures.push(figure({ name: `${id} ${run.episodes} episodes: peak RSS`, value: run.peakRssMB, unit: 'MB' }));
      figures.push(figure({ name: `${id} ${run.episodes} episodes: peak heap used`, value: run.peakHeapMB, unit: 'MB' }));
    }
    figures.push(figure({ name: `${id} peak RSS ${b.episodes} / ${a.episodes} episodes`, value: b.peakRssMB / a.peakRssMB, unit: 'x', target: RSS_TARGET }));
    figures.push(figure({ name: `${id} live heap growth over ${b.episodes} episodes`, value: growthPer10k(b), unit: 'MB/10k episodes', target: GROWTH_TARGET }));
    figures.push(figure({ name: `${id} streamed collection speed (${b.episodes} episodes)`, value: b.episodes / (b.ms / 1000), unit: 'episodes/s' }));
    const details: Record<string, JsonValue> = {};
    for (const run of runs) details[`${run.episodes} episodes`] = run as unknown as JsonValue;
    return { figures, details, skipped: [...missing] };
  },
};
