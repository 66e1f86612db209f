import type { ToolBenchTemplate } from './define.js';
import { movieTemplates } from './movies.js';

export const toolbenchTemplates: readonly ToolBenchTemplate[] = [...movieTemplates];
