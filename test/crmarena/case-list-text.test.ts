import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseActionJson, parseJson } from '../../src/actions/safe-json.js';
import { xlamParser } from '../../src/actions/parse-xlam.js';
import { isRecalled } from '../../src/core/recalled-json.js';
import { jsonText } from '../../src/core/shared-json.js';
import type { JsonValue } from '../../src/core/json.js';
import { crmarenaEnvironment, type Org } from '../../envs/crmarena/index.js';
import { caseViewList } from '../../envs/crmarena/tools/case-list.js';

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
