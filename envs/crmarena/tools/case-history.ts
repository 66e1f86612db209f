import { z } from 'zod';
import { idSet, crmTool, dateTimeString, failure, isToolError } from './tool-kit.js';
import { positionsIn, readWindow } from './time-window.js';

const Window = {
  start_date: dateTimeString('start of the period (inclusive)'),
  end_date: dateTimeString('end of the period (exclusive)'),
};

export const getAgentHandledCasesByPeriod = crmTool({
  name: 'get_agent_handled_cases_by_period',
  description:
    'Counts, for each agent, the Owner Assignment records of CaseHistory__c dated in [start_date, end_date) that name the agent as the new owner (a first assignment or a transfer to them). Returns {UserId: count}.',
  input: z.object(Window),
  domain: 'case-history',
  handler: ({ start_date, end_date }, { world }) => {
    const window = readWindow(start_date, end_date);
    if (isToolError(window)) return window;
    const log = world.index.assignments;
    const [from, to] = positionsIn(log.at, window);
    const counts: Record<string, number> = {};
    for (let i = from; i < to; i++) {
      const agent = log.to[i]!;
      counts[agent] = (counts[agent] ?? 0) + 1;
    }
    return counts;
  },
});

export const getQualifiedAgentIdsByCaseCount = crmTool({
  name: 'get_qualified_agent_ids_by_case_count',
  description: 'Returns the agent Ids whose count in agent_handled_cases is strictly greater than n_cases.',
  input: z.object({
    agent_handled_cases: z.record(z.string(), z.number()).describe('{UserId: number of cases handled}'),
    n_cases: z.number().int().describe('the count an agent must exceed'),
  }),
  domain: 'case-history',
  handler: ({ agent_handled_cases, n_cases }) => Object.entries(agent_handled_cases).filter(([, n]) => n > n_cases).map(([id]) => id),
});

export const getNonTransferredCaseIds = crmTool({
  name: 'get_non_transferred_case_ids',
  description: 'Returns the Ids of cases that have exactly one Owner Assignment record dated in [start_date, end_date), i.e. cases that were assigned once and not transferred within the period.',
  input: z.object(Window),
  domain: 'case-history',
  handler: ({ start_date, end_date }, { world }) => {
    const window = readWindow(start_date, end_date);
    if (isToolError(window)) return window;
    const log = world.index.assignments;
    const [from, to] = positionsIn(log.at, window);
    const counts = new Map<number, number>();
    for (let i = from; i < to; i++) counts.set(log.caseRow[i]!, (counts.get(log.caseRow[i]!) ?? 0) + 1);
    const rows = [...counts].filter(([, n]) => n === 1).map(([row]) => row).sort((a, b) => a - b);
    const cases = world.tables.Case;
    return rows.map((row) => cases[row]!.Id);
  },
});

export const getAgentTransferredCasesByPeriod = crmTool({
  name: 'get_agent_transferred_cases_by_period',
  description:
    'Counts, for each agent, the transfers away from them: Owner Assignment records dated in [start_date, end_date) whose previous owner (OldValue__c) is the agent. With qualified_agent_ids, only those agents are counted. Agents with no transfer do not appear. Returns {UserId: count}.',
  input: z.object({
    ...Window,
    qualified_agent_ids: z.array(z.string()).nullish().describe('agents to count (an empty list or null counts every agent)'),
  }),
  domain: 'case-history',
  handler: ({ start_date, end_date, qualified_agent_ids }, { world }) => {
    const window = readWindow(start_date, end_date);
    if (isToolError(window)) return window;
    if ((qualified_agent_ids?.length ?? 0) > 5_000) return failure('qualified_agent_ids is too long');
    const only = qualified_agent_ids && qualified_agent_ids.length > 0 ? idSet(qualified_agent_ids) : null;
    const log = world.index.assignments;
    const [from, to] = positionsIn(log.at, window);
    const counts: Record<string, number> = {};
    for (let i = from; i < to; i++) {
      const agent = log.from[i];
      if (agent === null || agent === undefined || (only !== null && !only.has(agent))) continue;
      counts[agent] = (counts[agent] ?? 0) + 1;
    }
    return counts;
  },
});
