import { Redis, type RedisOptions } from 'ioredis';
import { QueueError } from './errors.js';

/** Where the queue lives: a redis:// or rediss:// URL, as given and as printed (without its password). */
export interface QueueAddress {
  readonly url: string;
  readonly shown: string;
}

const URL_SHAPE = 'redis://[USER:PASSWORD@]HOST:PORT[/DB] or rediss://... (TLS)';

/** Checks a queue URL; a bad one is a QueueError naming what is wrong. */
export function parseQueueUrl(raw: string): QueueAddress {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new QueueError(`--queue must be ${URL_SHAPE}, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new QueueError(`--queue must be ${URL_SHAPE}, got the scheme ${JSON.stringify(url.protocol)}`);
  if (url.hostname === '') throw new QueueError(`--queue needs a host: ${URL_SHAPE}`);
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d{1,5}$/.test(db)) throw new QueueError(`--queue: the database after the port must be a number, got ${JSON.stringify(db)}`);
  if (url.search !== '' || url.hash !== '') throw new QueueError(`--queue takes no query or fragment: ${URL_SHAPE}`);
  const shown = new URL(url.href);
  if (shown.password !== '') shown.password = '***';
  return { url: url.href, shown: shown.href };
}

/** How long a command waits on Redis before saying it cannot reach it (ms). */
export const DEFAULT_REDIS_TIMEOUT_MS = 10_000;

/** A live connection and what it last went through (for one-line messages). */
export interface QueueConnection {
  readonly address: QueueAddress;
  readonly client: Redis;
  /** The last connection error (null while connected). */
  lastError(): string | null;
  close(): Promise<void>;
}

function options(timeoutMs: number): RedisOptions {
  return {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    // BullMQ needs commands to wait for a reconnect rather than fail (its workers block on Redis).
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    // The first contact fails fast; once connected, a lost Redis is retried (see connectQueue).
    retryStrategy: () => null,
  };
}

/**
 * Connects to the queue's Redis. Unreachable within `timeoutMs` (refused, unknown host, TLS or auth
 * failure) is a QueueError naming the address; once connected, a lost connection is retried every
 * second or two for as long as it takes, and `onOutage` hears when it drops and comes back.
 */
export async function connectQueue(address: QueueAddress, timeoutMs = DEFAULT_REDIS_TIMEOUT_MS, onOutage?: (state: 'lost' | 'back', detail: string) => void): Promise<QueueConnection> {
  const client = new Redis(address.url, options(timeoutMs));
  let lastError: string | null = null;
  let connected = false;
  let down = false;
  client.on('error', (error: Error) => {
    lastError = error.message.split('\n')[0] ?? 'error';
  });
  const give = setTimeout(() => client.disconnect(), timeoutMs);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    const reason = lastError ?? (error as Error).message.split('\n')[0];
    throw new QueueError(`cannot reach Redis at ${address.shown}: ${reason}`);
  } finally {
    clearTimeout(give);
  }
  connected = true;
  lastError = null;
  client.options.retryStrategy = (times: number) => Math.min(250 * times, 2000);
  client.on('close', () => {
    if (connected && !down) {
      down = true;
      onOutage?.('lost', lastError ?? 'connection closed');
    }
  });
  client.on('ready', () => {
    if (down) {
      down = false;
      lastError = null;
      onOutage?.('back', address.shown);
    }
  });
  return {
    address,
    client,
    lastError: () => lastError,
    async close() {
      connected = false;
      // QUIT waits for Redis: not when it is gone
      await settleWithin(client.quit().catch(() => undefined), 1000);
      client.disconnect();
    },
  };
}

/**
 * Waits for a Redis round trip, but not forever: after `ms` (Redis gone, or restarting) it is a
 * QueueError saying so and how to carry on.
 */
export async function withDeadline<T>(connection: QueueConnection, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new QueueError(`Redis at ${connection.address.shown} did not answer for ${Math.round(ms / 1000)} s${connection.lastError() ? ` (${connection.lastError()})` : ''}: rerun the same command to carry on`)), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits for `work` at most `ms` (closing what may hang on a lost Redis). */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.catch(() => undefined), new Promise<void>((done) => (timer = setTimeout(done, ms)))]);
  clearTimeout(timer);
}
