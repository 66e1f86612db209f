import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Queue } from 'bullmq';
import { accounting, checkManifest, describeAccounting, totalOf, writeManifest } from '../collect-manifest.js';
import { makeFolder, writingTo } from '../files.js';
import { optionalString, requireString, type FlagSpec, type ParsedFlags } from '../flags.js';
import { watchInterrupt } from '../interrupt.js';
import { CliError, type CliIo } from '../io.js';
import { progress } from '../progress.js';
import { cliErrors, openQueueFlag, QUEUE_FLAGS, redisTimeoutMs } from '../queue-flags.js';
import { planJobs, plannedEpisodes } from '../../rollout/collector.js';
import { settleWithin, withDeadline, type QueueConnection } from '../../queue/connection.js';
import { enqueuedCount, enqueueJobs, retryFailed } from '../../queue/enqueue.js';
import { QueueError } from '../../queue/errors.js';
import { writeGathered } from '../../queue/gather.js';
import { jobId, parseJobId, runKeys } from '../../queue/keys.js';
import { RunTracker, type RunProgress } from '../../queue/progress.js';
import { JOB_ATTEMPTS, openQueue, type EpisodeJobData } from '../../queue/queue.js';
import { checkRunId, defineRun, requireRun, runIdOf, type RunDefinition } from '../../queue/run-definition.js';
import type { DescribedCollection } from './collect.js';

/** Flags `collect` takes only with --queue. */
export const QUEUE_COLLECT_FLAGS: FlagSpec = {
  ...QUEUE_FLAGS,
  run: { type: 'string' },
  wait: { type: 'boolean' },
  gather: { type: 'boolean' },
};

export const QUEUE_COLLECT_HELP = `With --queue URL (Redis + BullMQ) the run is played by \`lamsim worker\` processes on any machines:
the command stores the run's definition (policy flags included, never --api-key) under --run NAME
(default: an id derived from the settings), enqueues one job per episode (job id: run, env, split,
index, attempt: enqueueing again adds nothing and retries the failed ones), prints the run id and
returns. --wait then waits and gathers into --out; \`collect --queue URL --gather --run ID --out DIR\`
does the same from any machine. The gathered files are those of a single-process run: records in
plan order (the order of a --concurrency 1 run). --until-kept K always waits: it enqueues the plan in
windows sized by the keep rate so far and stops at the shortest plan prefix holding K kept records
(the file ends at the K-th kept record, as a --concurrency 1 run; episodes still waiting are removed).`;

const POLL_MS = 200;

export interface QueueCollectContext {
  readonly describe: (flags: ParsedFlags, io: CliIo) => Promise<DescribedCollection>;
  readonly files: { readonly trajectories: string; readonly manifest: string };
}

/** The flags describing a run: with --gather alone (a run id), none may be given. */
const RUN_FLAGS = ['env', 'split', 'instances', 'episodes', 'until-kept', 'preset', 'filter', 'answer-guided', 'seed', 'samples-per-step', 'attempts', 'format', 'max-steps', 'world-seed', 'fault-rate', 'policy'];

function definitionOf(id: string, described: DescribedCollection, createdAt: number): RunDefinition {
  const { run, manifest, policyDefaults } = described;
  const { plan } = run;
  const policyFlags = Object.fromEntries(Object.entries(described.policyFlags).filter(([name, value]) => value !== undefined && name !== 'api-key'));
  return {
    format: 'lamsim.queue-run.v1',
    id,
    manifest,
    policy: { flags: policyFlags, defaults: { ...policyDefaults } },
    play: {
      seed: plan.seed,
      samplesPerStep: run.samplesPerStep,
      selection: run.selection ?? 'handler',
      ...(plan.worldSeed !== undefined ? { worldSeed: plan.worldSeed } : {}),
      ...(plan.actionFormat !== undefined ? { actionFormat: plan.actionFormat } : {}),
      ...(plan.maxSteps !== undefined ? { maxSteps: plan.maxSteps } : {}),
      ...(plan.faults !== undefined ? { faults: { ...plan.faults } } : {}),
    },
    filter: run.filter ?? 'both',
    planned: plannedEpisodes(plan),
    untilKept: run.untilKept ?? null,
    createdAt,
  };
}

