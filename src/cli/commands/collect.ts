import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findEnvironment } from '../catalog.js';
import type { Command } from '../command.js';
import { accounting, checkManifest, describeAccounting, previousRuns, readManifest, totalOf, writeManifest, type RunAccounting } from '../collect-manifest.js';
import { intFlag, numberFlag, optionalString, parseFlags, requireString, type FlagSpec, type ParsedFlags } from '../flags.js';
import { makeFolder, writingTo } from '../files.js';
import { readInstanceFile } from '../instance-input.js';
import { INTERRUPTED_MESSAGE, watchInterrupt } from '../interrupt.js';
import { CliError, oneLine, type CliIo } from '../io.js';
import { choosePolicy, POLICY_FLAGS, POLICY_HELP, type ChosenPolicy, type PolicyDefaults } from '../policy-flags.js';
import { QUEUE_FLAGS_HELP } from '../queue-flags.js';
import { collectOnQueue, QUEUE_COLLECT_FLAGS, QUEUE_COLLECT_HELP } from './collect-queue.js';
import { progress } from '../progress.js';
import { JsonlError } from '../../data/jsonl.js';
import { collect, plannedEpisodes, type CollectPlan, type CollectSummary, type CollectTarget } from '../../rollout/collector.js';
import { FILTER_MODES, filterVerdict, isFilterMode, type FilterMode } from '../../rollout/filter.js';
import type { Selection, TrajectoryContent } from '../../rollout/record.js';
import { isPresetName, SAMPLING_PRESETS, type SamplingPreset } from '../../rollout/sampling-preset.js';
import { TrajectoryLog } from '../../rollout/trajectory-log.js';

export const TRAJECTORIES_FILE = 'trajectories.jsonl';
export const MANIFEST_FILE = 'collect.json';

export interface CollectionRun {
  readonly plan: CollectPlan;
  readonly chosen: ChosenPolicy;
  readonly samplesPerStep: number;
  readonly selection?: Selection;
  /** The filter that decides what counts as kept (for `untilKept` and the accounting). Default both. */
  readonly filter?: FilterMode;
  /** Stop starting episodes once this many trajectories in the file pass the filter. */
  readonly untilKept?: number;
  readonly concurrency: number;
  readonly resume: boolean;
  /** Label of the progress bar. */
  readonly label?: string;
}

