import { findEnvironment } from '../catalog.js';
import type { Command } from '../command.js';
import { intFlag, parseFlags } from '../flags.js';
import { oneLine, type CliIo } from '../io.js';
import { choosePolicy } from '../policy-flags.js';
import { openQueueFlag, QUEUE_FLAGS, QUEUE_FLAGS_HELP } from '../queue-flags.js';
import { filterVerdict, isFilterMode } from '../../rollout/filter.js';
import type { TrajectoryContent } from '../../rollout/record.js';
import type { RunDefinition } from '../../queue/run-definition.js';
import { startWorker, type RunPlayer } from '../../queue/worker.js';
import { QueueError } from '../../queue/errors.js';
import { settleWithin } from '../../queue/connection.js';

/** Policy flags a worker may set for itself: where its model server is and how to reach it (none changes the records' settings). */
const LOCAL_POLICY_FLAGS = ['base-url', 'api-key', 'cache', 'timeout-ms'] as const;

async function playerOf(def: RunDefinition, local: Record<string, unknown>, io: CliIo): Promise<RunPlayer> {
  const values = { ...def.policy.flags, ...local } as Record<string, string | boolean | string[] | undefined>;
  if (values['policy'] !== 'openai') for (const name of LOCAL_POLICY_FLAGS) delete values[name];
  let chosen;
  try {
    chosen = await choosePolicy({ values, positionals: [] }, io, 'oracle', def.policy.defaults);
  } catch (error) {
    throw new QueueError(`cannot play run ${def.id}: ${oneLine(error)}`);
  }
  const filter = isFilterMode(def.filter) ? def.filter : 'both';
  return {
    settings: {
      policy: chosen.policy,
      seed: def.play.seed,
      samplesPerStep: def.play.samplesPerStep,
      selection: def.play.selection,
      ...(def.play.worldSeed !== undefined ? { worldSeed: def.play.worldSeed } : {}),
      ...(def.play.actionFormat !== undefined ? { actionFormat: def.play.actionFormat } : {}),
      ...(def.play.maxSteps !== undefined ? { maxSteps: def.play.maxSteps } : {}),
      ...(def.play.faults !== undefined ? { faults: def.play.faults } : {}),
      ...(chosen.placeholder ? { placeholder: chosen.placeholder } : {}),
    },
    keeps(content: TrajectoryContent) {
      try {
        return filterVerdict(content, filter).keep;
      } catch {
        return false;
      }
    },
    ...(chosen.usage ? { usage: chosen.usage } : {}),
  };
}

export const workerCommand: Command = {
  name: 'worker',
  summary: 'play the episodes of queued collect runs (BullMQ on Redis) until stopped',
  usage: 'lamsim [--plugin FILE]... worker --queue URL [--concurrency K] [--lock-ms MS] [--base-url URL] [--api-key KEY] [--cache DIR] [--timeout-ms MS]',
  help: `Takes episode jobs of any run enqueued with \`lamsim collect --queue URL ...\` and plays them with
the policy stored in the run's definition; each record is stored in Redis once, keyed by its episode.
--concurrency K episodes at once (default 8). --lock-ms MS (default 30000): a worker that dies
(even SIGKILL) has its episodes retried by the others after about MS. For a model policy,
--base-url, --api-key (else OPENAI_API_KEY), --cache and --timeout-ms are this worker's own
(one model server per machine); the model and sampling come from the run. Environments from
plugins need the same --plugin. Ctrl-C or SIGTERM finishes the episodes in flight and exits.
${QUEUE_FLAGS_HELP}`,
  async run(argv, io) {
    const flags = parseFlags(argv, {
      ...QUEUE_FLAGS,
      concurrency: { type: 'string' },
      'lock-ms': { type: 'string' },
      'base-url': { type: 'string' },
      'api-key': { type: 'string' },
      cache: { type: 'string' },
      'timeout-ms': { type: 'string' },
    });
    const concurrency = intFlag(flags, 'concurrency', 8, { min: 1, max: 4096 });
    const lockMs = intFlag(flags, 'lock-ms', 30_000, { min: 200, max: 3_600_000 });
    const local = Object.fromEntries(LOCAL_POLICY_FLAGS.filter((f) => flags.values[f] !== undefined).map((f) => [f, flags.values[f]]));
    const connection = await openQueueFlag(flags, io, 'worker');
    let played = 0;
    let recorded = 0;
    let failed = 0;
    const started = Date.now();
    let lastDraw = 0;
    const draw = (): void => {
      if (!io.interactive || Date.now() - lastDraw < 200) return;
      lastDraw = Date.now();
      const rate = played / Math.max(0.001, (Date.now() - started) / 1000);
      io.stderr.write(`\rworker: ${played} played, ${recorded} already recorded, ${failed} failed attempts, ${rate.toFixed(1)}/s`.padEnd(90));
    };
    const worker = startWorker({
      connection,
      concurrency,
      lockMs,
      environment: findEnvironment,
      prepare: (def) => playerOf(def, local, io),
      onJob(outcome, data, error) {
        if (outcome === 'played') played++;
        else if (outcome === 'recorded') recorded++;
        else {
          failed++;
          io.stderr.write(`${io.interactive ? '\n' : ''}lamsim worker: ${data.run} ${data.env}/${data.split} episode ${data.episode}: ${oneLine(error)}\n`);
        }
        draw();
      },
    });
    let lastError = '';
    worker.on('error', (error) => {
      const line = oneLine(error);
      if (line !== lastError) io.stderr.write(`lamsim worker: ${line}\n`);
      lastError = line;
    });
    await new Promise<void>((stop) => {
      const onSignal = (): void => {
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
        stop();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    });
    // the episodes in flight finish (and are stored) unless Redis stays away
    await settleWithin(worker.close(), Math.max(10_000, 2 * lockMs));
    await connection.close();
    if (io.interactive) io.stderr.write('\n');
    io.stdout.write(`worker: ${played} episode(s) played, ${recorded} found already recorded, ${failed} failed attempt(s)\n`);
    return 0;
  },
};
