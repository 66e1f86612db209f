import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { z } from 'zod';
import { findEnvironment } from '../catalog.js';
import type { Command } from '../command.js';
import { AtomicFile, checkOutput } from '../files.js';
import { intFlag, optionalString, parseFlags, type ParsedFlags } from '../flags.js';
import { readInstanceFile } from '../instance-input.js';
import { CliError, oneLine, type CliIo } from '../io.js';
import { choosePolicy, POLICY_FLAGS, POLICY_HELP } from '../policy-flags.js';
import { progress } from '../progress.js';
import { inputFile, readingInput } from '../record-input.js';
import { collect, plannedEpisodes, type CollectPlan, type CollectTarget, type InstanceTarget } from '../../rollout/collector.js';
import { compareEvals, EVAL_FORMAT, EvalAccumulator, formatComparison, formatEvalTable, type EvalReport } from '../../rollout/evaluation.js';
import { classifyStates, sampleStates } from '../../rollout/state-errors.js';
import { list, splitTargets } from './collect.js';

const EVAL_FLAGS = {
  env: { type: 'string', multiple: true },
  split: { type: 'string', multiple: true },
  instances: { type: 'string' },
  episodes: { type: 'string' },
  seeds: { type: 'string' },
  seed: { type: 'string' },
  concurrency: { type: 'string' },
  format: { type: 'string' },
  'max-steps': { type: 'string' },
  'world-seed': { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  compare: { type: 'boolean' },
  states: { type: 'string' },
  ...POLICY_FLAGS,
} as const;

async function writeJson(io: CliIo, path: string | undefined, value: unknown): Promise<void> {
  if (path === undefined) return;
  const file = new AtomicFile(path, io.cwd);
  try {
    await file.write(`${JSON.stringify(value, null, 2)}\n`);
    await file.commit();
  } catch (error) {
    await file.abort();
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot write ${path}: ${oneLine(error)}`);
  }
}

/** Before any work: `--out` may not be a folder or any file this run reads (an eval file, trajectories, instances, a model cache). */
function refuseInputAsOutput(flags: ParsedFlags, io: CliIo): void {
  const out = optionalString(flags, 'out');
  if (out === undefined) return;
  const inputs = [...flags.positionals, optionalString(flags, 'instances'), optionalString(flags, 'cache')]
    .filter((path): path is string => path !== undefined)
    .map((path) => resolve(io.cwd, path));
  checkOutput(out, resolve(io.cwd, out), inputs);
}

/** Plays the policy at temperature 0, one sample per step, on every target, once per seed block. */
async function evaluate(flags: ParsedFlags, io: CliIo): Promise<number> {
  const instancesPath = optionalString(flags, 'instances');
  const envNames = list(flags.values['env']);
  let targets: CollectTarget[] = [];
  let instances: InstanceTarget[] | undefined;
  if (instancesPath !== undefined) {
    if (envNames.length > 0 || flags.values['split'] !== undefined) throw new CliError('--instances takes the env and split of each instance from the file: drop --env and --split');
    instances = (await readInstanceFile(resolve(io.cwd, instancesPath))).instances;
  } else {
    if (envNames.length === 0) throw new CliError('--env is required (or --instances FILE, --compare A.json B.json, --states N FILE)');
    targets = splitTargets(envNames, list(flags.values['split']));
  }
  const episodes = intFlag(flags, 'episodes', instances ? 100_000_000 : 50, { min: 1, max: 100_000_000 });
  const seeds = intFlag(flags, 'seeds', 3, { min: 1, max: 1000 });
  const seed = intFlag(flags, 'seed', 0, { min: 0, max: 2 ** 31 });
  const chosen = await choosePolicy(flags, io, 'oracle', { fixedTemperatures: [0] });
  const format = optionalString(flags, 'format') ?? chosen.actionFormat;
  const accumulator = new EvalAccumulator(seeds);
  const base: Omit<CollectPlan, 'seed'> = {
    targets,
    ...(instances ? { instances } : {}),
    episodes,
    ...(flags.values['world-seed'] !== undefined ? { worldSeed: intFlag(flags, 'world-seed', 0) } : {}),
    ...(format !== undefined ? { actionFormat: format } : {}),
    ...(flags.values['max-steps'] !== undefined ? { maxSteps: intFlag(flags, 'max-steps', 20, { min: 1, max: 10_000 }) } : {}),
  };
  const perSeed = plannedEpisodes({ ...base, seed });
  // seed block k resets with seeds S + k*N ..., so blocks play different instances (an instance file: the same ones, with other policy draws)
  const seedOf = (k: number): number => (instances ? seed + k : seed + k * episodes);
  const bar = progress(io.stderr, io.interactive, 'eval', perSeed * seeds);
  let finished = 0;
  let halted: string | null = null;
  let failed = 0;
  for (let k = 0; k < seeds && halted === null; k++) {
    const summary = await collect({
      ...base,
      seed: seedOf(k),
      policy: chosen.policy,
      samplesPerStep: 1,
      concurrency: intFlag(flags, 'concurrency', 8, { min: 1, max: 4096 }),
      ...(chosen.placeholder ? { placeholder: chosen.placeholder } : {}),
      onRecord: (_line, record) => {
        accumulator.add(record, k);
        bar.tick(++finished);
      },
      onError: (_job, error) => {
        bar.tick(++finished);
        if ((error as Error)?.name === 'ChatConfigurationError') {
          halted = oneLine(error);
          return true;
        }
        return false;
      },
    });
    failed += summary.failed;
  }
  bar.done();
  if (halted !== null) throw new CliError(halted);
  const { total, rows } = accumulator.rows();
  const report: EvalReport = { format: EVAL_FORMAT, policy: chosen.settings, seeds: Array.from({ length: seeds }, (_, k) => seedOf(k)), episodesPerSeed: perSeed, temperature: 0, samplesPerStep: 1, total, rows };
  await writeJson(io, optionalString(flags, 'out'), report);
  io.stdout.write(flags.values['json'] === true ? `${JSON.stringify(report, null, 2)}\n` : `${formatEvalTable(report)}\n`);
  const note = chosen.report?.() ?? null;
  if (note) io.stderr.write(`lamsim eval: ${note}\n`);
  if (failed > 0) io.stderr.write(`lamsim eval: ${failed} episode(s) could not be played (model requests failed) and are not counted\n`);
  return failed > 0 ? 1 : 0;
}

const EvalRowSchema = z.object({
  level: z.enum(['total', 'split', 'template']),
  env: z.string().nullable(),
  split: z.string().nullable(),
  template: z.string().nullable(),
  episodes: z.number().int().nonnegative(),
  solved: z.number().int().nonnegative(),
  passRate: z.number(),
  actions: z.number().int().nonnegative(),
  actionsPassed: z.number().int().nonnegative(),
  actionPassRate: z.number(),
});
const EvalFileSchema = z.object({ format: z.literal(EVAL_FORMAT), total: EvalRowSchema, rows: z.array(EvalRowSchema) });

function readEval(path: string): Pick<EvalReport, 'total' | 'rows'> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${oneLine(error)}`);
  }
  const parsed = EvalFileSchema.safeParse(value);
  if (!parsed.success) throw new CliError(`${path} is not a ${EVAL_FORMAT} file (write one with lamsim eval --out): ${oneLine(parsed.error.issues[0]?.message ?? parsed.error)}`);
  return parsed.data as unknown as Pick<EvalReport, 'total' | 'rows'>;
}

