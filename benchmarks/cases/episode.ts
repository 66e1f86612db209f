import { ToolEnv } from '../../src/core/tool-env.js';
import type { JsonValue } from '../../src/core/json.js';
import type { Benchmark } from '../harness/benchmark.js';
import { planEpisodes, type PlannedEpisode } from '../harness/episodes.js';
import { figure, type Figure } from '../harness/figure.js';
import { repeat, spread } from '../harness/measure.js';
import { loadSubjects } from '../harness/subjects.js';

interface EpisodeRun {
  readonly episodes: number;
  readonly steps: number;
  readonly resetMs: number;
  readonly stepMs: number;
}

/**
 * Whole episodes as a trainer pays for them: reset on a new seed (instance generation and ground
 * truth), then every one of the oracle's steps, the last of which checks the answer and the final
 * state. Timed in two parts so the result file says where an episode's time goes.
 */
function playAll(env: ToolEnv, episodes: readonly PlannedEpisode[]): EpisodeRun {
  let resetMs = 0;
  let stepMs = 0;
  let steps = 0;
  for (const episode of episodes) {
    const t0 = performance.now();
    env.reset({ seed: episode.seed, options: episode.resetOptions });
    const t1 = performance.now();
    let last = null;
    for (const action of episode.actions) last = env.step(action);
    stepMs += performance.now() - t1;
    resetMs += t1 - t0;
    steps += episode.actions.length;
    if (last?.info.answer?.correct !== true) throw new Error(`${env.spec.id} seed ${episode.seed}: the oracle's episode was not solved (${last?.info.answer?.detail ?? 'not terminated'})`);
  }
  return { episodes: episodes.length, steps, resetMs, stepMs };
}

export const episodeBenchmark: Benchmark = {
  name: 'episode',
  title: 'whole oracle episodes (reset on a new seed + every step + the final answer check), per environment, over 1,000 seeds',
  async run(ctx) {
    const { subjects, missing } = await loadSubjects();
    const figures: Figure[] = [];
    const details: Record<string, JsonValue> = {};
    const seeds = Array.from({ length: ctx.quick ? 20 : 1000 }, (_, i) => i);
    for (const { environment } of subjects) {
      const format = environment.formats[0]!;
      const env = new ToolEnv(environment, { actionFormat: format });
      const { episodes, inexpressible } = planEpisodes(env, seeds, format);
      const runs = await repeat(ctx.plan, () => playAll(env, episodes));
      const perSecond = spread(runs.map((r) => (r.episodes * 1000) / (r.resetMs + r.stepMs)));
      const usPerEpisode = spread(runs.map((r) => ((r.resetMs + r.stepMs) * 1000) / r.episodes));
      const resetShare = spread(runs.map((r) => r.resetMs / (r.resetMs + r.stepMs)));
      const first = runs[0]!;
      figures.push(figure({ name: `${environment.id} whole episode`, value: perSecond.median, min: perSecond.min, max: perSecond.max, unit: 'episodes/s', note: `${(first.steps / first.episodes).toFixed(2)} steps per episode, ${format}` }));
      figures.push(figure({ name: `${environment.id} whole episode: time`, value: usPerEpisode.median, min: usPerEpisode.min, max: usPerEpisode.max, unit: 'us/episode' }));
      figures.push(figure({ name: `${environment.id} whole episode: reset share`, value: resetShare.median, min: resetShare.min, max: resetShare.max, unit: 'ratio' }));
      details[environment.id] = {
        format,
        seeds: seeds.length,
        episodes: episodes.length,
        inexpressible,
        stepsPerEpisode: first.steps / first.episodes,
        resetUsPerEpisode: runs.map((r) => Math.round((r.resetMs * 10_000) / r.episodes) / 10),
        stepsUsPerEpisode: runs.map((r) => Math.round((r.stepMs * 10_000) / r.episodes) / 10),
        episodesPerSecond: [...perSecond.values],
      };
      ctx.log(`${environment.id}: ${perSecond.median.toFixed(0)} episodes/s (${usPerEpisode.median.toFixed(0)} us each, ${(100 * resetShare.median).toFixed(0)}% in reset), ${(first.steps / first.episodes).toFixed(2)} steps each`);
    }
    return { figures, details, skipped: [...missing] };
  },
};
