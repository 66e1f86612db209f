import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Environment } from '../core/environment.js';
import { registration, registeredIds } from '../core/registry.js';
import { CliError } from './io.js';

let builtinsLoaded = false;

/** Registers the built-in environments, then any `--plugin` modules (which register their own). */
export async function loadCatalog(plugins: readonly string[], cwd: string): Promise<void> {
  if (!builtinsLoaded) {
    await import('../../envs/index.js');
    builtinsLoaded = true;
  }
  for (const plugin of plugins) {
    try {
      await import(pathToFileURL(resolve(cwd, plugin)).href);
    } catch (error) {
      throw new CliError(`cannot load plugin ${plugin}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
}

/** An environment by id, or by a case-insensitive short name (`toolbench` -> `ToolBench-v0`). */
export function findEnvironment(name: string): Environment {
  const ids = registeredIds();
  const lower = name.toLowerCase();
  const id = ids.find((i) => i === name) ?? ids.filter((i) => i.toLowerCase() === lower || i.toLowerCase().startsWith(`${lower}-v`)).sort().at(-1);
  if (!id) throw new CliError(`unknown environment ${JSON.stringify(name)} (known: ${ids.join(', ') || 'none'})`);
  const environment = registration(id).environment;
  if (!environment) throw new CliError(`environment ${id} is not built on defineEnvironment and has no tools or templates to list`);
  return environment;
}

export function allEnvironments(): Environment[] {
  return registeredIds().flatMap((id) => registration(id).environment ?? []);
}
