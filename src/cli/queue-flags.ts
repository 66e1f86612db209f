import { connectQueue, parseQueueUrl, type QueueConnection } from '../queue/connection.js';
import { QueueError } from '../queue/errors.js';
import { intFlag, requireString, type FlagSpec, type ParsedFlags } from './flags.js';
import { CliError, type CliIo } from './io.js';

/** Flags every command that talks to the queue takes. */
export const QUEUE_FLAGS: FlagSpec = {
  queue: { type: 'string' },
  'redis-timeout-ms': { type: 'string' },
};

export const QUEUE_FLAGS_HELP = `--queue redis://[USER:PASSWORD@]HOST:PORT[/DB] (or rediss:// for TLS) names the Redis (>= 6.2; 7 advised)
holding the queue. --redis-timeout-ms MS (default 10000): how long to wait for Redis before failing
(a waiting command fails after 6 x MS without Redis; a worker keeps reconnecting).`;

/** A QueueError is a user-facing one-liner: make it the CLI's. */
export async function cliErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof QueueError) throw new CliError(error.message);
    throw error;
  }
}

export function redisTimeoutMs(flags: ParsedFlags): number {
  return intFlag(flags, 'redis-timeout-ms', 10_000, { min: 100, max: 3_600_000 });
}

/** Connects to the --queue Redis, reporting outages on stderr once connected. */
export async function openQueueFlag(flags: ParsedFlags, io: CliIo, who: string): Promise<QueueConnection> {
  const raw = requireString(flags, 'queue');
  const timeout = redisTimeoutMs(flags);
  return cliErrors(async () => {
    const address = parseQueueUrl(raw);
    return connectQueue(address, timeout, (state, detail) => {
      io.stderr.write(state === 'lost' ? `lamsim ${who}: lost Redis at ${address.shown} (${detail}); reconnecting\n` : `lamsim ${who}: Redis is back\n`);
    });
  });
}