async function compare(flags: ParsedFlags, io: CliIo): Promise<number> {
  if (flags.positionals.length !== 2) throw new CliError(`--compare takes two eval JSON files (base, then trained), got ${flags.positionals.length}`);
  const [a, b] = flags.positionals.map((p) => resolve(io.cwd, p)) as [string, string];
  const rows = compareEvals(readEval(a), readEval(b));
  await writeJson(io, optionalString(flags, 'out'), { format: 'lamsim.eval-comparison.v1', a, b, test: 'two-sided two-proportion z-test, pooled variance, alpha 0.05', rows });
  io.stdout.write(flags.values['json'] === true ? `${JSON.stringify(rows, null, 2)}\n` : `${formatComparison(rows, [basename(a, '.json'), basename(b, '.json')])}\n`);
  return 0;
}

async function states(flags: ParsedFlags, io: CliIo): Promise<number> {
  const n = intFlag(flags, 'states', undefined, { min: 1, max: 1_000_000 });
  const input = inputFile(flags.positionals, io.cwd);
  const seed = intFlag(flags, 'seed', 0, { min: 0, max: 2 ** 31 });
  const chosen = await choosePolicy(flags, io, 'oracle', { fixedTemperatures: [0] });
  const samples = await readingInput(() => sampleStates(input, n, seed));
  const bar = progress(io.stderr, io.interactive, 'states', samples.length);
  const format = optionalString(flags, 'format') ?? chosen.actionFormat;
  const report = await classifyStates(samples, {
    policy: chosen.policy,
    environment: (id) => findEnvironment(id),
    seed,
    ...(format !== undefined ? { actionFormat: format } : {}),
    ...(chosen.placeholder ? { placeholder: chosen.placeholder } : {}),
    concurrency: intFlag(flags, 'concurrency', 8, { min: 1, max: 4096 }),
    onState: (done) => bar.tick(done),
  });
  bar.done();
  const out = { format: 'lamsim.state-errors.v1', input, seed, policy: chosen.settings, ...report };
  await writeJson(io, optionalString(flags, 'out'), out);
  if (flags.values['json'] === true) io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  else {
    const e = report.errors;
    io.stdout.write(`${report.states} states: ${report.ok} ok; errors: structure ${e.structure}, toolname ${e.toolname}, arguments ${e.arguments}, execution ${e.execution}${report.failedRequests > 0 ? `; ${report.failedRequests} failed requests` : ''}\n`);
  }
  const note = chosen.report?.() ?? null;
  if (note) io.stderr.write(`lamsim eval: ${note}\n`);
  return 0;
}

