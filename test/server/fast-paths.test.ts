import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crmarenaEnvironment, toolbenchEnvironment } from '../../envs/index.js';
import { encodeAction } from '../../src/actions/encode.js';
import { stableJson, ToolEnv, type Environment } from '../../src/index.js';
import { oraclePlan } from '../../src/rollout/oracle.js';
import { parseBody } from '../../src/server/body.js';
import { quickResetBody, quickStepBody, ResetBody, StepBody } from '../../src/server/protocol.js';
import { replyJson } from '../../src/server/reply-json.js';

/** What a function gives: its value, or the error it throws (by class and message). */
function outcome<T>(run: () => T): { value: T } | { error: string } {
  try {
    return { value: run() };
  } catch (error) {
    return { error: `${(error as Error).constructor.name}: ${(error as Error).message}` };
  }
}

describe('replyJson (the server\'s serialiser)', () => {
  it('gives stableJson\'s bytes, or its error, for any value', () => {
    const anything = fc.anything({ maxDepth: 5, withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withObjectString: true, withSparseArray: true, withTypedArray: true, withUnicodeString: true });
    const keyed = fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('0', '10', '2', '__proto__', '', 'a', 'B', 'é', '1a')), fc.jsonValue({ maxDepth: 3 }));
    fc.assert(
      fc.property(fc.oneof(anything, keyed, fc.jsonValue({ maxDepth: 6 })), (value) => {
        expect(outcome(() => replyJson(value))).toEqual(outcome(() => stableJson(value)));
      }),
      { numRuns: 2_000 },
    );
  });

  it('agrees on toJSON, non-finite numbers, undefined and functions, cycles and deep nesting', () => {
    const cyclic: Record<string, unknown> = { b: 1, a: [] };
    (cyclic['a'] as unknown[]).push(cyclic);
    let deep: unknown = { z: 1, y: 2 };
    for (let i = 0; i < 500; i++) deep = { v: deep, k: i };
    const cases: unknown[] = [
      { when: new Date(0), z: { toJSON: () => ({ y: 1, x: 2 }) } },
      { n: [NaN, Infinity, -0, 1e21, 5e-324], u: undefined, f: () => 1, s: Symbol('s'), list: [undefined, () => 1, Symbol('t')] },
      cyclic,
      deep,
      undefined,
      Object.assign(Object.create({ inherited: 1 }) as object, { own: 2 }),
      // long strings with escapes, repeated within one value
      ...[126, 127, 128, 129, 4_000].map((n) => {
        const long = `{"q":"\\"é\u2028${'x'.repeat(n)}`.slice(0, n);
        return { b: [long, long, { long }], a: long, c: `${long}!` };
      }),
    ];
    for (const value of cases) expect(outcome(() => replyJson(value))).toEqual(outcome(() => stableJson(value)));
  });

  it('gives stableJson\'s bytes for real step and reset replies (ToolBench and CRMArena, oracle plans, several seeds)', () => {
    checkReplies(toolbenchEnvironment, [1, 7, 23, 101, 4_242]);
    checkReplies(crmarenaEnvironment, [5, 606]);
  });
});

/** Plays each seed's oracle plan, comparing replyJson with stableJson on the reset, every step result and its reply delta. */
function checkReplies<W, S>(environment: Environment<W, S>, seeds: readonly number[]): void {
  const split = environment.definition.defaultSplit;
  for (const seed of seeds) {
    const env = new ToolEnv(environment, { split });
    const first = env.reset({ seed });
    expect(replyJson(first)).toBe(stableJson(first));
    let held = first.observation.messages.length;
    for (const [i, call] of oraclePlan(environment, environment.draw({ seed, split })).entries()) {
      const result = env.step(encodeAction('openai', [{ name: call.tool, arguments: call.arguments }], i + 1));
      const reply = { ...result, observation: { from: held, messages: result.observation.messages.slice(held) } };
      expect(replyJson(reply)).toBe(stableJson(reply));
      expect(replyJson(result)).toBe(stableJson(result));
      held = result.observation.messages.length;
      if (result.terminated || result.truncated) break;
    }
  }
}

describe('quick body parsers', () => {
  const nearStep = fc.record(
    { action: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined)), transcript: fc.oneof(fc.constantFrom('delta', 'full', 'all', '', null), fc.jsonValue({ maxDepth: 1 })), store: fc.boolean(), __proto__: fc.jsonValue({ maxDepth: 1 }) },
    { requiredKeys: [] },
  );
  const nearReset = fc.record(
    { seed: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(2 ** 53, -(2 ** 53) + 1, 2 ** 53 - 1, 1e300, ''), fc.string({ maxLength: 210 }), fc.jsonValue({ maxDepth: 1 })), options: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })), action: fc.jsonValue({ maxDepth: 1 }) },
    { requiredKeys: [] },
  );
  const body = (value: unknown) => fc.constantFrom(JSON.stringify(value), ` ${JSON.stringify(value)}\n`);
  const texts = fc.oneof(nearStep.chain(body), nearReset.chain(body), fc.json({ maxDepth: 3 }), fc.constantFrom('', ' ', '{', '{"action":1,"action":2}', '{"__proto__":{"action":1}}', '{"action":1,"__proto__":2}', 'null', '[]'));

  it('accept exactly what the schemas accept, giving the same values, and the same 400 otherwise', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(outcome(() => parseBody(text, StepBody, quickStepBody))).toEqual(outcome(() => parseBody(text, StepBody)));
        expect(outcome(() => parseBody(text, ResetBody, quickResetBody))).toEqual(outcome(() => parseBody(text, ResetBody)));
      }),
      { numRuns: 3_000 },
    );
  });
});
