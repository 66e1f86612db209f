import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseActionJson, parseJson } from '../../src/actions/safe-json.js';
import { xlamParser } from '../../src/actions/parse-xlam.js';
import { isRecalled } from '../../src/core/recalled-json.js';
import { jsonText, sharedValue } from '../../src/core/shared-json.js';
import type { JsonValue } from '../../src/core/json.js';
import { crmarenaEnvironment, type Org } from '../../envs/crmarena/index.js';
import { caseViewList } from '../../envs/crmarena/tools/case-list.js';
import { rngStream } from '../../src/core/rng.js';
import { isToolError } from '../../src/tools/tool.js';

const orgs: Org[] = [crmarenaEnvironment.world(), crmarenaEnvironment.world(crmarenaEnvironment.worldSeedFor({ seed: 3, split: 'explore' }))];

/** Ascending distinct rows of an org: runs (a date range), runs with a hole, scattered rows, the first and last rows. */
const rowsOf = (org: Org) => {
  const n = org.index.caseViews.length;
  const run = fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: 300 })).map(([from, len]) => Array.from({ length: Math.min(len, n - from) }, (_, i) => from + i));
  return fc.oneof(
    run,
    run.chain((rows) => fc.nat({ max: Math.max(0, rows.length - 1) }).map((hole) => rows.filter((_, i) => i !== hole || rows.length < 3))),
    fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 250 }).map((rows) => rows.sort((a, b) => a - b)),
    fc.constantFrom([0], [n - 1], Array.from({ length: n }, (_, i) => i), Array.from({ length: 40 }, (_, i) => n - 40 + i)),
  );
};

describe('get_cases output text', () => {
  it('is JSON.stringify of the views, and its text recalled as an argument parses to the same value', () => {
    for (const org of orgs) {
      fc.assert(
        fc.property(rowsOf(org), fc.constantFrom('{"cases":%}', '{"subset_cases":% , "n": 1}', '%', '{"a":"\\uffff","cases":%}'), (rows, wrapper) => {
          const out = caseViewList(org, rows);
          expect(out).toEqual(rows.map((row) => org.index.caseViews[row]));
          const text = jsonText(out as unknown as JsonValue);
          expect(text).toBe(JSON.stringify(out));
          // Whoever holds the output may change the array; what is recalled from its text may not change with it.
          (out as unknown[]).reverse();
          const argument = wrapper.replace('%', text);
          const recalled = parseActionJson(argument);
          expect(recalled).toEqual(parseJson(argument));
          expect(JSON.stringify(recalled.ok && recalled.value)).toBe(JSON.stringify(parseJson(argument).ok && JSON.parse(argument)));
        }),
        { numRuns: 300 },
      );
    }
  });
});

describe('get_cases output text in parts', () => {
  it('is matched again part by part once its whole text is dropped (scattered rows)', () => {
    const org = orgs[0]!;
    const n = org.index.caseViews.length;
    const scattered = fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 12, maxLength: 200 }).map((rows) => rows.sort((a, b) => a - b));
    fc.assert(
      fc.property(fc.array(scattered, { minLength: 10, maxLength: 14 }), (lists) => {
        const texts = lists.map((rows) => jsonText(caseViewList(org, rows) as unknown as JsonValue));
        // The first lists' whole texts are dropped by now (8 are kept): they match by their parts.
        lists.forEach((rows, i) => {
          expect(texts[i]).toBe(JSON.stringify(rows.map((row) => org.index.caseViews[row])));
          const argument = `{"cases":${texts[i]}}`;
          const recalled = parseActionJson(argument);
          expect(recalled).toEqual(parseJson(argument));
          if (texts[i]!.length >= 1024) expect(recalled.ok && isRecalled((recalled.value as Record<string, unknown>)['cases'])).toBe(true);
          // A changed character anywhere in the list is not matched.
          const at = 1 + ((i * 7919) % (texts[i]!.length - 2));
          const changed = `{"cases":${texts[i]!.slice(0, at)}${texts[i]![at] === '0' ? '1' : texts[i]![at] === '"' ? '"' : '0'}${texts[i]!.slice(at + 1)}}`;
          const reread = parseActionJson(changed);
          if (changed !== argument) expect(reread.ok && isRecalled((reread.value as Record<string, unknown>)['cases'])).toBe(false);
        });
      }),
      { numRuns: 60 },
    );
  });
});

