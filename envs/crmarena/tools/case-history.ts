import { z } from 'zod';
import { to18 } from '../org/ids.js';
import { readColumns } from '../../../src/core/number-record.js';
import { countAgents, numberedLog } from './agent-numbers.js';
import { crmTool, dateTimeString, failure, isToolError } from './tool-kit.js';
import { positionsIn, readWindow } from './time-window.js';
import { caseIdList, recordOutput } from './recalled-output.js';

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
    const numbered = numberedLog(log);
    const { counts, text, columns } = countAgents(numbered, numbered.to, from, to, null);
    return recordOutput(counts, text, columns);
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
  handler: ({ agent_handled_cases, n_cases }) => {
    // Object.entries' order and test, read as columns (no pair per entry).
    const out: string[] = [];
    const { keys, values } = readColumns(agent_handled_cases);
    for (let i = 0; i < keys.length; i++) if (values[i]! > n_cases) out.push(keys[i]!);
    return out;
  },
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
    const cases = world.tables.Case;
    // Assignments per case row, capped at 2 (only "exactly one" matters); rows read in ascending order, between the lowest and highest seen.
    const seen = scratchCounts(cases.length);
    let low = cases.length;
    let high = -1;
    for (let i = from; i < to; i++) {
      const row = log.caseRow[i]!;
      if (seen[row]! < 2) seen[row]!++;
      if (row < low) low = row;
      if (row > high) high = row;
    }
    let n = 0;
    for (let row = low; row <= high; row++) if (seen[row] === 1) n++;
    const rows = new Int32Array(n);
    for (let row = low, i = 0; row <= high; row++) if (seen[row] === 1) rows[i++] = row;
    // Left all zero for the next call: only rows low..high were counted.
    if (high >= low) seen.fill(0, low, high + 1);
    return caseIdList(world, rows) as string[];
  },
});

/** A zeroed byte per case row, reused from call to call (a fresh array per call was most of this tool's garbage). */
let scratch = new Uint8Array(0);

function scratchCounts(rows: number): Uint8Array {
  if (scratch.length < rows) scratch = new Uint8Array(rows);
  return scratch;
}

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
    const log = world.index.assignments;
    const numbered = numberedLog(log);
    let only: Uint8Array | null = null;
    if (qualified_agent_ids && qualified_agent_ids.length > 0) {
      only = new Uint8Array(numbered.agents.length);
      for (const id of qualified_agent_ids) {
        const agent = numbered.numberOf.get(to18(id));
        if (agent !== undefined) only[agent] = 1;
      }
    }
    const [from, to] = positionsIn(log.at, window);
    const { counts, text, columns } = countAgents(numbered, numbered.from, from, to, only);
    return recordOutput(counts, text, columns);
  },
});
