import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toolbenchEnvironment } from '../../envs/index.js';
import { readStepFields, type StepFields } from '../../benchmarks/harness/step-reply.js';
import { encodeAction } from '../../src/actions/encode.js';
import { stableJson, ToolEnv } from '../../src/index.js';
import { oraclePlan } from '../../src/rollout/oracle.js';

/** The fields as JSON.parse of the whole reply gives them. */
function parsedFields(text: string): StepFields {
  const reply = JSON.parse(text) as { info?: { step?: unknown; answer?: { correct?: unknown } }; terminated: boolean; truncated: boolean };
  const step = reply.info?.step;
  const correct = reply.info?.answer?.correct;
  return { step: typeof step === 'number' ? step : undefined, correct: typeof correct === 'boolean' ? correct : undefined, terminated: reply.terminated, truncated: reply.truncated };
}

const noisy = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('"', '\\', '\\"', '{"step":99}', '}', '"step":7,', '\\\\"'), fc.jsonValue({ maxDepth: 3 }));

describe('readStepFields (the load generator\'s reading of a step reply)', () => {
  it('reads what JSON.parse reads from any well-formed reply, however its strings and other fields look', () => {
    const reply = fc.record({
      info: fc.record({ action: fc.dictionary(fc.string(), noisy), step: fc.nat({ max: 10 ** 6 }), answer: fc.option(fc.record({ correct: fc.boolean(), detail: noisy }), { nil: undefined }), tallies: noisy }, { requiredKeys: ['action', 'step'] }),
      observation: fc.record({ from: fc.nat(), messages: fc.array(fc.dictionary(fc.string(), noisy), { maxLength: 3 }) }),
      reward: fc.double({ noNaN: true, noDefaultInfinity: true }),
      terminated: fc.boolean(),
      truncated: fc.boolean(),
    });
    fc.assert(
      fc.property(reply, fc.boolean(), (value, stable) => {
        const text = stable ? stableJson(value) : JSON.stringify(value, null, 1);
        expect(readStepFields(Buffer.from(text))).toEqual(parsedFields(text));
      }),
      { numRuns: 1_000 },
    );
  });

  it('never reads fields JSON.parse would not give: anything else is undefined (the caller then parses the whole reply)', () => {
    const text = fc.oneof(fc.json({ maxDepth: 4 }), fc.string({ unit: 'binary' }), fc.json({ maxDepth: 4 }).map((t) => t.slice(0, -1)), fc.constantFrom('{"terminated":true}', '{"info":{"step":1},"terminated":1,"truncated":false}', '{"info":{"step":1.5},"terminated":true,"truncated":false}', '{"terminated":true,"truncated":false} x', '{"info":{"step":"3"},"terminated":false,"truncated":false}', '{"x":tru,"terminated":true,"truncated":false}', '{"x":01,"terminated":true,"truncated":false}'));
    fc.assert(
      fc.property(text, (candidate) => {
        const read = readStepFields(Buffer.from(candidate));
        if (read === undefined) return;
        const parsed = parsedFields(candidate);
        expect(read.terminated).toBe(parsed.terminated);
        expect(read.truncated).toBe(parsed.truncated);
        // a step the reader cannot give exactly it leaves undefined (counted as a lost step)
        if (read.step !== undefined) expect(read.step).toBe(parsed.step);
        if (read.correct !== undefined) expect(read.correct).toBe(parsed.correct);
      }),
      { numRuns: 2_000 },
    );
    expect(readStepFields(Buffer.from('{"info":{"step":"3"},"terminated":false,"truncated":false}'))?.step).toBeUndefined();
    expect(readStepFields(Buffer.from('{"terminated":true,"truncated":false} x'))).toBeUndefined();
  });

  it('reads real ToolBench step replies as JSON.parse does', () => {
    for (const seed of [2, 31, 977]) {
      const env = new ToolEnv(toolbenchEnvironment, { split: 'train' });
      env.reset({ seed });
      for (const [i, call] of oraclePlan(toolbenchEnvironment, toolbenchEnvironment.draw({ seed, split: 'train' })).entries()) {
        const text = stableJson(env.step(encodeAction('openai', [{ name: call.tool, arguments: call.arguments }], i + 1)));
        expect(readStepFields(Buffer.from(text))).toEqual(parsedFields(text));
      }
    }
  });
});
