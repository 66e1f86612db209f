import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findEnvironment } from '../catalog.js';
import type { Command } from '../command.js';
import { intFlag, numberFlag, optionalString, parseFlags, requireString } from '../flags.js';
import { makeFolder, writingTo } from '../files.js';
import { INTERRUPTED_MESSAGE, watchInterrupt } from '../interrupt.js';
import { CliError, oneLine, type CliIo } from '../io.js';
import { choosePolicy, POLICY_FLAGS, POLICY_HELP, type ChosenPolicy } from '../policy-flags.js';
import { progress } from '../progress.js';
import { stableJson } from '../../core/json.js';
import { JsonlError } from '../../data/jsonl.js';
import { collect, type CollectPlan, type CollectSummary, type CollectTarget } from '../../rollout/collector.js';
import type { TrajectoryContent } from '../../rollout/record.js';
import { TrajectoryLog } from '../../rollout/trajectory-log.js';

export const TRAJECTORIES_FILE = 'trajectories.jsonl';
export const MANIFEST_FILE = 'collect.json';

export interface CollectionRun {
  readonly plan: CollectPlan;
  readonly chosen: ChosenPolicy;
  readonly samplesPerStep: number;
  readonly concurrency: number;
  readonly resume: boolean;
  /** Label of the progress bar. */
  readonly label?: string;
}

export interface CollectionResult extends CollectSummary {
  readonly resumed: number;
  readonly repairedBytes: number;
  readonly solved: number;
  readonly interrupted: boolean;
  readonly errors: readonly string[];
  readonly halted: string | null;
}

/**
 * Plays a plan into an append-only trajectory file. On resume, the episodes already in the file are
 * skipped and a torn last line is cut off. SIGINT stops starting new episodes; those in flight
 * finish and are written.
 */
export async function collectInto(io: CliIo, path: string, run: CollectionRun): Promise<CollectionResult> {
  let opened;
  try {
    opened = await TrajectoryLog.open(path, run.resume);
  } catch (error) {
    if (error instanceof JsonlError) throw new CliError(`cannot resume: ${error.message}`);
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new CliError(`${path} already exists: add --resume to continue it, or choose another --out`);
    throw new CliError(`cannot open ${path}: ${oneLine(error)}`);
  }
  const { log, contents } = opened;
  const total = run.plan.targets.length * run.plan.episodes;
  const bar = progress(io.stderr, io.interactive, run.label ?? 'collect', total);
  let finished = 0;
  let solved = 0;
  let halted: string | null = null;
  const errors: string[] = [];
  const interrupt = watchInterrupt(io.stderr);
  let summary: CollectSummary;
  try {
    summary = await collect({
      ...run.plan,
      policy: run.chosen.policy,
      samplesPerStep: run.samplesPerStep,
      concurrency: run.concurrency,
      skip: contents.done,
      ...(run.chosen.placeholder ? { placeholder: run.chosen.placeholder } : {}),
      stopped: interrupt.requested,
      onRecord: (line: string, record: TrajectoryContent) => {
        writingTo(path, () => log.append(line));
        if (record.passed) solved++;
        bar.tick(contents.records + ++finished);
        return interrupt.breathe();
      },
      onError: (job, error) => {
        bar.tick(contents.records + ++finished);
        if ((error as Error)?.name === 'ChatConfigurationError') {
          halted = oneLine(error);
          return true;
        }
        if (errors.length < 3) errors.push(`${job.environment.id}/${job.split} episode ${job.episode}: ${oneLine(error)}`);
        return false;
      },
    });
  } finally {
    interrupt.dispose();
    log.close();
  }
  bar.done();
  return { ...summary, resumed: contents.records, repairedBytes: contents.repairedBytes, solved, interrupted: interrupt.requested(), errors, halted };
}

function splitTargets(envNames: readonly string[], splits: readonly string[]): CollectTarget[] {
  const environments = [...new Map(envNames.map((n) => findEnvironment(n)).map((e) => [e.id, e])).values()];
  if (splits.length === 0) return environments.map((environment) => ({ environment, split: environment.definition.defaultSplit }));
  for (const split of splits) {
    if (!environments.some((e) => e.splits.has(split))) {
      throw new CliError(`--split ${JSON.stringify(split)} is not a split of ${environments.map((e) => `${e.id} (splits: ${[...e.splits.keys()].join(', ')})`).join(' or ')}`);
    }
  }
  return environments.flatMap((environment) => {
    const own = [...new Set(splits)].filter((s) => environment.splits.has(s));
    if (own.length === 0) throw new CliError(`none of the --split values is a split of ${environment.id} (splits: ${[...environment.splits.keys()].join(', ')})`);
    return own.map((split) => ({ environment, split }));
  });
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
}

/** What fixes the records of a run: a resume must agree on all of it (episodes may grow). */
function manifestOf(run: CollectionRun): Record<string, unknown> {
  const { plan } = run;
  return {
    format: 'lamsim.collect.v1',
    targets: plan.targets.map((t) => ({ env: t.environment.id, split: t.split })),
    seed: plan.seed,
    attempts: plan.attempts ?? 1,
    worldSeed: plan.worldSeed ?? null,
    actionFormat: plan.actionFormat ?? null,
    maxSteps: plan.maxSteps ?? null,
    faults: plan.faults ?? null,
    samplesPerStep: run.samplesPerStep,
    policy: run.chosen.settings,
  };
}

