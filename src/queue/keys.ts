/** Where the queue's state lives in Redis: BullMQ's keys under `lamsim:collect:`, a run's under `lamsim:run:ID:`. */
export const KEY_PREFIX = 'lamsim';
export const QUEUE_NAME = 'collect';
/** The set of run ids ever defined. */
export const RUNS_KEY = `${KEY_PREFIX}:runs`;

export interface RunKeys {
  /** The run's definition (JSON). */
  readonly def: string;
  /** Plan position -> episode slot: the order the gathered file follows. */
  readonly order: string;
  /** Episode slot -> record line: one per slot, whatever the retries. */
  readonly records: string;
  /** Episode slot -> its verdict (see `verdictOf`). */
  readonly verdicts: string;
  /** Model requests and tokens spent by the workers. */
  readonly usage: string;
}

export function runKeys(run: string): RunKeys {
  const base = `${KEY_PREFIX}:run:${run}`;
  return { def: `${base}:def`, order: `${base}:order`, records: `${base}:records`, verdicts: `${base}:verdicts`, usage: `${base}:usage` };
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function isRunId(id: string): boolean {
  return RUN_ID.test(id);
}

/** An episode's identity within a run: env, split, index and attempt. */
export interface EpisodeSlot {
  readonly env: string;
  readonly split: string;
  readonly episode: number;
  readonly attempt: number;
}

export function slotKey(slot: EpisodeSlot): string {
  return [slot.env, slot.split, String(slot.episode), String(slot.attempt)].map(encodeURIComponent).join('/');
}

/** The BullMQ job id of an episode: deterministic, so enqueueing it twice adds nothing. */
export function jobId(run: string, slot: EpisodeSlot): string {
  return `${run}/${slotKey(slot)}`;
}

/** A job id's run and slot (null for a job that is not ours). */
export function parseJobId(id: string): { run: string; slot: EpisodeSlot; key: string } | null {
  const parts = id.split('/');
  if (parts.length !== 5) return null;
  const [run, env, split, episode, attempt] = parts as [string, string, string, string, string];
  if (!isRunId(run) || !/^\d+$/.test(episode) || !/^\d+$/.test(attempt)) return null;
  try {
    const slot = { env: decodeURIComponent(env), split: decodeURIComponent(split), episode: Number(episode), attempt: Number(attempt) };
    return { run, slot, key: parts.slice(1).join('/') };
  } catch {
    return null;
  }
}

/** A record's verdict as stored: two characters, kept by the filter ('1'/'0') then solved ('1'/'0'). */
export function verdictOf(kept: boolean, solved: boolean): string {
  return `${kept ? 1 : 0}${solved ? 1 : 0}`;
}
