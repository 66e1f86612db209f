/**
 * The built-in environments. Importing this module registers them, so `make('ToolBench-v0')`
 * works: `import 'lamsim/envs'`.
 */
import { register } from '../src/core/registry.js';
import type { Environment } from '../src/core/environment.js';

export const builtinEnvironments: readonly Environment[] = [];

for (const environment of builtinEnvironments) register(environment);
