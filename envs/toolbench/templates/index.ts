import type { ToolBenchTemplate } from './define.js';
import { movieTemplates } from './movies.js';
import { musicTemplates } from './music.js';
import { realEstateTemplates } from './realestate.js';
import { weatherTemplates } from './weather.js';

export const toolbenchTemplates: readonly ToolBenchTemplate[] = [...movieTemplates, ...musicTemplates, ...weatherTemplates, ...realEstateTemplates];
