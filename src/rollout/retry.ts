import type { Rng } from '../core/rng.js';

/** Shortest and longest waits between attempts when the server does not say how long to wait. */
export const BACKOFF_BASE_MS = 250;
export const BACKOFF_CAP_MS = 16_000;
/** A server asking for longer than this is waited for this long, then asked again. */
export const RETRY_AFTER_CAP_MS = 60_000;

/** Rate limits, request timeouts and server errors are worth another attempt; other answers are not. */
export function retryableStatus(status: number, headers?: HeadersLike): boolean {
  const hint = headers?.get('x-should-retry');
  if (hint === 'true') return true;
  if (hint === 'false') return false;
  return status === 408 || status === 429 || status >= 500;
}

export interface HeadersLike {
  get(name: string): string | null;
}

/**
 * How long the server asked us to wait, in ms: `retry-after-ms`, then `Retry-After` as seconds or
 * as an HTTP date (read against `now`). Null when it said nothing usable.
 */
export function retryAfterMs(headers: HeadersLike | undefined, now: () => number = Date.now): number | null {
  if (!headers) return null;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return Math.min(value, RETRY_AFTER_CAP_MS);
  }
  const after = headers.get('retry-after');
  if (after === null || after.trim() === '') return null;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds < 0 ? null : Math.min(seconds * 1000, RETRY_AFTER_CAP_MS);
  const date = Date.parse(after);
  if (Number.isNaN(date)) return null;
  return Math.min(Math.max(0, date - now()), RETRY_AFTER_CAP_MS);
}

/**
 * Exponential backoff with "equal jitter": half of the window is fixed, the other half drawn from
 * the seeded stream, so replaying a run with the same failures waits the same way.
 */
export function backoffMs(retry: number, rng: Rng): number {
  const window = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, retry));
  return window / 2 + (window / 2) * rng.next();
}

export function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((done) => setTimeout(done, ms));
}
