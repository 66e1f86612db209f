import type { ToolBenchTool } from '../api.js';
import { finishTool } from './finish.js';
import { movieTools } from './movies.js';
import { musicTools } from './music.js';
import { realEstateTools } from './realestate.js';
import { weatherTools } from './weather.js';

/** Every API of the environment, by domain, then the terminal Finish. */
export const toolbenchTools: readonly ToolBenchTool[] = [...movieTools, ...musicTools, ...weatherTools, ...realEstateTools, finishTool];
