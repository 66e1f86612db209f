import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { inputJsonSchema, rngStream, ToolEnv } from '../../src/index.js';
import { checkArguments } from '../../src/actions/arguments.js';
import { collect } from '../../src/rollout/collector.js';
import { filterVerdict } from '../../src/rollout/filter.js';
import { NoisyOraclePolicy, type NoiseConfigInput } from '../../src/rollout/noisy-oracle.js';
import type { Policy } from '../../src/rollout/policy.js';
import { RandomPolicy } from '../../src/rollout/random-policy.js';
import { callArguments, TrajectoryRecordSchema, type TrajectoryRecord } from '../../src/rollout/record.js';
import { sampleJsonSchema } from '../../src/rollout/schema-sample.js';
import { kvEnvironment, kvTools } from '../fixtures/kv-env.js';

async function rollouts(policy: Policy, options: { episodes?: number; format?: string; split?: string; seed?: number } = {}): Promise<TrajectoryRecord[]> {
  const records: TrajectoryRecord[] = [];
  await collect({
    targets: [{ environment: kvEnvironment, split: options.split ?? 'test' }],
    episodes: options.episodes ?? 120,
    seed: options.seed ?? 11,
    policy,
    ...(options.format ? { actionFormat: options.format } : {}),
    onRecord: (line) => {
      records.push(TrajectoryRecordSchema.parse(JSON.parse(line)));
    },
  });
  return records;
}

const only = (kind: keyof NoiseConfigInput, fix = 1): NoiseConfigInput => ({ structure: 0, toolname: 0, arguments: 0, answer: 0, fix, [kind]: 1 });

function contextFor(seed: number, label: string) {
  const env = new ToolEnv(kvEnvironment, { split: 'test' });
  const { observation, info } = env.reset({ seed });
  return { observation, instance: env.instance!, environment: kvEnvironment, tallies: info.tallies, step: 0, format: env.actionFormat, rng: rngStream(seed, label) };
}

describe('noisy oracle', () => {
  it.each(['openai', 'xlam', 'react'])('makes each kind of action mistake as the error class it names (%s format)', async (format) => {
    for (const kind of ['structure', 'toolname', 'arguments'] as const) {
      const records = await rollouts(new NoisyOraclePolicy({ ...only(kind), fix: 1 }), { episodes: 30, format });
      for (const record of records) {
        expect(record.steps[0]!.errorClass, `${kind} ${record.instance.id}`).toBe(kind);
        // fix = 1: the very next action is the right one
        expect(record.steps[1]!.ok).toBe(true);
      }
    }
  });

  it('gives wrong final answers at rate 1 and otherwise plays the oracle', async () => {
    const records = await rollouts(new NoisyOraclePolicy(only('answer')), { episodes: 40 });
    for (const record of records) {
      expect(record.outcome.status).toBe('answered');
      expect(record.passed).toBe(false);
      expect(record.steps.every((s) => s.ok)).toBe(true);
      expect(filterVerdict(record).reasons.map((r) => r.code)).toEqual(['wrong-answer']);
    }
  });

  it('with no noise solves every episode without an error', async () => {
    const records = await rollouts(new NoisyOraclePolicy({ structure: 0, toolname: 0, arguments: 0, answer: 0 }), { episodes: 40 });
    expect(records.every((r) => r.passed && r.steps.every((s) => s.ok))).toBe(true);
  });

  it('errs near its configured rates and fixes most mistakes with the next action', async () => {
    const noise = { structure: 0.1, toolname: 0.1, arguments: 0.1, answer: 0.2, fix: 0.8 };
    const records = await rollouts(new NoisyOraclePolicy(noise), { episodes: 600 });
    let fresh = 0;
    const freshErrors = { structure: 0, toolname: 0, arguments: 0 } as Record<string, number>;
    let failures = 0;
    let fixed = 0;
    for (const r of records) {
      r.steps.forEach((step, i) => {
        const previousFailed = i > 0 && !r.steps[i - 1]!.ok;
        if (!previousFailed) {
          fresh++;
          if (!step.ok) freshErrors[step.errorClass!]!++;
        }
        if (!step.ok && i + 1 < r.steps.length) {
          failures++;
          if (r.steps[i + 1]!.ok) fixed++;
        }
      });
    }
    for (const cls of ['structure', 'toolname', 'arguments']) {
      const rate = freshErrors[cls]! / fresh;
      expect(rate, cls).toBeGreaterThan(0.06);
      expect(rate, cls).toBeLessThan(0.14);
    }
    expect(fixed / failures).toBeGreaterThan(0.7);
    expect(fixed / failures).toBeLessThan(0.9);
  });

  it("produces every case the filter and the pair builder handle", async () => {
    const records = await rollouts(new NoisyOraclePolicy({ structure: 0.15, toolname: 0.1, arguments: 0.15, answer: 0.2, fix: 0.6 }), { episodes: 300 });
    const cases = new Set<string>();
    for (const r of records) {
      const verdict = filterVerdict(r);
      if (verdict.keep) cases.add(r.steps.every((s) => s.ok) ? 'clean' : 'kept-with-fixed-errors');
      for (const reason of verdict.reasons) cases.add(reason.code);
      for (const s of r.steps) if (!s.ok) cases.add(s.errorClass!);
    }
    expect([...cases].sort()).toEqual(['arguments', 'clean', 'kept-with-fixed-errors', 'no-answer', 'structure', 'toolname', 'unfixed-error', 'wrong-answer'].sort());
  });

  it('draws only from the context stream: the same context gives the same candidates, another gives others', async () => {
    const policy = new NoisyOraclePolicy({ structure: 0.3, toolname: 0.3, arguments: 0.3, answer: 0.5 });
    const a = await policy.act(contextFor(5, 'x'), 6);
    const b = await new NoisyOraclePolicy({ structure: 0.3, toolname: 0.3, arguments: 0.3, answer: 0.5 }).act(contextFor(5, 'x'), 6);
    expect(b).toEqual(a);
    const others = await Promise.all(Array.from({ length: 8 }, (_, i) => policy.act(contextFor(5, `y${i}`), 6)));
    expect(others.some((o) => JSON.stringify(o) !== JSON.stringify(a))).toBe(true);
  });

  it('rejects rates that do not add up', () => {
    expect(() => new NoisyOraclePolicy({ structure: 0.5, toolname: 0.4, arguments: 0.3 })).toThrow(/at most 1/);
  });
});

