import { checkShape } from '../actions/safe-json.js';
import { EnvUsageError } from './env.js';

/**
 * How deep values from the caller (options, pre-generated instances, snapshots) may nest. Ground
 * truths and states are a few levels deep; the bound keeps every walk over them (zod, stable
 * JSON, copies, answer rules) far from the stack limit.
 */
export const MAX_CALLER_DEPTH = 64;
const CALLER_LIMITS = { maxChars: Number.MAX_SAFE_INTEGER, maxDepth: MAX_CALLER_DEPTH, maxNodes: Number.MAX_SAFE_INTEGER };

/** An EnvUsageError when a caller's value nests too deeply to be read safely. */
export function checkCallerShape(what: string, value: unknown): void {
  const problem = checkShape(value, CALLER_LIMITS);
  if (problem !== null) throw new EnvUsageError(`${what}: ${problem}`);
}
