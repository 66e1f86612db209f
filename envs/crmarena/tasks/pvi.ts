import { z } from 'zod';
import { ref } from '../../../src/tasks/refs.js';
import { defineTemplate } from '../../../src/tasks/template.js';
import type { Org } from '../org/org.js';
import { POLICIES } from '../org/policies.js';
import { ISSUE_NAMES } from '../org/vocabulary.js';
import type { CrmState } from '../tools/tool-kit.js';
import { FLEX_TOOLS, perOrg, taskContext, type CrmScope } from './task-kit.js';

const POLICY = [
  'Decide whether the agent broke a company policy in the live chat of the case.',
  '- Read the chat transcript of the case. Find the knowledge article that states the policy governing what the customer asked for.',
  '- The agent broke the policy when they granted the request although the limit in the article does not allow it. Refusing a request the policy does not allow is correct.',
  '- Answer with the Id of the knowledge article whose policy was broken (its 18- or 15-character form), or None if no policy was broken ("No violation" is read as None too).',
].join('\n');

const scenarios = perOrg((org: Org) => new Map(org.facts.scenarios.map((s) => [s.caseId, s])));

/** Chat cases: those with a policy question (most draws) and a few ordinary ones. */
const chatCases = perOrg((org: Org) => {
  const withScenario = org.facts.scenarios.map((s) => s.caseId);
  const plain = org.tables.LiveChatTranscript.map((c) => c.CaseId).filter((id) => !scenarios(org).has(id));
  return { withScenario, plain };
});

function searchTermFor(org: Org, caseId: string): string {
  const scenario = scenarios(org).get(caseId);
  if (scenario) return POLICIES.find((p) => p.key === scenario.policyKey)!.searchTerm;
  const issue = org.index.issues.get(org.tables.Case[org.index.caseRow.get(caseId)!]!.IssueId__c)!.Name;
  return (POLICIES.find((p) => p.issues.includes(issue as (typeof ISSUE_NAMES)[number])) ?? POLICIES[0]!).searchTerm;
}

export const policyViolationTemplate = defineTemplate<Org, CrmState>({
  id: 'PVI',
  domain: 'PVI',
  split: 'held-out',
  description: 'Whether the agent of a chat broke a policy, and which knowledge article states it',
  text: 'Did the agent break any company policy in case {case_id}? If so, which knowledge article states the policy?',
  paraphrases: ['Review the live chat of case {case_id}: was a policy violated? Give the Id of the knowledge article of the violated policy, or None.'],
  placeholders: {
    case_id: {
      schema: z.string().regex(/^500/),
      description: 'a case with a live chat',
      sample: ({ world, rng }) => {
        const pool = chatCases(world);
        return rng.chance(0.85) || pool.plain.length === 0 ? rng.pick(pool.withScenario) : rng.pick(pool.plain);
      },
    },
    search_term: { schema: z.string(), description: 'words that find the governing policy (not shown)', sample: ({ world, values }) => searchTermFor(world, String(values['case_id'])) },
  },
  path: [
    { name: 'chat', tool: 'get_livechat_transcript_by_case_id', args: { case_id: ref.placeholder('case_id') } },
    { name: 'articles', tool: 'search_knowledge_articles', args: { search_term: ref.placeholder('search_term') } },
  ],
  answer: ({ values, world }) => {
    const scenario = scenarios(world).get(String(values['case_id']));
    return scenario?.violated ? scenario.articleId : null;
  },
  accept: ({ values, world, outputs }: CrmScope) => {
    const scenario = scenarios(world).get(String(values['case_id']));
    if (!scenario) return true;
    const found = Array.isArray(outputs['articles']) && outputs['articles'].some((a) => (a as { Id: string }).Id === scenario.articleId);
    return found || 'the search does not find the policy article';
  },
  compare: { kind: 'exact', ids: 'salesforce', none: ['No violation', 'No policy was broken'] },
  offer: { extra: FLEX_TOOLS },
  params: ({ values, world }) => {
    const scenario = scenarios(world).get(String(values['case_id']));
    return {
      task: 'PVI',
      today: world.today,
      case_id: values['case_id']!,
      policy: scenario?.policyKey ?? null,
      article_id: scenario?.articleId ?? null,
      limit: scenario?.limit ?? null,
      value: scenario?.value ?? null,
      granted: scenario?.granted ?? null,
      kind: scenario ? POLICIES.find((p) => p.key === scenario.policyKey)!.kind : null,
    };
  },
  context: taskContext('PVI', POLICY),
});
