import type { Queue } from 'bullmq';
import type { QueueConnection } from './connection.js';
import { parseJobId, runKeys } from './keys.js';
import { idsIn, type EpisodeJobData } from './queue.js';
import type { RunDefinition } from './run-definition.js';

/** Where a queued run stands, read from Redis. Positions are plan positions (the gathered file's order). */
export interface RunProgress {
  readonly planned: number;
  readonly enqueued: number;
  /** Positions with a record or a failed job. */
  readonly settled: number;
  readonly records: number;
  readonly failed: number;
  /** Positions 0 .. prefix-1 are all settled. */
  readonly prefix: number;
  /** Kept records among those positions. */
  readonly keptInPrefix: number;
  /** With --until-kept: the gathered file holds positions [0, end) (its N-th kept record is the last). */
  readonly end: number | null;
  readonly finished: boolean;
}

const CHUNK = 2000;

/**
 * Follows a run's progress: reads the plan order as it grows and the verdicts of the positions not
 * yet settled, so a poll costs in proportion to what is still open.
 */
export class RunTracker {
  readonly #connection: QueueConnection;
  readonly #queue: Queue<EpisodeJobData>;
  readonly #def: RunDefinition;
  readonly slots: string[] = [];
  /** Per position: its verdict (see `verdictOf`), 'f' failed, undefined open. */
  readonly #state: (string | undefined)[] = [];

  constructor(connection: QueueConnection, queue: Queue<EpisodeJobData>, def: RunDefinition) {
    this.#connection = connection;
    this.#queue = queue;
    this.#def = def;
  }

  async poll(): Promise<RunProgress> {
    const { client } = this.#connection;
    const keys = runKeys(this.#def.id);
    const enqueued = await client.hlen(keys.order);
    for (let from = this.slots.length; from < enqueued; from += CHUNK) {
      const positions = Array.from({ length: Math.min(CHUNK, enqueued - from) }, (_, i) => String(from + i));
      const slots = await client.hmget(keys.order, ...positions);
      for (const slot of slots) this.slots.push(slot ?? '');
    }
    const failed = new Set<string>();
    for (const id of await idsIn(this.#queue, 'failed')) {
      const parsed = parseJobId(id);
      if (parsed?.run === this.#def.id) failed.add(parsed.key);
    }
    const open: number[] = [];
    for (let p = 0; p < this.slots.length; p++) {
      const s = this.#state[p];
      if (s === undefined || s === 'f') open.push(p);
    }
    for (let i = 0; i < open.length; i += CHUNK) {
      const positions = open.slice(i, i + CHUNK);
      const verdicts = await client.hmget(keys.verdicts, ...positions.map((p) => this.slots[p]!));
      positions.forEach((p, j) => {
        this.#state[p] = verdicts[j] ?? (failed.has(this.slots[p]!) ? 'f' : undefined);
      });
    }
    let settled = 0;
    let records = 0;
    let failedCount = 0;
    let prefix = -1;
    let keptInPrefix = 0;
    let end: number | null = null;
    for (let p = 0; p < this.slots.length; p++) {
      const s = this.#state[p];
      if (s === undefined) {
        if (prefix < 0) prefix = p;
        continue;
      }
      settled++;
      if (s === 'f') failedCount++;
      else records++;
      if (prefix < 0 && end === null && s[0] === '1') {
        keptInPrefix++;
        if (this.#def.untilKept !== null && keptInPrefix >= this.#def.untilKept) end = p + 1;
      }
    }
    if (prefix < 0) prefix = this.slots.length;
    const planned = this.#def.planned;
    const finished = end !== null || (enqueued >= planned && prefix >= planned);
    return { planned, enqueued, settled, records, failed: failedCount, prefix: end ?? prefix, keptInPrefix, end, finished };
  }
}