describe('xLAM read text', () => {
  const org = orgs[0]!;
  it('is JSON.stringify of the thought and calls read, with recalled lists as arguments or inside them', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: org.index.caseViews.length - 60 }),
        fc.integer({ min: 10, max: 60 }),
        fc.option(fc.string({ maxLength: 8 }), { nil: null }),
        fc.constantFrom('{"cases":%}', '{"__proto__":%,"0":"x","n":[1,%]}', '%', '"{\\"cases\\":[]}"', '{"cases":%,"cases":[]}', '{"a":{"b":%}}'),
        fc.boolean(),
        (from, len, thought, args, twoCalls) => {
          const text = jsonText(caseViewList(org, Array.from({ length: len }, (_, i) => from + i)) as unknown as JsonValue);
          const call = `{"name":"get_shipping_state","arguments":${args.replaceAll('%', text)}}`;
          const action = `{${thought === null ? '' : `"thought":${JSON.stringify(thought)},`}"tool_calls":[${call}${twoCalls ? `,${call}` : ''}]}`;
          const parsed = xlamParser.parse(action, 1);
          expect(parsed.ok).toBe(true);
          if (!parsed.ok) return;
          const read = parsed.calls.map((c) => ({ name: c.name, arguments: c.args }));
          expect(parsed.text).toBe(JSON.stringify(thought === null ? { tool_calls: read } : { thought, tool_calls: read }));
          const plain = JSON.parse(action) as { tool_calls: { arguments: unknown }[] };
          const expected = plain.tool_calls.map((c) => (typeof c.arguments === 'string' ? JSON.parse(c.arguments) : c.arguments));
          expect(parsed.calls.map((c) => c.args)).toEqual(expected);
          if (args === '%' || args === '{"cases":%}') expect(parsed.calls.some((c) => isRecalled(c.args) || isRecalled((c.args as Record<string, unknown>)['cases']))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('get_cases', () => {
  const org = orgs[1]!;
  const cases = org.tables.Case;
  const tool = crmarenaEnvironment.registry.get('get_cases')!.tool;
  const ctx = { world: org, state: {}, rng: rngStream(0, 'test') };
  const iso = (n: number) => `${new Date(n).toISOString().slice(0, 19)}Z`;
  /** Some of a column's values, with repeats, 15-character forms and ids no case has. */
  const idsFrom = (values: readonly string[]) =>
    fc.array(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: fc.constantFrom(...values).map((v) => v.slice(0, 15)) }, { weight: 1, arbitrary: fc.constantFrom('', 'x', '500Ws00000zzzzzAAA') }), { maxLength: 60 });
  const filters = fc.record(
    {
      start_date: fc.integer({ min: 0, max: cases.length - 1 }).map((row) => iso(Date.parse(cases[row]!.CreatedDate) - 1000)),
      end_date: fc.integer({ min: 0, max: cases.length - 1 }).map((row) => iso(Date.parse(cases[row]!.CreatedDate) + 1000)),
      case_ids: idsFrom(cases.map((c) => c.Id)),
      order_item_ids: idsFrom(cases.map((c) => c.OrderItemId__c)),
      agent_ids: idsFrom(org.tables.User.map((u) => u.Id)),
      issue_ids: idsFrom(org.tables.Issue__c.map((i) => i.Id)),
      statuses: fc.subarray(['New', 'Working', 'Escalated', 'Closed', 'closed']),
    },
    { requiredKeys: [] },
  );

  it('gives the cases that pass every filter given, in creation order, each once (whichever list finds them)', () => {
    fc.assert(
      fc.property(filters, fc.constantFrom(null, 'order_item_ids', 'agent_ids', 'issue_ids'), (f, share) => {
        const parsed = tool.input.safeParse(f);
        expect(parsed.success).toBe(true);
        // A list a tool handed out (shared, frozen, with its text) takes the path that finds its rows once per list.
        const list = share === null ? undefined : (parsed.data as Record<string, unknown>)[share];
        if (Array.isArray(list)) (parsed.data as Record<string, unknown>)[share!] = sharedValue([...list]);
        const out = tool.handler(parsed.data, ctx);
        const has = (list: string[] | undefined, value: string, to18: (id: string) => string) => list === undefined || list.length === 0 || list.some((id) => to18(id) === value);
        const to18 = (id: string) => (id.length === 15 ? (org.tables.Case.find((c) => c.Id.startsWith(id))?.Id ?? org.tables.User.find((u) => u.Id.startsWith(id))?.Id ?? org.tables.Issue__c.find((i) => i.Id.startsWith(id))?.Id ?? cases.find((c) => c.OrderItemId__c.startsWith(id))?.OrderItemId__c ?? id) : id);
        const expected = cases
          .filter(
            (c) =>
              (f.start_date === undefined || Date.parse(c.CreatedDate) >= Date.parse(f.start_date)) &&
              (f.end_date === undefined || Date.parse(c.CreatedDate) < Date.parse(f.end_date)) &&
              has(f.case_ids, c.Id, to18) &&
              has(f.order_item_ids, c.OrderItemId__c, to18) &&
              has(f.agent_ids, c.OwnerId, to18) &&
              has(f.issue_ids, c.IssueId__c, to18) &&
              (f.statuses === undefined || f.statuses.length === 0 || f.statuses.includes(c.Status)),
          )
          .map((c) => ({ Id: c.Id, OwnerId: c.OwnerId, CreatedDate: c.CreatedDate, ClosedDate: c.ClosedDate, AccountId: c.AccountId }));
        const none = Object.values(f).every((v) => v === undefined || (Array.isArray(v) && v.length === 0));
        if (none) expect(isToolError(out)).toBe(true);
        else {
          expect(out).toEqual(expected);
          expect(jsonText(out as JsonValue)).toBe(JSON.stringify(expected));
        }
      }),
      { numRuns: 400 },
    );
  });
});
