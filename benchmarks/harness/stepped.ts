/**
 * Oracle episodes planned in one tree's step-case harness and stepped pass by pass, for the
 * scripts that time two or more of them alternately in one process (compare.ts, compare-formats.ts).
 * A tree is loaded from its own files, so an older revision runs its own code.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { probeBox, type BoxReading } from './box-probe.js';

/** A tree, env and format with its planned episodes, ready to step. */
export interface Stepped {
  readonly label: string;
  readonly format: string;
  readonly env: { reset(args: object): unknown; step(action: unknown): unknown };
  readonly episodes: readonly { seed: number; resetOptions: object; actions: readonly unknown[]; instance: { id: string } }[];
}

/** Why a tree, env or format cannot be stepped: one line. */
export class SteppedError extends Error {
  override name = 'SteppedError';
}

interface SubjectLike {
  readonly environment: { readonly id: string; readonly formats: readonly string[] };
  readonly stepPlan?: (format: string) => { readonly options: object };
}

/** Plans seeds 0..episodes-1 of `envId` in each format (null: the env's first; no formats: every one it accepts) with the tree at `root`. */
export async function loadStepped(label: string, root: string, envId: string, formats: readonly (string | null)[], episodes: number): Promise<Stepped[]> {
  const files = ['benchmarks/harness/subjects.ts', 'benchmarks/harness/episodes.ts', 'src/core/tool-env.ts'];
  for (const file of files) if (!existsSync(path.join(root, file))) throw new SteppedError(`${label} has no ${file}: it needs the step case's harness`);
  const [{ loadSubjects }, { planEpisodes }, { ToolEnv }] = await Promise.all(files.map((file) => import(pathToFileURL(path.join(root, file)).href)));
  const { subjects } = (await loadSubjects()) as { subjects: readonly SubjectLike[] };
  const subject = subjects.find((s) => s.environment.id === envId);
  if (!subject) throw new SteppedError(`${label} has no environment ${envId} (it has ${subjects.map((s) => s.environment.id).join(', ')})`);
  const accepted = subject.environment.formats;
  const seeds = Array.from({ length: episodes }, (_, i) => i);
  return (formats.length === 0 ? accepted : formats).map((choice) => {
    const format = choice ?? accepted[0]!;
    if (!accepted.includes(format)) throw new SteppedError(`${envId} in ${label} does not accept format ${format} (accepted: ${accepted.join(', ')})`);
    const env = new ToolEnv(subject.environment, { actionFormat: format });
    const planned = planEpisodes(env, seeds, format, subject.stepPlan ? subject.stepPlan(format).options : {});
    return { label, format, env, episodes: planned.episodes };
  });
}

/** One pass over every episode; microseconds per step (the steps alone, or reset and steps with `cycle`). */
export function stepPass(side: Stepped, cycle: boolean): number {
  let ms = 0;
  let steps = 0;
  const { env } = side;
  for (const episode of side.episodes) {
    let start = performance.now();
    env.reset({ seed: episode.seed, options: episode.resetOptions });
    if (!cycle) start = performance.now();
    for (const action of episode.actions) env.step(action);
    ms += performance.now() - start;
    steps += episode.actions.length;
  }
  return (ms * 1000) / steps;
}

/** A turn of the event loop, so a signal's listener can run between passes. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * An untimed warm-up pass of each side, then `rounds` rounds of one pass each, the order reversed
 * every other round, the box read after each round. Returns microseconds per step per side.
 */
export async function alternate(sides: readonly Stepped[], rounds: number, cycle: boolean, onRound: (round: number, times: readonly number[], box: BoxReading) => void): Promise<{ times: number[][]; box: BoxReading[] }> {
  for (const side of sides) {
    stepPass(side, cycle);
    await turn();
  }
  const times = sides.map(() => [] as number[]);
  const box: BoxReading[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = sides.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      times[i]!.push(stepPass(sides[i]!, cycle));
      await turn();
    }
    box.push(probeBox(true));
    onRound(round, times.map((t) => t.at(-1)!), box.at(-1)!);
  }
  return { times, box };
}
