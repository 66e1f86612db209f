import type { TaskTemplate } from '../../../src/tasks/template.js';
import type { Org } from '../org/org.js';
import type { CrmState } from '../tools/tool-kit.js';
import { bestRegionByPeriodTemplate, bestRegionTemplate } from './bri.js';
import { handleTimeTemplates } from './htu.js';
import { knowledgeQaTemplate } from './kqa.js';
import { monthlyTrendTemplate } from './mta.js';
import { multiTurnTemplates } from './multi-turn.js';
import { caseRoutingTemplate } from './ncr.js';
import { entityDisambiguationTemplate } from './ned.js';
import { policyViolationTemplate } from './pvi.js';
import { transferCountTemplates } from './tcu.js';
import { topIssueTemplate } from './tii.js';

/** Every template; a template's `domain` is its CRMArena task code, its `split` label says where it is explored (multi-turn templates: domain MT, split label `multi-turn`). */
export const CRMARENA_TEMPLATES: readonly TaskTemplate<Org, CrmState>[] = [
  caseRoutingTemplate,
  ...handleTimeTemplates,
  monthlyTrendTemplate,
  bestRegionTemplate,
  bestRegionByPeriodTemplate,
  ...transferCountTemplates,
  topIssueTemplate,
  entityDisambiguationTemplate,
  policyViolationTemplate,
  knowledgeQaTemplate,
  ...multiTurnTemplates,
];
