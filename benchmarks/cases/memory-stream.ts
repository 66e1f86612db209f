import type { JsonValue } from '../../src/core/json.js';
import type { Benchmark } from '../harness/benchmark.js';
import { runChild } from '../harness/child.js';
import { figure, type Figure, type Target } from '../harness/figure.js';
import { loadSubjects } from '../harness/subjects.js';

interface StreamRun {
  readonly episodes: number;
  readonly failed: number;
  readonly steps: number;
  readonly ms: number;
  readonly fileMB: number;
  readonly baselineRssMB: number;
  readonly baselineHeapMB: number;
  readonly peakRssMB: number;
  readonly peakHeapMB: number;
  /** Peak RSS within each tenth of the run. */
  readonly peakRssByTenthMB: readonly number[];
  /** [episodes written, heap used in MB after a full GC]. */
  readonly liveHeapMB: readonly [number, number][];
}

const RSS_TARGET: Target = { op: '<=', value: 1.25, label: 'memory flat in episode count: peak RSS at 10x the episodes <= 1.25x' };
const GROWTH_TARGET: Target = { op: '<=', value: 0.5, label: 'memory flat in episode count: live heap grows <= 0.5 MB per 10k episodes' };

/** Live heap growth per 10k episodes: the least-squares slope of heap-after-GC against episodes written. */
function growthPer10k(run: StreamRun): number {
  const points = run.liveHeapMB;
  if (points.length < 2) return 0;
  const n = points.length;
  const meanX = points.reduce((s, [x]) => s + x, 0) / n;
  const meanY = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - meanX) * (y - meanY);
    sxx += (x - meanX) ** 2;
  }
  return sxx === 0 ? 0 : (sxy / sxx) * 10_000;
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
    // Both runs force a full collection (to read the live heap) at the same interval.
    const liveEvery = small / 2;
    const runs: StreamRun[] = [];
    for (const episodes of [small, large]) {
      const run = await runChild<StreamRun>(ctx.repo, 'benchmarks/children/stream-memory.ts', [id, String(episodes), String(liveEvery)], { exposeGc: true });
      if (run.failed > 0) throw new Error(`${id}: ${run.failed} of ${episodes} oracle episodes failed to play`);
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