export const evalCommand: Command = {
  name: 'eval',
  summary: 'pass rate of a model or policy per split and template over seeds; compare two runs; error analysis on sampled states',
  usage:
    'lamsim eval (--env ID [--split S]... | --instances FILE) [--episodes N] [--seeds K] [--seed S] [--out FILE] [--json] [--concurrency K] [--format F] [--max-steps N] [--world-seed W] [--policy oracle|noisy|random|openai [--model M --base-url URL ...]]\n       lamsim eval --compare BASE.json TRAINED.json [--out FILE] [--json]\n       lamsim eval --states N TRAJECTORIES.jsonl [--seed S] [--out FILE] [--json] [--policy ... --model M --base-url URL]',
  help: `Plays the policy at temperature 0, one sample per step, no selection and no guidance, on every env
and split (or the instances of a file), N episodes per split in each of K seed blocks (block k resets
with seeds S + k*N, so blocks play different instances; with --instances each block replays the file
with policy seed S + k). Prints and writes (--out, JSON ${EVAL_FORMAT}) per split and template: the
pass rate, its standard deviation over seed blocks, the Wilson 95% interval of the pooled rate, the
action pass rate and failed actions by class.
--compare A.json B.json shows two such files side by side (base, trained) and marks differences of
the pass rate and of the action pass rate that are significant at 0.05 by a two-sided
two-proportion z-test.
--states N FILE is the paper's Table 4 analysis: N states drawn uniformly (seeded by --seed) from the
(trajectory, step) pairs of a trajectory file are replayed, the model is asked for the next action,
and the action handler classifies it (structure, toolname, arguments, execution).

${POLICY_HELP}`,
  async run(argv, io) {
    const flags = parseFlags(argv, EVAL_FLAGS, true);
    refuseInputAsOutput(flags, io);
    if (flags.values['compare'] === true) return compare(flags, io);
    if (flags.values['states'] !== undefined) return states(flags, io);
    if (flags.positionals.length > 0) throw new CliError(`unexpected argument ${JSON.stringify(flags.positionals[0])} (files go with --compare or --states)`);
    return evaluate(flags, io);
  },
};
