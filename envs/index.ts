/**
 * The built-in environments. Importing this module registers them, so `make('ToolBench-v0')`
 * works: `import 'lamsim/envs'`.
 */
import { register } from '../src/core/registry.js';
import type { Environment } from '../src/core/environment.js';
import { crmarenaEnvironment } from './crmarena/index.js';
import { toolbenchEnvironment } from './toolbench/index.js';

export { toolbenchEnvironment } from './toolbench/index.js';
export { crmarenaEnvironment, orgToJson } from './crmarena/index.js';

export const builtinEnvironments: readonly Environment[] = [toolbenchEnvironment, crmarenaEnvironment];

for (const environment of builtinEnvironments) register(environment);
