import type { ToolBenchTool } from '../api.js';
import { finishTool } from './finish.js';
import { movieTools } from './movies.js';

/** Every API of the environment, by domain, then the terminal Finish. */
export const toolbenchTools: readonly ToolBenchTool[] = [...movieTools, finishTool];
