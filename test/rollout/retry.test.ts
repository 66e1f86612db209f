import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rngStream } from '../../src/index.js';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, RETRY_AFTER_CAP_MS, backoffMs, retryAfterMs, retryableStatus } from '../../src/rollout/retry.js';

const headers = (entries: Record<string, string>) => new Headers(entries);

describe('retry timing', () => {
  it('reads Retry-After as ms, seconds or an HTTP date, capped', () => {
    expect(retryAfterMs(headers({ 'retry-after-ms': '1500', 'retry-after': '9' }))).toBe(1500);
    expect(retryAfterMs(headers({ 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(headers({ 'retry-after': '0.5' }))).toBe(500);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs(headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }), () => now)).toBe(3000);
    expect(retryAfterMs(headers({ 'retry-after': 'Tue, 31 Dec 2024 00:00:00 GMT' }), () => now)).toBe(0);
    expect(retryAfterMs(headers({ 'retry-after': '100000' }))).toBe(RETRY_AFTER_CAP_MS);
    expect(retryAfterMs(headers({ 'retry-after': 'soon' }))).toBeNull();
    expect(retryAfterMs(headers({}))).toBeNull();
    expect(retryAfterMs(undefined)).toBeNull();
  });

  it('retries rate limits, timeouts and server errors unless the server says otherwise', () => {
    expect([408, 429, 500, 502, 503].every((s) => retryableStatus(s))).toBe(true);
    expect([400, 401, 404, 422].some((s) => retryableStatus(s))).toBe(false);
    expect(retryableStatus(500, headers({ 'x-should-retry': 'false' }))).toBe(false);
    expect(retryableStatus(400, headers({ 'x-should-retry': 'true' }))).toBe(true);
  });

  it('backs off exponentially within [window/2, window), the same way for the same seeded stream', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.string(), (retry, label) => {
        const window = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retry);
        const a = backoffMs(retry, rngStream(7, label));
        expect(a).toBe(backoffMs(retry, rngStream(7, label)));
        expect(a).toBeGreaterThanOrEqual(window / 2);
        expect(a).toBeLessThan(window);
      }),
      { numRuns: 100 },
    );
  });
});