export interface CollectionResult extends CollectSummary {
  readonly resumed: number;
  /** Kept trajectories already in the file when the run started. */
  readonly resumedKept: number;
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
  const mode = run.filter ?? 'both';
  const keeps = (record: unknown): boolean => {
    try {
      return filterVerdict(record as TrajectoryContent, mode).keep;
    } catch {
      return false;
    }
  };
  try {
    opened = await TrajectoryLog.open(path, run.resume, keeps);
  } catch (error) {
    if (error instanceof JsonlError) throw new CliError(`cannot resume: ${error.message}`);
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new CliError(`${path} already exists: add --resume to continue it, or choose another --out`);
    throw new CliError(`cannot open ${path}: ${oneLine(error)}`);
  }
  const { log, contents } = opened;
  const untilKept = run.untilKept;
  const bar = untilKept === undefined ? progress(io.stderr, io.interactive, run.label ?? 'collect', plannedEpisodes(run.plan)) : progress(io.stderr, io.interactive, `${run.label ?? 'collect'} (kept)`, untilKept);
  let kept = 0;
  const tick = (): void => bar.tick(untilKept === undefined ? contents.records + finished : Math.min(untilKept, contents.counted + kept));
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
      ...(run.selection !== undefined ? { selection: run.selection } : {}),
      keeps,
      ...(untilKept !== undefined ? { untilKept, alreadyKept: contents.counted } : {}),
      concurrency: run.concurrency,
      skip: contents.done,
      ...(run.chosen.placeholder ? { placeholder: run.chosen.placeholder } : {}),
      stopped: interrupt.requested,
      onRecord: (line: string, record: TrajectoryContent) => {
        writingTo(path, () => log.append(line));
        if (record.passed) solved++;
        if (keeps(record)) kept++;
        finished++;
        tick();
        return interrupt.breathe();
      },
      onError: (job, error) => {
        finished++;
        tick();
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
  return { ...summary, resumed: contents.records, resumedKept: contents.counted, repairedBytes: contents.repairedBytes, solved, interrupted: interrupt.requested(), errors, halted };
}

export function splitTargets(envNames: readonly string[], splits: readonly string[]): CollectTarget[] {
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

export function list(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
}

/** What fixes the records of a run: a resume must agree on all of it (episodes and --until-kept may grow). */
function manifestOf(run: CollectionRun, instances: { path: string; hash: string } | null): Record<string, unknown> {
  const { plan } = run;
  return {
    format: 'lamsim.collect.v1',
    targets: instances ? null : plan.targets.map((t) => ({ env: t.environment.id, split: t.split })),
    instances,
    seed: plan.seed,
    attempts: plan.attempts ?? 1,
    worldSeed: plan.worldSeed ?? null,
    actionFormat: plan.actionFormat ?? null,
    maxSteps: plan.maxSteps ?? null,
    faults: plan.faults ?? null,
    samplesPerStep: run.samplesPerStep,
    selection: run.selection ?? 'handler',
    filter: run.filter ?? 'both',
    interleave: plan.interleave ?? false,
    policy: run.chosen.settings,
  };
}

export function describeResult(result: CollectionResult, path: string): string {
  const parts = [`wrote ${result.written} trajectories to ${path}`];
  if (result.resumed > 0) parts.push(`${result.resumed} were already there`);
  if (result.repairedBytes > 0) parts.push(`cut a torn last line of ${result.repairedBytes} bytes`);
  if (result.failed > 0) parts.push(`${result.failed} episode(s) failed`);
  const rate = result.written > 0 ? ` (${result.solved}/${result.written} solved, ${result.kept} kept by the filter)` : '';
  return `${parts.join('; ')}${rate}`;
}

const presetList = Object.entries(SAMPLING_PRESETS)
  .map(([name, p]) => `  ${name}: ${p.summary} (--samples-per-step ${p.samplesPerStep} --temperatures ${p.temperatures.join(',')} --filter ${p.filter})`)
  .join('\n');

/** The flags of `collect` (the policy's included). */
export const COLLECT_FLAGS: FlagSpec = {
  env: { type: 'string', multiple: true },
  split: { type: 'string', multiple: true },
  instances: { type: 'string' },
  episodes: { type: 'string' },
  'until-kept': { type: 'string' },
  preset: { type: 'string' },
  filter: { type: 'string' },
  'answer-guided': { type: 'boolean' },
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
};

/** A collection as the flags describe it (everything but where it is written) and its manifest. */
export interface DescribedCollection {
  readonly run: CollectionRun;
  readonly manifest: Record<string, unknown>;
  /** The defaults the preset imposes on a model policy (a queued run's workers need them too). */
  readonly policyDefaults: PolicyDefaults;
  /** The policy flags as given: a queued run's workers choose the same policy from them. */
  readonly policyFlags: Record<string, unknown>;
}

export async function describeCollection(flags: ParsedFlags, io: CliIo): Promise<DescribedCollection> {
  const presetName = optionalString(flags, 'preset');
  if (presetName !== undefined && !isPresetName(presetName)) throw new CliError(`--preset must be one of ${Object.keys(SAMPLING_PRESETS).join(', ')}, got ${JSON.stringify(presetName)}`);
  const preset: SamplingPreset | null = presetName === undefined ? null : SAMPLING_PRESETS[presetName];
  const filterName = optionalString(flags, 'filter') ?? preset?.filter ?? 'both';
  if (!isFilterMode(filterName)) throw new CliError(`--filter must be one of ${FILTER_MODES.join(', ')}, got ${JSON.stringify(filterName)}`);
  const instancesPath = optionalString(flags, 'instances');
  const envNames = list(flags.values['env']);
  let targets: CollectTarget[] = [];
  let instanceFile: { path: string; hash: string; instances: Awaited<ReturnType<typeof readInstanceFile>>['instances'] } | null = null;
  if (instancesPath !== undefined) {
    if (envNames.length > 0 || flags.values['split'] !== undefined) throw new CliError('--instances takes the env and split of each instance from the file: drop --env and --split');
    const path = resolve(io.cwd, instancesPath);
    instanceFile = { path, ...(await readInstanceFile(path)) };
  } else {
    if (envNames.length === 0) throw new CliError('--env is required (or --instances FILE)');
    targets = splitTargets(envNames, list(flags.values['split']));
  }
  const untilKept = flags.values['until-kept'] === undefined ? undefined : intFlag(flags, 'until-kept', undefined, { min: 1, max: 100_000_000 });
  const episodes = intFlag(flags, 'episodes', untilKept !== undefined || instanceFile ? 100_000_000 : undefined, { min: 1, max: 100_000_000 });
  const seed = intFlag(flags, 'seed', 0, { min: 0, max: 2 ** 31 });
  const policyDefaults: PolicyDefaults = preset ? { temperatures: preset.temperatures } : {};
  const chosen = await choosePolicy(flags, io, 'oracle', policyDefaults);
  const format = optionalString(flags, 'format') ?? chosen.actionFormat;
  if (format !== undefined) {
    const environments = instanceFile ? [...new Set(instanceFile.instances.map((i) => i.environment))] : targets.map((t) => t.environment);
    const refusing = environments.find((e) => !e.formats.includes(format));
    if (refusing) throw new CliError(`--format ${JSON.stringify(format)} is not accepted by ${refusing.id} (formats: ${refusing.formats.join(', ')})`);
  }
  const faultRate = numberFlag(flags, 'fault-rate', 0, { min: 0, max: 1 });
  const plan: CollectPlan = {
    targets,
    ...(instanceFile ? { instances: instanceFile.instances } : {}),
    episodes,
    seed,
    attempts: intFlag(flags, 'attempts', 1, { min: 1, max: 1000 }),
    ...(untilKept !== undefined && !instanceFile && targets.length > 1 ? { interleave: true } : {}),
    ...(flags.values['world-seed'] !== undefined ? { worldSeed: intFlag(flags, 'world-seed', 0) } : {}),
    ...(format !== undefined ? { actionFormat: format } : {}),
    ...(flags.values['max-steps'] !== undefined ? { maxSteps: intFlag(flags, 'max-steps', 20, { min: 1, max: 10_000 }) } : {}),
    ...(faultRate > 0 ? { faults: { rate: faultRate } } : {}),
  };
  const run: CollectionRun = {
    plan,
    chosen,
    samplesPerStep: intFlag(flags, 'samples-per-step', preset?.samplesPerStep ?? 1, { min: 1, max: 64 }),
    selection: flags.values['answer-guided'] === true ? 'answer-guided' : (preset?.selection ?? 'handler'),
    filter: filterName,
    ...(untilKept !== undefined ? { untilKept } : {}),
    concurrency: intFlag(flags, 'concurrency', 8, { min: 1, max: 4096 }),
    resume: flags.values['resume'] === true,
  };
  const manifest = manifestOf(run, instanceFile ? { path: instanceFile.path, hash: instanceFile.hash } : null);
  const policyFlags = Object.fromEntries(Object.keys(POLICY_FLAGS).map((name) => [name, flags.values[name]]));
  return { run, manifest, policyDefaults, policyFlags };
}

export const collectCommand: Command = {
  name: 'collect',
  summary: 'play episodes with a policy and stream trajectory records to JSONL (resumable)',
  usage:
    'lamsim collect (--env ID [--env ID]... [--split S]... | --instances FILE) --policy oracle|noisy|random|openai [--episodes N] [--until-kept K] --seed S --out DIR [--preset paper] [--concurrency K] [--samples-per-step N] [--answer-guided] [--filter both|actions|answer|none] [--attempts R] [--format F] [--max-steps N] [--world-seed W] [--fault-rate P] [--resume]\n       lamsim collect --queue URL [--run NAME] [--wait --out DIR] <the flags above but --out, --concurrency, --resume>\n       lamsim collect --queue URL --gather --run NAME --out DIR',
  help: `Writes DIR/${TRAJECTORIES_FILE} (one record per finished episode, appended as it finishes) and DIR/${MANIFEST_FILE}
(the settings, and per run: requests, tokens, wall time per trajectory and per kept trajectory).
--episodes is per env and split. Episode i resets with seed S + floor(i / R) (R = --attempts,
default 1: R > 1 plays each instance R times, which gives trajectory-level pairs).
--instances FILE plays the instances of a \`generate\` file (paraphrased or not) instead, each R
times, in file order (--episodes caps the total; give the --world-seed it was generated with).
--until-kept K stops starting episodes once K trajectories in the file pass the filter (--filter,
default both); episodes then default to unbounded and targets are taken in turn. A resumed run
counts what is already kept.
--format F makes the env read only F (default: every format it accepts; the policy writes the
first, or, for --policy openai --mode xlam|react, that text format).
--samples-per-step N evaluates N candidates per step from a snapshot of the same state (step-level
pairs) and plays the first that passes every action-level check (structure, tool name, arguments,
execution): the final answer is never compared with the ground truth to choose, unless
--answer-guided (then kept trajectories are best-of-N stitches, not samples of the policy; every
record says which with its "selection" field). --fault-rate P injects tool faults (execution errors).
Presets (explicit flags win):
${presetList}
${QUEUE_COLLECT_HELP}
${QUEUE_FLAGS_HELP}
Killed at any point, the same command with --resume finishes the run, none lost or repeated; with a
scripted policy (or a model replayed from --cache) the records are exactly those of an
uninterrupted run. Ctrl-C stops starting episodes and lets those in flight finish.

${POLICY_HELP}`,
  async run(argv, io) {
    const flags = parseFlags(argv, { ...COLLECT_FLAGS, ...QUEUE_COLLECT_FLAGS });
    if (flags.values['queue'] !== undefined) return collectOnQueue(flags, io, { describe: describeCollection, files: { trajectories: TRAJECTORIES_FILE, manifest: MANIFEST_FILE } });
    const queueOnly = Object.keys(QUEUE_COLLECT_FLAGS).find((f) => flags.values[f] !== undefined);
    if (queueOnly) throw new CliError(`--${queueOnly} applies with --queue only`);
    const out = resolve(io.cwd, requireString(flags, 'out'));
    const { run, manifest } = await describeCollection(flags, io);
    makeFolder(`--out ${out}`, out);
    const manifestPath = join(out, MANIFEST_FILE);
    const trajectories = join(out, TRAJECTORIES_FILE);
    let runs: RunAccounting[] = [];
    if (run.resume && existsSync(manifestPath)) {
      checkManifest(manifestPath, manifest);
      runs = previousRuns(readManifest(manifestPath));
    } else if (!run.resume && existsSync(trajectories)) throw new CliError(`${trajectories} already exists: add --resume to continue it, or choose another --out`);
    writingTo(manifestPath, () => writeManifest(manifestPath, { ...manifest, runs, totals: totalOf(runs) }));
    const started = process.hrtime.bigint();
    const result = await collectInto(io, trajectories, run);
    const { chosen, untilKept } = run;
    const usage = chosen.usage?.() ?? { requests: 0, cacheHits: 0, promptTokens: 0, completionTokens: 0 };
    const spent = accounting({ trajectories: result.written, kept: result.kept, failed: result.failed, ...usage, wallMs: Number((process.hrtime.bigint() - started) / 1_000_000n) });
    runs = [...runs, spent];
    writingTo(manifestPath, () => writeManifest(manifestPath, { ...manifest, runs, totals: totalOf(runs) }));
    io.stdout.write(`${describeResult(result, trajectories)}\n`);
    io.stdout.write(`cost: ${describeAccounting(spent)}\n`);
    if (untilKept !== undefined && result.resumedKept + result.kept < untilKept && !result.interrupted && !result.halted) {
      io.stderr.write(`lamsim collect: the plan ran out with ${result.resumedKept + result.kept} of ${untilKept} kept trajectories\n`);
    }
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
