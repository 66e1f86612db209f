import type { Environment } from '../core/environment.js';
import { HttpError } from './http-error.js';

/**
 * What clients may choose about the world a session is built on. Off by default: a client that
 * sends `make.worldSeed` or any `make.world.*` option is refused unless the operator allowed it,
 * because a world is built (and kept) by the server and its size is the client's to pick.
 */
export interface WorldPolicy {
  /** `make.worldSeed` is accepted (`--allow-world-seeds`). */
  readonly seeds: boolean;
  /**
   * World options clients may set, by top-level name, each with an optional cap applied to every
   * number under it (`--allow-world-option KEY[=MAX]`).
   */
  readonly options: ReadonlyMap<string, number | undefined>;
}

export const CLOSED_WORLD_POLICY: WorldPolicy = { seeds: false, options: new Map() };

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses `KEY` or `KEY=MAX` specs (the CLI's repeatable flag); a mistake is an Error naming the spec. */
export function parseWorldOptionSpecs(specs: readonly string[]): Map<string, number | undefined> {
  const options = new Map<string, number | undefined>();
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    const key = eq < 0 ? spec : spec.slice(0, eq);
    if (!KEY.test(key)) throw new Error(`--allow-world-option takes KEY or KEY=MAX, got ${JSON.stringify(spec)}`);
    if (eq < 0) {
      options.set(key, undefined);
      continue;
    }
    const max = Number(spec.slice(eq + 1));
    if (spec.slice(eq + 1).trim() === '' || !Number.isFinite(max)) throw new Error(`--allow-world-option ${key}=MAX needs a number as MAX, got ${JSON.stringify(spec.slice(eq + 1))}`);
    options.set(key, max);
  }
  return options;
}

function refuse(message: string): never {
  throw new HttpError(403, 'world_option_not_allowed', message);
}

/** The largest number anywhere under `value` (iteratively, so no nesting depth can overflow the stack). */
function numbersOver(value: unknown, max: number): number | undefined {
  const stack: unknown[] = [value];
  let visited = 0;
  while (stack.length > 0) {
    const item = stack.pop();
    if (++visited > 10_000) refuse('world options are too large (more than 10,000 values)');
    if (typeof item === 'number') {
      if (!(item <= max)) return item;
    } else if (item !== null && typeof item === 'object') {
      for (const child of Object.values(item)) stack.push(child);
    }
  }
  return undefined;
}

/** Throws 403 naming the first `make` option the policy does not allow. */
export function checkWorldOptions(policy: WorldPolicy, make: Readonly<Record<string, unknown>>): void {
  if (make['worldSeed'] !== undefined && !policy.seeds) {
    refuse(`make.worldSeed is not allowed by this server (the operator can allow it with --allow-world-seeds)`);
  }
  const world = make['world'];
  if (world === undefined) return;
  if (world === null || typeof world !== 'object' || Array.isArray(world)) throw new HttpError(400, 'bad_options', 'make.world must be an object of world options');
  for (const [key, value] of Object.entries(world)) {
    if (!policy.options.has(key)) {
      refuse(`make.world.${key} is not allowed by this server (the operator can allow it with --allow-world-option ${key}[=MAX])`);
    }
    const max = policy.options.get(key);
    if (max === undefined) continue;
    const over = numbersOver(value, max);
    if (over !== undefined) refuse(`make.world.${key} = ${over} exceeds this server's cap of ${max} (--allow-world-option ${key}=${max})`);
  }
}

/**
 * A pre-generated instance (`options.instance`) names the world it plays in: unless clients may
 * choose world seeds, it must be one of the environment's own world pools (403 otherwise).
 */
export function checkInstanceWorld(policy: WorldPolicy, environment: Environment | undefined, options: Readonly<Record<string, unknown>> | undefined): void {
  if (policy.seeds || environment === undefined) return;
  const instance = options?.['instance'];
  if (instance === null || typeof instance !== 'object') return;
  const seed = (instance as { worldSeed?: unknown }).worldSeed;
  if (seed === undefined) return;
  const { train, eval: evaluation } = environment.worldPools;
  if (train.includes(seed as never) || evaluation.includes(seed as never)) return;
  refuse(`options.instance.worldSeed ${JSON.stringify(seed)} is not one of ${environment.id}'s world pools, and this server does not let clients choose world seeds (--allow-world-seeds)`);
}
