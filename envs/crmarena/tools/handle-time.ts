import { z } from 'zod';
import { closureMs } from './durations.js';
import { caseWith, crmTool, isToolError } from './tool-kit.js';
import { caseNumbers, caseRowsOf, meanByGroup } from './case-rows.js';
import { caseColumn } from './case-columns.js';
import { recordOutput } from './recalled-output.js';

export const calculateAverageHandleTime = crmTool({
  name: 'calculate_average_handle_time',
  description:
    "Calculates each agent's average handle time over the given cases: the mean number of minutes from a case's CreatedDate to its ClosedDate, grouped by the case's OwnerId. Cases without a ClosedDate (still open) are left out. Returns {OwnerId: minutes}.",
  input: z.object({
    cases: z
      .array(
        caseWith({
          CreatedDate: z.string().describe('when the case was created'),
          ClosedDate: z.string().nullable().describe('when the case was closed; null while open'),
          OwnerId: z.string().describe('the agent who owns the case'),
        }),
      )
      .describe('case records with CreatedDate, ClosedDate and OwnerId'),
  }),
  domain: 'cases',
  handler: ({ cases }, { world }) => {
    const rows = caseRowsOf(world, cases);
    if (rows !== null) {
      const owners = caseColumn(world, 'OwnerId');
      const means = meanByGroup(rows, owners.no, owners.values, caseNumbers(world).closureMs, 60_000);
      if (means !== null) return recordOutput(means.record, means.text, means.columns);
    }
    const sums = new Map<string, { total: number; n: number }>();
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i]!;
      const ms = closureMs(c, i);
      if (isToolError(ms)) return ms;
      if (ms === null) continue;
      const s = sums.get(c.OwnerId) ?? { total: 0, n: 0 };
      s.total += ms / 60_000;
      s.n++;
      sums.set(c.OwnerId, s);
    }
    return recordOutput(Object.fromEntries([...sums].map(([id, s]) => [id, s.total / s.n])));
  },
});
