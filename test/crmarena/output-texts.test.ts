import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crmarenaEnvironment, type Org } from '../../envs/crmarena/index.js';
import { observeCrm } from '../../envs/crmarena/observe.js';
import { countAgents, type NumberedLog } from '../../envs/crmarena/tools/agent-numbers.js';
import { caseIdList } from '../../envs/crmarena/tools/recalled-output.js';

/**
 * Outputs whose JSON text their maker writes from quoted pieces kept per org or per log (case id
 * lists, agent counts) instead of JSON.stringify: held to JSON.stringify of the output, and the
 * counts to the plain loop `counts[id] = (counts[id] ?? 0) + 1`.
 */

describe('agent counts', () => {
  /** Agent ids as an org mints them, and keys JSON writes out of assignment order or assignment does not set. */
  const agentId = fc.oneof(
    { weight: 6, arbitrary: fc.string({ unit: fc.constantFrom('0', '5', 'W', 's', 'x', 'A'), minLength: 18, maxLength: 18 }) },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', '0', '7', '01', '4294967294', '4294967295', '', 'toString', '"', '\u2028', '\ud800', 'é') },
  );
  const logs = fc.uniqueArray(agentId, { minLength: 1, maxLength: 30 }).chain((agents) =>
    fc.record({
      agents: fc.constant(agents),
      who: fc.array(fc.integer({ min: -1, max: agents.length - 1 }), { maxLength: 200 }),
      only: fc.option(fc.array(fc.boolean(), { minLength: agents.length, maxLength: agents.length })),
    }),
  );

  it('are the plain loop\'s record, and their text is its JSON.stringify', () => {
    fc.assert(
      fc.property(logs, fc.nat(), fc.nat(), ({ agents, who, only }, a, b) => {
        const log: NumberedLog = { agents, numberOf: new Map(agents.map((id, n) => [id, n])), to: Int32Array.from(who), from: Int32Array.from(who), prefixes: [] };
        const from = Math.min(a, b) % (who.length + 1);
        const to = Math.max(from, Math.max(a, b) % (who.length + 1));
        const mask = only === null ? null : Uint8Array.from(only, (x) => (x ? 1 : 0));
        const plain: Record<string, number> = {};
        for (let i = from; i < to; i++) {
          const agent = who[i]!;
          if (agent < 0 || (mask !== null && mask[agent] === 0)) continue;
          const id = agents[agent]!;
          plain[id] = (Object.hasOwn(plain, id) ? plain[id]! : 0) + 1;
        }
        // Twice: the second writing reads the prefixes the first one kept.
        for (let round = 0; round < 2; round++) {
          const { counts, text, columns } = countAgents(log, log.to, from, to, mask);
          expect(Object.entries(counts)).toEqual(Object.entries(plain));
          expect(text).toBe(JSON.stringify(counts));
          // Columns, when given, are the record's keys and values, and it parses back from its text equal.
          if (columns !== null) {
            expect(columns.keys).toEqual(Object.keys(counts));
            expect(columns.values).toEqual(Object.values(counts));
            expect(Object.entries(JSON.parse(text))).toEqual(Object.entries(counts));
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('case id lists', () => {
  const orgs: readonly Org[] = [crmarenaEnvironment.world(), crmarenaEnvironment.world(7, { agents: 9, accounts: 60, cases: 300, years: 1 })];

  it('are observed as JSON.stringify of the ids', () => {
    for (const org of orgs) {
      const n = org.tables.Case.length;
      // Scattered rows, and runs of consecutive rows with holes (a piece per run), and every row.
      const runs = fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: 300 }), fc.array(fc.nat(), { maxLength: 20 })).map(([from, len, holes]) =>
        Array.from({ length: Math.min(len, n - from) }, (_, i) => from + i).filter((_, i) => !holes.some((h) => h % Math.max(1, len) === i)),
      );
      fc.assert(
        fc.property(fc.oneof(fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 300 }), runs, fc.constant(Array.from({ length: n }, (_, i) => i))), (picked) => {
          const rows = Int32Array.from(picked.sort((x, y) => x - y));
          const ids = caseIdList(org, rows);
          expect(ids).toEqual(Array.from(rows, (row) => org.tables.Case[row]!.Id));
          expect(observeCrm({ ok: true, tool: 'get_non_transferred_case_ids', output: ids as string[] })).toBe(JSON.stringify([...ids]));
        }),
        { numRuns: 200 },
      );
    }
  });
});
