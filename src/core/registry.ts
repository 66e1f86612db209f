import type { Env } from './env.js';
import { EnvUsageError } from './env.js';
import type { Environment } from './environment.js';
import type { EnvOptions } from './options.js';
import { ToolEnv } from './tool-env.js';

export interface Registration {
  readonly id: string;
  readonly description: string;
  readonly make: (options?: EnvOptions) => Env;
  /** Present for environments built on `defineEnvironment`. */
  readonly environment?: Environment;
}

const registry = new Map<string, Registration>();

/** Registers an environment under its versioned id, as gymnasium.register. Re-registering an id replaces it. */
export function register(entry: Environment | Registration): void {
  const registration: Registration =
    'definition' in entry
      ? { id: entry.id, description: entry.definition.description, make: (options) => new ToolEnv(entry, options), environment: entry }
      : entry;
  registry.set(registration.id, registration);
}

/** A new env of a registered id, as gymnasium.make. `ToolBench` resolves to its latest version. */
export function make(id: string, options?: EnvOptions): Env {
  return registration(id).make(options);
}

export function registration(id: string): Registration {
  const exact = registry.get(id);
  if (exact) return exact;
  const versions = [...registry.keys()].filter((key) => key.startsWith(`${id}-v`)).sort((a, b) => Number(b.split('-v').at(-1)) - Number(a.split('-v').at(-1)));
  const latest = versions[0];
  if (latest) return registry.get(latest)!;
  const known = [...registry.keys()].join(', ') || 'none; import "lamsim/envs" to register the built-in environments';
  throw new EnvUsageError(`unknown environment ${JSON.stringify(id)} (registered: ${known})`);
}

export function registeredIds(): string[] {
  return [...registry.keys()].sort();
}