function checkManifest(path: string, manifest: Record<string, unknown>): void {
  let previous: Record<string, unknown>;
  try {
    previous = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${oneLine(error)}`);
  }
  for (const key of Object.keys(manifest)) {
    if (stableJson(previous[key] ?? null) !== stableJson(manifest[key])) {
      throw new CliError(`--resume with different settings: ${key} was ${stableJson(previous[key] ?? null)}, now ${stableJson(manifest[key])} (use the same flags, or another --out)`);
    }
  }
}

function writeManifest(path: string, manifest: Record<string, unknown>): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}

export function describeResult(result: CollectionResult, path: string): string {
  const parts = [`wrote ${result.written} trajectories to ${path}`];
  if (result.resumed > 0) parts.push(`${result.resumed} were already there`);
  if (result.repairedBytes > 0) parts.push(`cut a torn last line of ${result.repairedBytes} bytes`);
  if (result.failed > 0) parts.push(`${result.failed} episode(s) failed`);
  const rate = result.written > 0 ? ` (${result.solved}/${result.written} solved)` : '';
  return `${parts.join('; ')}${rate}`;
}

export const collectCommand: Command = {
  name: 'collect',
  summary: 'play episodes with a policy and stream trajectory records to JSONL (resumable)',
  usage:
    'lamsim collect --env ID [--env ID]... --policy oracle|noisy|random|openai --episodes N --seed S --out DIR [--split S]... [--concurrency K] [--samples-per-step N] [--attempts R] [--format F] [--max-steps N] [--world-seed W] [--fault-rate P] [--resume]',
  help: `Writes DIR/${TRAJECTORIES_FILE} (one record per finished episode, appended as it finishes) and DIR/${MANIFEST_FILE}.
--episodes is per env and split. Episode i resets with seed S + floor(i / R) (R = --attempts,
default 1: R > 1 plays each instance R times, which gives trajectory-level pairs).
--format F makes the env read only F (default: every format it accepts; the policy writes the
first, or, for --policy openai --mode xlam|react, that text format).
--samples-per-step N evaluates N candidates per step from a snapshot of the same state (step-level
pairs) and plays the first that passes. --fault-rate P injects tool faults (execution errors).
Killed at any point, the same command with --resume finishes the run, none lost or repeated; with a
scripted policy (or a model replayed from --cache) the records are exactly those of an
uninterrupted run. Ctrl-C stops starting episodes and lets those in flight finish.

${POLICY_HELP}`,
  async run(argv, io) {
    const flags = parseFlags(argv, {
      env: { type: 'string', multiple: true },
      split: { type: 'string', multiple: true },
      episodes: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      concurrency: { type: 'string' },
      'samples-per-step': { type: 'string' },
      attempts: { type: 'string' },
      format: { type: 'string' },
      'max-steps': { type: 'string' },
      'world-seed': { type: 'string' },
      'fault-rate': { type: 'string' },
      resume: { type: 'boolean' },
      ...POLICY_FLAGS,
    });
    const envNames = list(flags.values['env']);
    if (envNames.length === 0) throw new CliError('--env is required');
    const targets = splitTargets(envNames, list(flags.values['split']));
    const episodes = intFlag(flags, 'episodes', undefined, { min: 1, max: 100_000_000 });
    const seed = intFlag(flags, 'seed', 0, { min: 0, max: 2 ** 31 });
    const out = resolve(io.cwd, requireString(flags, 'out'));
    const chosen = await choosePolicy(flags, io);
    const format = optionalString(flags, 'format') ?? chosen.actionFormat;
    if (format !== undefined) {
      const refusing = targets.find((t) => !t.environment.formats.includes(format));
      if (refusing) throw new CliError(`--format ${JSON.stringify(format)} is not accepted by ${refusing.environment.id} (formats: ${refusing.environment.formats.join(', ')})`);
    }
    const faultRate = numberFlag(flags, 'fault-rate', 0, { min: 0, max: 1 });
    const plan: CollectPlan = {
      targets,
      episodes,
      seed,
      attempts: intFlag(flags, 'attempts', 1, { min: 1, max: 1000 }),
      ...(flags.values['world-seed'] !== undefined ? { worldSeed: intFlag(flags, 'world-seed', 0) } : {}),
      ...(format !== undefined ? { actionFormat: format } : {}),
      ...(flags.values['max-steps'] !== undefined ? { maxSteps: intFlag(flags, 'max-steps', 20, { min: 1, max: 10_000 }) } : {}),
      ...(faultRate > 0 ? { faults: { rate: faultRate } } : {}),
    };
    const run: CollectionRun = {
      plan,
      chosen,
      samplesPerStep: intFlag(flags, 'samples-per-step', 1, { min: 1, max: 64 }),
      concurrency: intFlag(flags, 'concurrency', 8, { min: 1, max: 4096 }),
      resume: flags.values['resume'] === true,
    };
    makeFolder(`--out ${out}`, out);
    const manifestPath = join(out, MANIFEST_FILE);
    const manifest = manifestOf(run);
    const trajectories = join(out, TRAJECTORIES_FILE);
    if (run.resume && existsSync(manifestPath)) checkManifest(manifestPath, manifest);
    else if (!run.resume && existsSync(trajectories)) throw new CliError(`${trajectories} already exists: add --resume to continue it, or choose another --out`);
    writingTo(manifestPath, () => writeManifest(manifestPath, manifest));
    const result = await collectInto(io, trajectories, run);
    io.stdout.write(`${describeResult(result, trajectories)}\n`);
    for (const error of result.errors) io.stderr.write(`lamsim collect: ${error}\n`);
    const policyNote = chosen.report?.() ?? null;
    if (policyNote) io.stderr.write(`lamsim collect: ${policyNote}\n`);
    if (result.halted) throw new CliError(result.halted);
    if (result.interrupted) {
      io.stderr.write(`lamsim collect: ${INTERRUPTED_MESSAGE}\n`);
      return 130;
    }
    return result.failed > 0 ? 1 : 0;
  },
};
