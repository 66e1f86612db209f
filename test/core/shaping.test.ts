import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EnvUsageError, oraclePlan, ToolEnv, type RewardConfigInput } from '../../src/index.js';
import { kvEnvironment } from '../fixtures/kv-env.js';

const callOf = (tool: string, args: unknown, id: string) => ({ role: 'assistant', content: null, tool_calls: [{ id, type: 'function', function: { name: tool, arguments: JSON.stringify(args) } }] });

/** Every reward config the README documents: each term within its allowed range. */
const rewardConfig: fc.Arbitrary<RewardConfigInput> = fc
  .record({
    success: fc.double({ min: 0.1, max: 10, noNaN: true }),
    actionPass: fc.double({ min: 0, max: 2, noNaN: true }),
    stepCost: fc.double({ min: -0.5, max: 0, noNaN: true }),
    failure: fc.double({ min: -2, max: 0, noNaN: true }),
    giveUp: fc.double({ min: -2, max: 0, noNaN: true }),
    truncation: fc.double({ min: -2, max: 0, noNaN: true }),
    penalty: fc.double({ min: -1, max: 0, noNaN: true }),
  })
  .map(({ penalty, ...r }) => ({ ...r, penalties: { structure: penalty, toolname: penalty, arguments: penalty, execution: penalty / 2 } }));

type Padding = { kind: 'repeat' | 'other-key' | 'garbage' | 'unknown-tool'; at: number };
const padding: fc.Arbitrary<Padding> = fc.record({ kind: fc.constantFrom('repeat', 'other-key', 'garbage', 'unknown-tool'), at: fc.nat() });

/** The oracle's actions with padding inserted, optionally never finishing (stalling to truncation). */
function play(env: ToolEnv, seed: number, pads: readonly Padding[], stall: boolean): number {
  env.reset({ seed, options: { split: 'test' } });
  const plan = oraclePlan(env.environment, env.instance!).map((c, i) => callOf(c.tool, c.arguments, `o${i}`));
  const finish = plan.pop()!;
  const keys = (env.world as { keys: string[] }).keys;
  const reads = env.instance!.tools.filter((t) => t === 'get_value' || t === 'lookup_value');
  const actions: unknown[] = [...plan];
  pads.forEach((p, i) => {
    const read = reads[i % Math.max(1, reads.length)] ?? 'get_value';
    const key = keys[(p.at + i) % keys.length]!;
    const pad =
      p.kind === 'repeat' ? (plan[p.at % Math.max(1, plan.length)] ?? 'x') :
      p.kind === 'other-key' ? callOf(read, read === 'get_value' ? { key } : { name: key }, `p${i}`) :
      p.kind === 'garbage' ? 'not an action' : callOf('no_such_tool', {}, `p${i}`);
    actions.splice(p.at % (actions.length + 1), 0, pad);
  });
  if (!stall) actions.push(finish);
  let total = 0;
  for (const action of actions) {
    const r = env.step(action);
    total += r.reward;
    if (r.terminated || r.truncated) return total;
  }
  while (true) {
    const r = env.step(callOf(reads[0] ?? 'get_value', { key: keys[0] }, 'stall'));
    total += r.reward;
    if (r.terminated || r.truncated) return total;
  }
}

describe('shaping cannot be farmed', () => {
  it('under any documented reward config, padding, repeating or stalling never returns more than the oracle', () => {
    fc.assert(
      fc.property(rewardConfig, fc.integer({ min: 0, max: 5000 }), fc.array(padding, { maxLength: 8 }), fc.boolean(), (rewards, seed, pads, stall) => {
        const env = new ToolEnv(kvEnvironment, { rewards, maxSteps: 14 });
        const oracle = play(env, seed, [], false);
        const gamed = play(env, seed, pads, stall);
        expect(gamed).toBeLessThanOrEqual(oracle + 1e-9);
      }),
      { numRuns: 300 },
    );
  });

  it('actionPass pays once per distinct passing call, never on the terminal tool', () => {
    const env = new ToolEnv(kvEnvironment, { rewards: { actionPass: 0.25 } });
    env.reset({ seed: 4, options: { template: 'read_one' } });
    const [read, finish] = oraclePlan(env.environment, env.instance!).map((c, i) => callOf(c.tool, c.arguments, `c${i}`));
    expect(env.step(read).reward).toBe(0.25);
    expect(env.step(read).reward).toBe(0);
    const snap = JSON.parse(JSON.stringify(env.snapshot()));
    expect(env.step(finish).reward).toBe(1);
    env.restore(snap); // the paid calls survive a restore through JSON
    expect(env.step(read).reward).toBe(0);
  });

  it('refuses reward configs under which stalling, erring or giving up would pay', () => {
    for (const rewards of [{ stepCost: 0.01 }, { truncation: 2 }, { failure: 1.5 }, { giveUp: 3 }, { penalties: { structure: 0.1 } }]) {
      expect(() => new ToolEnv(kvEnvironment, { rewards })).toThrow(EnvUsageError);
      const env = new ToolEnv(kvEnvironment);
      expect(() => env.reset({ seed: 1, options: { rewards } })).toThrow(/invalid reward config/);
    }
  });
});
