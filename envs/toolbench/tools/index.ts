import type { ToolBenchTool } from '../api.js';
import { finishTool } from './finish.js';
import { movieTools } from './movies.js';
import { musicTools } from './music.js';
import { realEstateTools } from './realestate.js';
import { weatherTools } from './weather.js';
import { sportsTools } from './sports.js';
import { financeTools } from './finance.js';
import { newsTools } from './news.js';
import { foodTools } from './food.js';
import { travelTools } from './travel.js';
import { shopTools } from './shop.js';
import { jobsTools } from './jobs.js';
import { educationTools } from './education.js';
import { scienceTools } from './science.js';
import { databaseTools } from './database.js';

/** Every API of the environment, by domain, then the terminal Finish. */
export const toolbenchTools: readonly ToolBenchTool[] = [...movieTools, ...musicTools, ...weatherTools, ...realEstateTools, ...sportsTools, ...financeTools, ...newsTools, ...foodTools, ...travelTools, ...shopTools, ...jobsTools, ...educationTools, ...scienceTools, ...databaseTools, finishTool];
