import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { encodeAction, isToolError, oraclePlan, rngStream, ToolEnv, type JsonValue } from '../../src/index.js';
import { crmarenaEnvironment, type Org } from '../../envs/crmarena/index.js';
import { observeCrm } from '../../envs/crmarena/observe.js';
import { parseActionJson, parseJson } from '../../src/actions/safe-json.js';
import { isRecalled, RECORD_MIN_CHARS } from '../../src/core/recalled-json.js';
import { rememberFlatRecord } from '../../src/core/recall-entries.js';
import { compiledInput, declaredInput } from '../../src/tools/compiled-input.js';

/**
 * `{key: number}` outputs (agent counts, mean handle and closure times) are remembered by their
 * observation, and an action holding their text verbatim hands the next tool the very record
 * (frozen) instead of a parse, which the argument check gives on as it is. Held here to the plain
 * definitions: parseJson of the text, the declared schema's parse, and the tools' plain loops.
 */

const describeValue = (v: unknown): string => JSON.stringify(v, (_k, x) => (typeof x === 'object' && x !== null && !Array.isArray(x) ? Object.entries(x) : x));

const key = fc.oneof({ weight: 6, arbitrary: fc.string({ minLength: 18, maxLength: 18 }) }, { weight: 1, arbitrary: fc.constantFrom('__proto__', '0', '7', '', 'toString', '\uffff', '"') });
const number = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }).filter((v) => !Object.is(v, -0)), fc.integer());
const odd = fc.constantFrom<unknown>(-0, 'x', null, true);
/** Records as the tools make them (by assignment), frozen; some cannot be remembered (-0) or hold a non-number, which the schemas refuse. */
const record = fc.oneof({ weight: 4, arbitrary: fc.array(fc.tuple(key, number), { minLength: 40, maxLength: 90 }) }, { weight: 3, arbitrary: fc.array(fc.tuple(key, number), { minLength: 1, maxLength: 30 }) }, { weight: 1, arbitrary: fc.array(fc.tuple(key, fc.oneof({ weight: 30, arbitrary: number }, { weight: 1, arbitrary: odd })), { minLength: 1, maxLength: 90 }) }).map((pairs) => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of pairs) {
    if (k === '__proto__') Object.defineProperty(out, k, { value: v, writable: true, enumerable: true, configurable: true });
    else out[k] = v;
  }
  return Object.freeze(out);
});

/** Ways an action's text may hold the record's text: each format's argument object, other arguments around it, changed or cut. */
const wrappers: ((t: string) => string)[] = [
  (t) => `{"values_by_id":${t}}`,
  (t) => `{"agent_handled_cases":${t},"n_cases":3}`,
  (t) => `{"n_cases":-1,"agent_handled_cases":${t}}`,
  (t) => `{"thought":"","tool_calls":[{"name":"find_id_with_max_value","arguments":{"values_by_id":${t}}}]}`,
  (t) => `[{"name":"f","arguments":{"values_by_id":${t}}}]`,
  (t) => `{"values_by_id":${t},"values_by_id":{}}`,
  (t) => `{"values_by_id":${t.slice(0, -1)}}`,
  (t) => `{"values_by_id":${t.replace(',', ', ')}}`,
  (t) => `{"values_by_id":${t},"extra":1}`,
  (t) => `{"agent_handled_cases":${t},"n_cases":2.5}`,
];

const schemas = [
  z.object({ values_by_id: z.record(z.string(), z.number()) }),
  z.object({ agent_handled_cases: z.record(z.string(), z.number()), n_cases: z.number().int() }),
  z.object({ values_by_id: z.record(z.string(), z.number().int()) }),
  z.object({ values_by_id: z.record(z.string(), z.int()) }),
  z.object({ values_by_id: z.record(z.string().min(19), z.number()) }),
  z.object({ values_by_id: z.record(z.string(), z.number()).nullish(), n: z.number().optional() }).strict(),
];

