import { z } from 'zod';
import { caseWith, crmTool } from './tool-kit.js';

const SubsetCases = z.object({
  subset_cases: z.array(caseWith({ OwnerId: z.string().describe('the agent (User Id) who owns the case') })).describe('case records, each with its OwnerId'),
});

function ownersWith(cases: readonly { OwnerId: string }[], better: (a: number, b: number) => boolean): string[] {
  const counts = new Map<string, number>();
  for (const c of cases) counts.set(c.OwnerId, (counts.get(c.OwnerId) ?? 0) + 1);
  let best: number | null = null;
  for (const n of counts.values()) if (best === null || better(n, best)) best = n;
  return [...counts].filter(([, n]) => n === best).map(([id]) => id);
}

export const getAgentsWithMaxCases = crmTool({
  name: 'get_agents_with_max_cases',
  description: 'Returns the Ids of the agents who own the most cases in the given list of cases. Every agent tied for the most is returned; an empty list gives an empty list.',
  input: SubsetCases,
  domain: 'cases',
  handler: ({ subset_cases }) => ownersWith(subset_cases, (a, b) => a > b),
});

export const getAgentsWithMinCases = crmTool({
  name: 'get_agents_with_min_cases',
  description: 'Returns the Ids of the agents who own the fewest cases in the given list of cases (only agents that own at least one of them). Every agent tied for the fewest is returned.',
  input: SubsetCases,
  domain: 'cases',
  handler: ({ subset_cases }) => ownersWith(subset_cases, (a, b) => a < b),
});