/** `collect --queue`: define and enqueue a run, and with --wait / --gather / --until-kept wait for it and write its files. */
export async function collectOnQueue(flags: ParsedFlags, io: CliIo, context: QueueCollectContext): Promise<number> {
  const gather = flags.values['gather'] === true;
  const described = flags.values['env'] !== undefined || flags.values['instances'] !== undefined ? await context.describe(flags, io) : null;
  if (!described) {
    if (!gather) throw new CliError("--queue needs the run's flags (--env ... or --instances FILE) to enqueue it, or --gather --run ID --out DIR to gather it");
    const stray = RUN_FLAGS.find((f) => flags.values[f] !== undefined);
    if (stray) throw new CliError(`--${stray} describes a run: give all of the run's flags (--env or --instances too), or only --run ID to gather it`);
    if (flags.values['run'] === undefined) throw new CliError('--gather without the run\'s flags needs --run ID (see lamsim queue status)');
  }
  if (flags.values['concurrency'] !== undefined) throw new CliError('--concurrency applies to a single-process run; with --queue give it to each `lamsim worker`');
  if (flags.values['resume'] !== undefined) throw new CliError('--resume is not needed with --queue: rerunning the same command carries on the run');
  const waits = gather || flags.values['wait'] === true || described?.run.untilKept !== undefined;
  const outFlag = optionalString(flags, 'out');
  if (!waits && outFlag !== undefined) throw new CliError('--out applies with --wait or --gather (the enqueuing command returns at once)');
  const out = waits ? resolve(io.cwd, requireString(flags, 'out')) : null;
  const explicitId = optionalString(flags, 'run');
  const id = explicitId !== undefined ? await cliErrors(async () => checkRunId(explicitId)) : runIdOf(described!.manifest);
  const timeoutMs = redisTimeoutMs(flags);
  const connection = await openQueueFlag(flags, io, 'collect');
  const queue = openQueue(connection);
  try {
    return await cliErrors(async () => {
      let def: RunDefinition;
      if (described) {
        def = await withDeadline(connection, timeoutMs, defineRun(connection, definitionOf(id, described, Date.now())));
        const before = await enqueuedCount(connection, id);
        const retried = await retryFailed(queue, id);
        const first = def.untilKept === null ? def.planned : Math.min(def.planned, Math.max(16, Math.ceil(def.untilKept * 1.25)));
        // from position 0 every time: idempotent, and it puts back episodes an earlier, shorter --until-kept run removed
        await withDeadline(connection, 60 * timeoutMs, enqueueJobs(connection, queue, def, planJobs(described.run.plan), 0, Math.max(first, before)));
        const after = await enqueuedCount(connection, id);
        io.stdout.write(`run ${id}: ${after} episode(s) in the queue at ${connection.address.shown} (${after - before} new${retried > 0 ? `, ${retried} failed one(s) sent back` : ''})\n`);
        if (!waits) {
          io.stdout.write(`start workers: lamsim worker --queue URL; gather: lamsim collect --queue URL --gather --run ${id} --out DIR\n`);
          return 0;
        }
      } else {
        def = await requireRun(connection, id);
      }
      return await waitAndGather(io, connection, queue, def, described, out!, context.files, timeoutMs);
    });
  } finally {
    await settleWithin(queue.close(), 2000);
    await connection.close();
  }
}

async function sleep(ms: number): Promise<void> {
  await new Promise((done) => setTimeout(done, ms));
}

/** With --until-kept: keeps a window of episodes beyond the settled prefix in the queue, sized by the keep rate so far. */
async function topUp(connection: QueueConnection, queue: Queue<EpisodeJobData>, def: RunDefinition, described: DescribedCollection, p: RunProgress): Promise<void> {
  const need = def.untilKept! - p.keptInPrefix;
  const rate = p.prefix > 0 ? Math.max(p.keptInPrefix / p.prefix, 0.05) : 1;
  const window = Math.min(10_000, Math.max(16, Math.ceil((need / rate) * 1.25)));
  const target = Math.min(def.planned, p.prefix + window);
  if (p.enqueued < target) await enqueueJobs(connection, queue, def, planJobs(described.run.plan), p.enqueued, target - p.enqueued);
}