function outcome(result: { success: boolean; data?: unknown; error?: { issues: unknown[] } }): string {
  return result.success ? `ok ${describeValue(result.data)}` : `error ${JSON.stringify(result.error!.issues)}`;
}

describe('recalled records', () => {
  it('parse as parseJson parses their text, and validate as the declared schema validates the parse', () => {
    let recalled = 0;
    fc.assert(
      fc.property(record, fc.constantFrom(...wrappers.keys()), fc.constantFrom(...schemas.keys()), (r, which, s) => {
        rememberFlatRecord(r, JSON.stringify(r));
        const text = wrappers[which]!(JSON.stringify(r));
        const fast = parseActionJson(text);
        const plain = parseJson(text);
        expect(fast.ok).toBe(plain.ok);
        if (!fast.ok || !plain.ok) return;
        expect(describeValue(fast.value)).toBe(describeValue(plain.value));
        const args = which === 3 ? (fast.value as any).tool_calls[0].arguments : which === 4 ? (fast.value as any)[0].arguments : fast.value;
        const plainArgs = which === 3 ? (plain.value as any).tool_calls[0].arguments : which === 4 ? (plain.value as any)[0].arguments : plain.value;
        if (Object.values(args as object).some(isRecalled)) recalled++;
        const schema = schemas[s]!;
        expect(outcome(compiledInput(schema).safeParse(args))).toBe(outcome(schema.safeParse(plainArgs)));
      }),
      { numRuns: 1200, seed: 15 },
    );
    expect(recalled).toBeGreaterThan(200);
  });
});

const orgs: readonly Org[] = [crmarenaEnvironment.world(), crmarenaEnvironment.world(7, { agents: 9, accounts: 60, cases: 300, years: 1 }), crmarenaEnvironment.world(3, { agents: 40, cases: 1_200 })];

/** A call as the env makes it: arguments from the action text (recalled where they can be), validated, handled, observed. */
function play(org: Org, name: string, argsText: string): { output: JsonValue | { error: string }; text: string; recalled: boolean } {
  const tool = crmarenaEnvironment.registry.get(name)!.tool;
  const parsed = parseActionJson(argsText);
  if (!parsed.ok) throw new Error(parsed.message);
  const recalled = Object.values(parsed.value as object).some(isRecalled);
  const checked = tool.input.safeParse(parsed.value);
  if (!checked.success) return { output: { error: checked.error.message }, text: '', recalled };
  const out = tool.handler(checked.data, { world: org, state: {}, rng: rngStream(0, 'test') });
  if (isToolError(out)) return { output: { error: out.message }, text: out.message, recalled };
  return { output: out, text: observeCrm({ ok: true, tool: name, output: out }), recalled };
}

function plainBest(values: Record<string, number>, better: (a: number, b: number) => boolean): string[] {
  let best: number | null = null;
  for (const v of Object.values(values)) if (best === null || better(v, best)) best = v;
  return Object.entries(values).filter(([, v]) => v === best).map(([id]) => id);
}

const iso = (n: number) => `${new Date(n).toISOString().slice(0, 19)}Z`;

