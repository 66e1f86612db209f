import { z } from 'zod';
import { rngStream, type Seed } from '../core/rng.js';

export const FAULT_KINDS = ['rate_limit', 'timeout', 'server_error', 'malformed_response'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const FaultConfigSchema = z
  .object({
    /** Probability that a call fails with an injected fault. 0 (off) by default. */
    rate: z.number().min(0).max(1).default(0),
    /** Per-tool rates, overriding `rate`. */
    tools: z.record(z.string(), z.number().min(0).max(1)).default({}),
    /** Relative weights of the fault kinds. */
    kinds: z
      .object({
        rate_limit: z.number().min(0).default(1),
        timeout: z.number().min(0).default(1),
        server_error: z.number().min(0).default(1),
        malformed_response: z.number().min(0).default(1),
      })
      .default({ rate_limit: 1, timeout: 1, server_error: 1, malformed_response: 1 }),
  })
  .strict();
export type FaultConfig = z.infer<typeof FaultConfigSchema>;
export type FaultConfigInput = z.input<typeof FaultConfigSchema>;

export const NO_FAULTS: FaultConfig = FaultConfigSchema.parse({});

export const FAULT_MESSAGES: Record<FaultKind, string> = {
  rate_limit: 'Too many requests: rate limit exceeded, try again',
  timeout: 'Request timed out',
  server_error: 'Internal server error (500)',
  malformed_response: 'The service answered with a malformed response',
};

/**
 * Which fault, if any, hits this call. A pure function of (episode seed, step, call index, tool):
 * replaying an episode replays its faults, and changing the rate of one tool moves no other draw.
 */
export function drawFault(config: FaultConfig, episodeSeed: Seed, step: number, call: number, tool: string): FaultKind | null {
  const rate = config.tools[tool] ?? config.rate;
  if (rate <= 0) return null;
  const rng = rngStream(episodeSeed, 'faults', String(step), String(call));
  if (!rng.chance(rate)) return null;
  const weights = config.kinds;
  const total = FAULT_KINDS.reduce((sum, kind) => sum + weights[kind], 0);
  if (total <= 0) return null;
  let x = rng.next() * total;
  for (const kind of FAULT_KINDS) {
    x -= weights[kind];
    if (x < 0) return kind;
  }
  return 'server_error';
}

/** What a malformed response looks like: the real output, cut short mid-JSON. */
export function malform(output: string): string {
  return output.length <= 2 ? '{"' : output.slice(0, Math.max(1, Math.floor(output.length / 2)));
}