describe('random policy', () => {
  it('calls offered tools with arguments mostly valid for their schema, deterministically', async () => {
    const records = await rollouts(new RandomPolicy(), { episodes: 80 });
    const again = await rollouts(new RandomPolicy(), { episodes: 80 });
    expect(again.map((r) => r.steps.map((s) => s.assistant))).toEqual(records.map((r) => r.steps.map((s) => s.assistant)));
    let calls = 0;
    let valid = 0;
    for (const r of records) {
      for (const step of r.steps) {
        for (const [i, call] of step.calls.entries()) {
          calls++;
          expect(r.instance.tools).toContain(call.name);
          const entry = kvEnvironment.registry.get(call.name)!;
          if (checkArguments(entry, callArguments(step, i)).ok) valid++;
        }
      }
    }
    expect(calls).toBeGreaterThan(200);
    expect(valid / calls).toBeGreaterThan(0.8);
    expect(records.some((r) => r.steps.some((s) => s.errorClass === 'execution'))).toBe(true);
  });
});

describe('JSON Schema sampling', () => {
  const shapes = [
    ...kvTools.map((t) => t.input),
    z.object({
      mode: z.enum(['fast', 'slow']),
      count: z.number().int().min(2).max(9),
      ratio: z.number().min(0).max(1).optional(),
      tags: z.array(z.string().min(2).max(5)).min(1).max(4),
      when: z.iso.date(),
      nested: z.object({ flag: z.boolean(), note: z.string().nullable() }),
      either: z.union([z.literal('x'), z.number().int().min(100).max(200)]),
    }),
  ];
  it('samples values that satisfy the schemas zod writes for tool inputs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 30 }), fc.constantFrom(...shapes.map((_, i) => i)), (seed, i) => {
        const schema = shapes[i]!;
        const json = inputJsonSchema({ name: 't', description: 't', input: schema, handler: () => null });
        const value = sampleJsonSchema(json, rngStream(seed, 'sample'), { vocabulary: ['alpha', 'key_1'] });
        expect(schema.safeParse(value).success, JSON.stringify(value)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
