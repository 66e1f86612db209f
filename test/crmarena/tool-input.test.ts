import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseActionJson } from '../../src/actions/safe-json.js';
import { jsonText } from '../../src/core/shared-json.js';
import type { JsonValue } from '../../src/core/json.js';
import { compiledInput as toolInput } from '../../src/tools/compiled-input.js';
import { caseWith, idList } from '../../envs/crmarena/tools/tool-kit.js';
import { describeValue, outcome } from '../fixtures/parse-outcome.js';

/** The input schemas of CRMArena's list-taking tools (and one with other arguments), as the tools declare them. */
const SCHEMAS: Record<string, z.ZodType> = {
  shipping: z.object({ cases: z.array(caseWith({ AccountId: z.string() })) }),
  regions: z.object({ cases: z.array(caseWith({ ShippingState: z.string().nullable(), CreatedDate: z.string(), ClosedDate: z.string().nullable() })) }),
  handleTime: z.object({ cases: z.array(caseWith({ CreatedDate: z.string(), ClosedDate: z.string().nullable(), OwnerId: z.string() })) }),
  owners: z.object({ subset_cases: z.array(caseWith({ OwnerId: z.string() })) }),
  getCases: z.object({ start_date: z.string().nullish(), agent_ids: idList('agents'), n: z.number().int().optional() }),
  values: z.object({ values_by_id: z.record(z.string(), z.number()) }),
};

const tricky = fc.constantFrom('__proto__', 'constructor', 'toString', '0', '10', '-1', 'AccountId', 'OwnerId', 'ShippingState', 'CreatedDate', 'ClosedDate', 'Id', '');
const leaf = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('2024-01-31T00:00:00Z', 'TX', null, -0, Number.NaN, Infinity, 1.5, 7, true, undefined),
  fc.integer(),
);
const fieldValue = fc.oneof({ weight: 6, arbitrary: leaf }, { weight: 1, arbitrary: fc.array(leaf, { maxLength: 2 }) }, { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 3 }), leaf, { maxKeys: 2 }) });
const record = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(fc.oneof(tricky, fc.string({ maxLength: 6 })), fieldValue, { maxKeys: 7 }) },
  { weight: 1, arbitrary: fc.dictionary(tricky, fieldValue, { maxKeys: 4 }).map((r) => Object.assign(Object.create(null), r) as object) },
  { weight: 1, arbitrary: leaf },
);
/** Records with the fields the tools read, in any order, sometimes with a field wrong. */
const caseRecord = fc
  .record({
    Id: fc.string({ minLength: 1, maxLength: 18 }),
    OwnerId: fc.oneof({ weight: 9, arbitrary: fc.string({ maxLength: 18 }) }, { weight: 1, arbitrary: leaf }),
    AccountId: fc.oneof({ weight: 9, arbitrary: fc.string({ maxLength: 18 }) }, { weight: 1, arbitrary: leaf }),
    CreatedDate: fc.constantFrom('2024-01-31T00:00:00Z', '2024-02-01T10:00:00Z', 'nope'),
    ClosedDate: fc.constantFrom('2024-03-01T00:00:00Z', null),
    ShippingState: fc.constantFrom('TX', 'CA', null),
  }, { requiredKeys: ['Id', 'CreatedDate'] })
  .chain((r) => fc.shuffledSubarray(Object.keys(r), { minLength: Object.keys(r).length }).map((keys) => Object.fromEntries(keys.map((k) => [k, (r as Record<string, unknown>)[k]]))));
const list = fc.array(fc.oneof({ weight: 8, arbitrary: caseRecord }, { weight: 1, arbitrary: record }), { maxLength: 12 });
const input = fc.oneof(
  list.map((cases) => ({ cases })),
  list.map((subset_cases) => ({ subset_cases })),
  fc.record({ cases: list, extra: leaf }),
  fc.dictionary(fc.oneof(tricky, fc.string({ maxLength: 4 })), fc.oneof(fieldValue, list), { maxKeys: 4 }),
  leaf,
);

describe('toolInput (zod compiled, with a per-record cache for recalled lists)', () => {
  it('gives exactly what the schema gives (value, key order, issues) on generated and adversarial input', () => {
    const wrapped = Object.fromEntries(Object.entries(SCHEMAS).map(([k, s]) => [k, toolInput(s)]));
    fc.assert(
      fc.property(input, fc.constantFrom(...Object.keys(SCHEMAS)), (value, which) => {
        expect(outcome(wrapped[which]!.safeParse(value))).toEqual(outcome(SCHEMAS[which]!.safeParse(value)));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives what the schema gives for lists recalled from an output, and again from its cache', () => {
    const wrapped = Object.fromEntries(Object.entries(SCHEMAS).map(([k, s]) => [k, toolInput(s)]));
    const shared = fc.array(caseRecord.map((r) => Object.freeze(r)), { minLength: 8, maxLength: 30 });
    let recalled = 0;
    fc.assert(
      fc.property(shared, fc.constantFrom('cases', 'subset_cases'), fc.constantFrom(...Object.keys(SCHEMAS)), (records, key, which) => {
        const text = jsonText(records as unknown as JsonValue);
        const parsed = parseActionJson(`{"${key}":${text}}`);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        const list = (parsed.value as Record<string, unknown>)[key];
        if (Object.isFrozen(list)) recalled++;
        const fresh = JSON.parse(`{"${key}":${text}}`);
        for (let round = 0; round < 2; round++) expect(outcome(wrapped[which]!.safeParse(parsed.value))).toEqual(outcome(SCHEMAS[which]!.safeParse(fresh)));
      }),
      { numRuns: 400 },
    );
    expect(recalled).toBeGreaterThan(100);
  });

  it('keeps the JSON Schema of the tool', () => {
    for (const schema of Object.values(SCHEMAS)) expect(z.toJSONSchema(toolInput(schema), { io: 'input', unrepresentable: 'any' })).toEqual(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));
  });
});

describe('an episode that passes outputs back verbatim (recalled) and one that reformats them (parsed)', () => {
  it('see the same observations, rewards and info', async () => {
    const { ToolEnv } = await import('../../src/core/tool-env.js');
    const { oraclePlan } = await import('../../src/rollout/oracle.js');
    const { crmarenaEnvironment } = await import('../../envs/crmarena/index.js');
    const verbatim = new ToolEnv(crmarenaEnvironment, { actionFormat: 'openai' });
    const reformatted = new ToolEnv(crmarenaEnvironment, { actionFormat: 'openai' });
    const action = (name: string, args: unknown, indent: number | undefined) => ({ role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name, arguments: JSON.stringify(args, null, indent) } }] });
    let lists = 0;
    for (let seed = 7000; seed < 7030; seed++) {
      verbatim.reset({ seed });
      reformatted.reset({ seed });
      for (const call of oraclePlan(crmarenaEnvironment, verbatim.instance!)) {
        const a = verbatim.step(action(call.tool, call.arguments, undefined));
        const b = reformatted.step(action(call.tool, call.arguments, 1));
        if (Object.values(call.arguments).some((v) => Array.isArray(v) && v.length >= 8 && typeof v[0] === 'object')) lists++;
        expect(a.observation.messages.at(-1)).toEqual(b.observation.messages.at(-1));
        expect([a.reward, a.terminated, a.truncated]).toEqual([b.reward, b.terminated, b.truncated]);
        expect(describeValue(a.info.action.calls)).toEqual(describeValue(b.info.action.calls));
        expect(a.info.answer).toEqual(b.info.answer);
        if (a.terminated) break;
      }
    }
    expect(lists).toBeGreaterThan(10);
  });
});
