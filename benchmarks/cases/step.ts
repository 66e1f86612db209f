import { ToolEnv } from '../../src/core/tool-env.js';
import type { JsonValue } from '../../src/core/json.js';
import type { Benchmark, BenchContext } from '../harness/benchmark.js';
import { floorByTool, floorEpisode, planEpisodes, requiredEpisode, verifyFloor, type PlannedEpisode } from '../harness/episodes.js';
import { figure, type Figure, type Target } from '../harness/figure.js';
import { rates, repeat, since, spread, type Sample } from '../harness/measure.js';
import { loadSubjects, type Subject } from '../harness/subjects.js';
import { perItemMedians } from '../harness/per-item.js';
import { fullCollection } from '../harness/full-gc.js';

const STEP_TARGETS: Partial<Record<Subject['family'], Target>> = {
  toolbench: { op: '>=', value: 200_000, label: 'ToolBench-style step >= 200k steps/s' },
  crmarena: { op: '>=', value: 50_000, label: 'CRMArena-style step (non-SOQL tools) >= 50k steps/s' },
};
const RATIO_TARGETS: Partial<Record<Subject['family'], Target>> = {
  toolbench: { op: '<=', value: 1.5, label: 'ToolBench-style step/floor <= 1.5' },
};

/** Passes of the per-item detail (see per-item.ts), after the figures' runs. */
const PER_ITEM_ROUNDS = 7;

interface StepRun {
  readonly step: Sample;
  readonly cycle: Sample;
  readonly floor: Sample;
  readonly required: Sample;
}

/** Checks that the planned actions really solve their episodes, so the timed loop is the oracle's. */
function verify(env: ToolEnv, episodes: readonly PlannedEpisode[], format: string): void {
  for (const episode of episodes) {
    env.reset({ seed: episode.seed, options: episode.resetOptions });
    if (env.instance!.id !== episode.instance.id) throw new Error(`reset on seed ${episode.seed} gave another instance`);
    let last = null;
    for (const action of episode.actions) last = env.step(action);
    if (!last?.terminated || last.info.answer?.correct !== true || last.info.tallies.passed !== episode.actions.length) {
      throw new Error(`${env.spec.id} ${format} seed ${episode.seed}: the oracle's actions do not solve the episode (${last?.info.answer?.detail ?? 'not terminated'})`);
    }
  }
}

function runOnce(env: ToolEnv, episodes: readonly PlannedEpisode[]): StepRun {
  let stepMs = 0;
  let steps = 0;
  const cycleStart = performance.now();
  for (const episode of episodes) {
    env.reset({ seed: episode.seed, options: episode.resetOptions });
    const start = performance.now();
    for (const action of episode.actions) env.step(action);
    stepMs += performance.now() - start;
    steps += episode.actions.length;
  }
  const cycleMs = since(cycleStart);
  let floorMs = 0;
  const environment = env.environment;
  for (const episode of episodes) floorMs += floorEpisode(environment, episode);
  let requiredMs = 0;
  for (const episode of episodes) requiredMs += requiredEpisode(environment, episode);
  return { step: { ops: steps, ms: stepMs }, cycle: { ops: steps, ms: cycleMs }, floor: { ops: steps, ms: floorMs }, required: { ops: steps, ms: requiredMs } };
}

async function measureSubject(ctx: BenchContext, subject: Subject, figures: Figure[], details: Record<string, JsonValue>, skipped: string[]): Promise<void> {
  const { environment } = subject;
  const count = ctx.quick ? 40 : 4000;
  const seeds = Array.from({ length: count }, (_, i) => i);
  for (const format of environment.formats) {
    const label = `${environment.id} ${format}`;
    const stepPlan = subject.stepPlan(format);
    const env = new ToolEnv(environment, { actionFormat: format });
    const { episodes, inexpressible } = planEpisodes(env, seeds, format, stepPlan.options);
    if (episodes.length === 0) {
      skipped.push(`${label}: no planned episode can be written in this format (${inexpressible} inexpressible)`);
      continue;
    }
    verify(env, episodes, format);
    verifyFloor(environment, episodes);
    // The previous formats' planned episodes and the checks' garbage would otherwise sit in the heap
    // (0.9-1.4 GB by the last formats) and lengthen this format's scavenges.
    fullCollection();
    const runs = await repeat(ctx.plan, () => runOnce(env, episodes));
    const step = rates(runs.map((r) => r.step));
    const cycle = rates(runs.map((r) => r.cycle));
    const floor = rates(runs.map((r) => r.floor));
    const ratio = spread(runs.map((r) => r.step.ms / r.floor.ms));
    const required = rates(runs.map((r) => r.required));
    const overRequired = spread(runs.map((r) => r.step.ms / r.required.ms));
    const stepTarget = stepPlan.targeted ? STEP_TARGETS[subject.family] : undefined;
    const ratioTarget = stepPlan.targeted ? RATIO_TARGETS[subject.family] : undefined;
    const note = stepPlan.note ? { note: stepPlan.note } : {};
    figures.push(figure({ name: `${label} step`, value: step.median, min: step.min, max: step.max, unit: 'steps/s', ...note, ...(stepTarget ? { target: stepTarget } : {}) }));
    figures.push(figure({ name: `${label} floor (parse+zod+handler)`, value: floor.median, min: floor.min, max: floor.max, unit: 'calls/s' }));
    figures.push(figure({ name: `${label} step/floor`, value: ratio.median, min: ratio.min, max: ratio.max, unit: 'x', ...(ratioTarget ? { target: ratioTarget } : {}) }));
    figures.push(figure({ name: `${label} floor + observation JSON + grading`, value: required.median, min: required.min, max: required.max, unit: 'calls/s' }));
    figures.push(figure({ name: `${label} step/(floor + observation JSON + grading)`, value: overRequired.median, min: overRequired.min, max: overRequired.max, unit: 'x' }));
    figures.push(figure({ name: `${label} step+reset cycle`, value: cycle.median, min: cycle.min, max: cycle.max, unit: 'steps/s' }));
    const stepsPerEpisode = runs[0]!.step.ops / episodes.length;
    if (format === environment.formats[0]) details[`${environment.id} floor by tool (microseconds per call, first format)`] = floorByTool(environment, episodes) as unknown as JsonValue;
    const items = perItemMedians(env, episodes, ctx.quick ? 3 : PER_ITEM_ROUNDS);
    details[label] = {
      episodes: episodes.length,
      inexpressible,
      stepsPerEpisode,
      plan: stepPlan.note ?? 'oracle',
      stepRates: [...step.values],
      floorRates: [...floor.values],
      cycleRates: [...cycle.values],
      ratios: [...ratio.values],
      requiredRates: [...required.values],
      overRequired: [...overRequired.values],
      perItemMedians: { ...items },
    };
    ctx.log(`${label}: ${step.median.toFixed(0)} steps/s, floor ${floor.median.toFixed(0)}/s, ratio ${ratio.median.toFixed(2)}, over floor + observation + grading ${overRequired.median.toFixed(2)}; per-item medians ${items.stepUs} / ${items.floorUs} us, ratio ${items.ratio}`);
  }
}

export const stepBenchmark: Benchmark = {
  name: 'step',
  title: 'env.step with the oracle\'s actions, per environment and action format, against a parse+validate+handler floor',
  async run(ctx) {
    const { subjects, missing } = await loadSubjects();
    const figures: Figure[] = [];
    const details: Record<string, JsonValue> = {};
    const skipped = [...missing];
    for (const subject of subjects) await measureSubject(ctx, subject, figures, details, skipped);
    return { figures, details, skipped };
  },
};
