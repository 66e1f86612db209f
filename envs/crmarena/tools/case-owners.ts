import { z } from 'zod';
import { caseWith, crmTool } from './tool-kit.js';
import type { Org } from '../org/org.js';
import { caseRowsOf } from './case-rows.js';
import { caseColumn } from './case-columns.js';

const SubsetCases = z.object({
  subset_cases: z.array(caseWith({ OwnerId: z.string().describe('the agent (User Id) who owns the case') })).describe('case records, each with its OwnerId'),
});

function ownersWith(org: Org, cases: readonly { OwnerId: string }[], better: (a: number, b: number) => boolean): string[] {
  const rows = caseRowsOf(org, cases);
  if (rows !== null) return ownersByRow(org, rows, better);
  const counts = new Map<string, number>();
  for (const c of cases) counts.set(c.OwnerId, (counts.get(c.OwnerId) ?? 0) + 1);
  let best: number | null = null;
  for (const n of counts.values()) if (best === null || better(n, best)) best = n;
  return [...counts].filter(([, n]) => n === best).map(([id]) => id);
}

/** ownersWith over case rows: counts by owner number, owners in order of first appearance. */
function ownersByRow(org: Org, rows: Int32Array, better: (a: number, b: number) => boolean): string[] {
  const owners = caseColumn(org, 'OwnerId');
  const counts = new Int32Array(owners.values.length);
  const order: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const owner = owners.no[rows[i]!]!;
    if (counts[owner] === 0) order.push(owner);
    counts[owner]!++;
  }
  let best: number | null = null;
  for (let i = 0; i < order.length; i++) if (best === null || better(counts[order[i]!]!, best)) best = counts[order[i]!]!;
  const out: string[] = [];
  for (let i = 0; i < order.length; i++) if (counts[order[i]!] === best) out.push(owners.values[order[i]!]!);
  return out;
}

export const getAgentsWithMaxCases = crmTool({
  name: 'get_agents_with_max_cases',
  description: 'Returns the Ids of the agents who own the most cases in the given list of cases. Every agent tied for the most is returned; an empty list gives an empty list.',
  input: SubsetCases,
  domain: 'cases',
  handler: ({ subset_cases }, { world }) => ownersWith(world, subset_cases, (a, b) => a > b),
});

export const getAgentsWithMinCases = crmTool({
  name: 'get_agents_with_min_cases',
  description: 'Returns the Ids of the agents who own the fewest cases in the given list of cases (only agents that own at least one of them). Every agent tied for the fewest is returned.',
  input: SubsetCases,
  domain: 'cases',
  handler: ({ subset_cases }, { world }) => ownersWith(world, subset_cases, (a, b) => a < b),
});