describe('CRMArena tools passed a count object back', () => {
  it('give what their plain definitions give for the parse of its text, verbatim (recalled) or changed, on several orgs', () => {
    let recalled = 0;
    for (const org of orgs) {
      const at = org.index.assignments.at;
      // Up to a few hundred assignments: the cases of the window must fit in an action's text.
      const window = fc.tuple(fc.integer({ min: 0, max: at.length - 1 }), fc.integer({ min: 0, max: 400 })).map(([a, n]) => ({ start_date: iso(at[a]!), end_date: iso(at[Math.min(at.length - 1, a + n)]! + 1000) }));
      const change = fc.constantFrom<(t: string) => string>(
        (t) => t,
        (t) => t,
        (t) => t.replace(/:(\d+)/, ':-$1'),
        (t) => (t === '{}' ? '{"zzz":1e300}' : t.replace('{', '{"zzz":1e300,')),
        (t) => JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(t) as object).reverse())),
      );
      fc.assert(
        fc.property(window, fc.integer({ min: -1, max: 12 }), change, (w, n, changed) => {
          const handled = play(org, 'get_agent_handled_cases_by_period', JSON.stringify(w));
          const counts = changed(handled.text);
          const q = play(org, 'get_qualified_agent_ids_by_case_count', `{"agent_handled_cases":${counts},"n_cases":${n}}`);
          if (q.recalled) recalled++;
          const parsed = JSON.parse(counts) as Record<string, number>;
          expect(JSON.stringify(q.output)).toBe(JSON.stringify(Object.keys(parsed).filter((id) => parsed[id]! > n)));
          const cases = play(org, 'get_cases', JSON.stringify(w));
          const times = play(org, 'calculate_average_handle_time', `{"cases":${cases.text}}`);
          if (isToolError(times.output) || 'error' in (times.output as object)) return;
          const means = changed(times.text);
          const values = JSON.parse(means) as Record<string, number>;
          for (const [name, better] of [['find_id_with_max_value', (a: number, b: number) => a > b], ['find_id_with_min_value', (a: number, b: number) => a < b]] as const) {
            const found = play(org, name, `{"values_by_id":${means}}`);
            if (found.recalled) recalled++;
            expect(JSON.stringify(found.output)).toBe(JSON.stringify(plainBest(values, better)));
          }
        }),
        { numRuns: 40, seed: 7 },
      );
    }
    expect(recalled).toBeGreaterThan(30);
  });

  it('keep the declared schemas of record', () => {
    for (const name of ['get_qualified_agent_ids_by_case_count', 'find_id_with_max_value', 'find_id_with_min_value']) {
      const input = crmarenaEnvironment.registry.get(name)!.tool.input;
      expect(declaredInput(input)).not.toBe(input);
    }
  });
});

describe('the oracle\'s HTU episodes', () => {
  it('hand get_qualified_agent_ids_by_case_count and find_id_with_max/min_value the recalled record in every action format that writes it as text', () => {
    for (const format of ['openai', 'xlam', 'react']) {
      const env = new ToolEnv(crmarenaEnvironment, { actionFormat: format });
      let calls = 0;
      let recalled = 0;
      let values = 0;
      let valuesRecalled = 0;
      for (let seed = 0; seed < 40; seed++) {
        env.reset({ seed, options: { split: 'explore', actionFormat: format } });
        const plan = oraclePlan(crmarenaEnvironment, env.instance!);
        plan.forEach((call, i) => {
          const step = env.step(encodeAction(format, [{ name: call.tool, arguments: call.arguments }], i + 1, undefined, crmarenaEnvironment.definition.parsers));
          const made = step.info.action.calls[0]!;
          if (!made.ok) return;
          if (made.name === 'find_id_with_max_value' || made.name === 'find_id_with_min_value') {
            values++;
            const given = (made.args as { values_by_id: object }).values_by_id;
            // Every such record came from an output just before it: recalled whenever it is long enough to be remembered.
            if (JSON.stringify(given).length >= RECORD_MIN_CHARS) expect(Object.isFrozen(given)).toBe(true);
            if (Object.isFrozen(given)) valuesRecalled++;
          }
          if (made.name !== 'get_qualified_agent_ids_by_case_count') return;
          calls++;
          const counts = (made.args as { agent_handled_cases: object }).agent_handled_cases;
          if (JSON.stringify(counts).length >= RECORD_MIN_CHARS && Object.isFrozen(counts)) recalled++;
          else expect(JSON.stringify(counts).length).toBeLessThan(RECORD_MIN_CHARS);
        });
      }
      expect(calls, format).toBeGreaterThan(3);
      expect(recalled, format).toBeGreaterThan(0);
      expect(valuesRecalled, format).toBeGreaterThan(values / 2);
    }
  });
});
