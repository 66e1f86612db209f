import type { ToolBenchTemplate } from './define.js';
import { movieTemplates } from './movies.js';
import { musicTemplates } from './music.js';
import { realEstateTemplates } from './realestate.js';
import { weatherTemplates } from './weather.js';
import { sportsTemplates } from './sports.js';
import { financeTemplates } from './finance.js';
import { newsTemplates } from './news.js';
import { foodTemplates } from './food.js';
import { travelTemplates } from './travel.js';
import { shopTemplates } from './shop.js';
import { jobsTemplates } from './jobs.js';
import { educationTemplates } from './education.js';
import { scienceTemplates } from './science.js';
import { databaseTemplates } from './database.js';
import { multiTurnTemplates } from './multi-turn.js';

export const toolbenchTemplates: readonly ToolBenchTemplate[] = [...movieTemplates, ...musicTemplates, ...weatherTemplates, ...realEstateTemplates, ...sportsTemplates, ...financeTemplates, ...newsTemplates, ...foodTemplates, ...travelTemplates, ...shopTemplates, ...jobsTemplates, ...educationTemplates, ...scienceTemplates, ...databaseTemplates, ...multiTurnTemplates];