/** Episodes past the end of an --until-kept run that no worker has started: removed, they would be wasted. */
async function dropBeyond(queue: Queue<EpisodeJobData>, run: string, slots: readonly string[], end: number): Promise<void> {
  for (let p = end; p < slots.length; p++) {
    const parsed = parseJobId(`${run}/${slots[p]}`);
    if (!parsed) continue;
    const job = await queue.getJob(jobId(run, parsed.slot));
    if (!job) continue;
    const state = await job.getState();
    if (state === 'waiting' || state === 'delayed' || state === 'prioritized') await job.remove().catch(() => undefined);
  }
}

async function waitAndGather(io: CliIo, connection: QueueConnection, queue: Queue<EpisodeJobData>, def: RunDefinition, described: DescribedCollection | null, out: string, files: QueueCollectContext['files'], timeoutMs: number): Promise<number> {
  makeFolder(`--out ${out}`, out);
  const trajectories = join(out, files.trajectories);
  const manifestPath = join(out, files.manifest);
  if (existsSync(trajectories)) {
    if (!existsSync(manifestPath)) throw new CliError(`${trajectories} already exists: choose another --out`);
    checkManifest(manifestPath, def.manifest);
  }
  const tracker = new RunTracker(connection, queue, def);
  const untilKept = def.untilKept;
  const bar = progress(io.stderr, io.interactive, `collect ${def.id}${untilKept !== null ? ' (kept)' : ''}`, untilKept ?? def.planned);
  const interrupt = watchInterrupt(io.stderr);
  const outage = 6 * timeoutMs;
  let p: RunProgress;
  try {
    for (;;) {
      if ((await withDeadline(connection, outage, connection.client.exists(runKeys(def.id).def))) === 0) {
        throw new QueueError(`run ${def.id} is no longer in Redis at ${connection.address.shown} (restarted without persistence, or cleared): rerun the enqueuing command to enqueue it again`);
      }
      p = await withDeadline(connection, outage, tracker.poll());
      bar.tick(untilKept !== null ? Math.min(untilKept, p.keptInPrefix) : p.settled);
      if (p.finished) break;
      if (described && untilKept !== null) {
        await withDeadline(connection, outage, topUp(connection, queue, def, described, p));
      }
      if (interrupt.requested()) {
        io.stderr.write(`lamsim collect: stopped waiting; the workers carry on. Gather later: lamsim collect --queue URL --gather --run ${def.id} --out ${out}\n`);
        return 130;
      }
      await sleep(POLL_MS);
    }
    if (p.end !== null) await withDeadline(connection, outage, dropBeyond(queue, def.id, tracker.slots, p.end));
  } finally {
    interrupt.dispose();
  }
  bar.done();
  const end = p.end ?? p.prefix;
  const gathered = await withDeadline(connection, outage, writeGathered(connection, def.id, tracker.slots, end, trajectories));
  const usage = await connection.client.hgetall(runKeys(def.id).usage);
  const count = (k: string): number => Number(usage[k] ?? 0);
  const spent = accounting({ trajectories: gathered.written, kept: gathered.kept, failed: gathered.missing, requests: count('requests'), cacheHits: count('cacheHits'), promptTokens: count('promptTokens'), completionTokens: count('completionTokens'), wallMs: Math.max(0, Date.now() - def.createdAt) });
  writingTo(manifestPath, () => writeManifest(manifestPath, { ...def.manifest, runs: [spent], totals: totalOf([spent]) }));
  const rate = gathered.written > 0 ? ` (${gathered.solved}/${gathered.written} solved, ${gathered.kept} kept by the filter)` : '';
  io.stdout.write(`wrote ${gathered.written} trajectories to ${trajectories}${rate}\n`);
  io.stdout.write(`cost: ${describeAccounting(spent)}\n`);
  if (untilKept !== null && p.end === null) io.stderr.write(`lamsim collect: the plan ran out with ${gathered.kept} of ${untilKept} kept trajectories\n`);
  if (gathered.missing > 0) {
    io.stderr.write(`lamsim collect: ${gathered.missing} episode(s) failed after ${JOB_ATTEMPTS} attempts (see lamsim queue status); rerun the enqueuing command to retry them\n`);
    return 1;
  }
  return 0;
}
