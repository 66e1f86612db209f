import type { JsonValue } from '../../src/core/json.js';
import { collect } from '../../src/rollout/collector.js';
import { OraclePolicy } from '../../src/rollout/oracle.js';
import type { Benchmark } from '../harness/benchmark.js';
import { figure, type Figure } from '../harness/figure.js';
import { rates, repeat, since } from '../harness/measure.js';
import { loadSubjects } from '../harness/subjects.js';

interface CollectRun {
  readonly episodes: number;
  readonly steps: number;
  readonly correct: number;
  readonly bytes: number;
  readonly ms: number;
}

export const collectOracleBenchmark: Benchmark = {
  name: 'collect-oracle',
  title: 'the rollout collector playing the oracle policy: whole episodes with records serialised (lines discarded)',
  async run(ctx) {
    const { subjects, missing } = await loadSubjects();
    const figures: Figure[] = [];
    const details: Record<string, JsonValue> = {};
    for (const { environment } of subjects) {
      const episodes = ctx.quick ? 40 : environment.id.startsWith('CRMArena') ? 1000 : 5000;
      const split = environment.definition.defaultSplit;
      const runs = await repeat(ctx.plan, async (): Promise<CollectRun> => {
        let steps = 0;
        let correct = 0;
        let bytes = 0;
        const start = performance.now();
        const summary = await collect({
          targets: [{ environment, split }],
          episodes,
          seed: 0,
          policy: new OraclePolicy(),
          onRecord: (line, record) => {
            steps += record.steps.length;
            if (record.outcome.correct) correct++;
            bytes += line.length + 1;
          },
        });
        const ms = since(start);
        if (summary.written !== episodes) throw new Error(`${environment.id}: ${summary.failed} of ${episodes} oracle episodes failed`);
        return { episodes, steps, correct, bytes, ms };
      });
      const perEpisode = rates(runs.map((r) => ({ ops: r.episodes, ms: r.ms })));
      const perStep = rates(runs.map((r) => ({ ops: r.steps, ms: r.ms })));
      const first = runs[0]!;
      figures.push(figure({ name: `${environment.id} oracle collection`, value: perEpisode.median, min: perEpisode.min, max: perEpisode.max, unit: 'episodes/s' }));
      figures.push(figure({ name: `${environment.id} oracle collection steps`, value: perStep.median, min: perStep.min, max: perStep.max, unit: 'steps/s' }));
      details[environment.id] = {
        split,
        episodesPerRun: episodes,
        stepsPerEpisode: first.steps / first.episodes,
        correctShare: first.correct / first.episodes,
        bytesPerRecord: Math.round(first.bytes / first.episodes),
        episodeRates: [...perEpisode.values],
      };
      ctx.log(`${environment.id}: ${perEpisode.median.toFixed(0)} episodes/s (${perStep.median.toFixed(0)} steps/s), ${Math.round(first.bytes / first.episodes)} bytes per record`);
    }
    return { figures, details, skipped: [...missing] };
  },
};
