import type { JsonValue } from '../../src/core/json.js';
import { CorpusPlayer, loadCorpus } from '../harness/adversarial-corpus.js';
import type { Benchmark } from '../harness/benchmark.js';
import { figure, type Figure } from '../harness/figure.js';
import { repeat, spread } from '../harness/measure.js';

export const adversarialBenchmark: Benchmark = {
  name: 'adversarial',
  title: 'env.step on the corpus of the worst actions found so far (benchmarks/corpus/adversarial-actions.jsonl): the slowest step',
  async run(ctx) {
    const corpus = loadCorpus();
    const player = new CorpusPlayer();
    const runs = await repeat(ctx.plan, () => corpus.map((entry) => player.play(entry)));
    const threw = runs.flat().filter((s) => s.outcome.startsWith('threw'));
    if (threw.length > 0) throw new Error(`step threw on ${threw.map((s) => `${s.name} (${s.outcome})`).join('; ')}`);
    const perEntry = corpus.map((entry, i) => ({ entry, times: spread(runs.map((run) => run[i]!.ms)), last: runs.at(-1)![i]! }));
    const slowestPerRun = spread(runs.map((run) => Math.max(...run.map((s) => s.ms))));
    const worst = [...perEntry].sort((a, b) => b.times.median - a.times.median);
    const figures: Figure[] = [
      figure({
        name: 'slowest step on the corpus (median over runs of each run\'s slowest)',
        value: slowestPerRun.median,
        min: slowestPerRun.min,
        max: slowestPerRun.max,
        unit: 'ms',
        note: `slowest entry: ${worst[0]!.entry.name}`,
        target: { op: '<=', value: 50, label: 'no step over 50 ms' },
      }),
      ...worst.slice(0, 5).map(({ entry, times }) => figure({ name: `step: ${entry.name}`, value: times.median, min: times.min, max: times.max, unit: 'ms' })),
    ];
    const details: Record<string, JsonValue> = {
      entries: corpus.length,
      steps: Object.fromEntries(perEntry.map(({ entry, times, last }) => [entry.name, { medianMs: times.median, maxMs: times.max, chars: last.size, outcome: last.outcome }])),
    };
    ctx.log(`${corpus.length} entries; slowest step ${slowestPerRun.median.toFixed(1)} ms (${worst[0]!.entry.name})`);
    return { figures, details, skipped: [] };
  },
};
