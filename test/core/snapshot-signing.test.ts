import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configureSnapshotKey, oraclePlan, ToolEnv, type EnvSnapshot, type JsonValue } from '../../src/index.js';
import { kvEnvironment } from '../fixtures/kv-env.js';

const oracleActions = (env: ToolEnv): unknown[] =>
  oraclePlan(env.environment, env.instance!).map((c, i) => ({ role: 'assistant', content: null, tool_calls: [{ id: `c${i}`, type: 'function', function: { name: c.tool, arguments: JSON.stringify(c.arguments) } }] }));

function midEpisode(seed: number): { env: ToolEnv; snap: EnvSnapshot } {
  const env = new ToolEnv(kvEnvironment, { split: 'test' });
  env.reset({ seed });
  env.step(oracleActions(env)[0]);
  return { env, snap: env.snapshot() };
}

const viaJson = (snap: EnvSnapshot): EnvSnapshot => JSON.parse(JSON.stringify(snap)) as EnvSnapshot;

describe('snapshots from outside are verified', () => {
  it('a JSON copy restores; any change to return, tallies, ground truth, instance or state is refused with a clear error', () => {
    const tampers: ((d: Record<string, any>) => void)[] = [
      (d) => (d.tallies.return = 1000),
      (d) => (d.tallies.passed += 3),
      (d) => (d.instance.groundTruth = 'anything'),
      (d) => (d.instance.solution.answer = 'x'),
      (d) => (d.instance.query = `${d.instance.query} `),
      (d) => (d.rewards.success = 50),
      (d) => (d.step = 0),
      (d) => (d.state = { written: { k: 1 } }),
      (d) => (d.worldSeed = 3),
      (d) => delete d.signature,
      (d) => (d.signature = 'AAAA'),
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom(...tampers.keys()), (seed, which) => {
        const { env, snap } = midEpisode(seed);
        env.restore(viaJson(snap));
        const data = viaJson(snap).data as Record<string, any>;
        tampers[which]!(data);
        expect(() => env.restore({ env: snap.env, data: data as JsonValue })).toThrow(/not a snapshot of KeyValue-v0 to trust: (its signature does not match|it has no signature)/);
      }),
      { numRuns: 60 },
    );
  });

  it('in-process snapshots restore without signing; processes sharing a key accept each other\'s snapshots', () => {
    const { env, snap } = midEpisode(7);
    env.restore(snap);
    const signed = viaJson(snap);
    configureSnapshotKey('a key shared by every worker of a server');
    try {
      expect(() => env.restore(signed)).toThrow(/signature does not match/);
      const fresh = midEpisode(7).snap;
      const other = new ToolEnv(kvEnvironment);
      other.restore(viaJson(fresh));
      expect(other.instance!.id).toBe(env.instance!.id);
      expect(() => configureSnapshotKey('short')).toThrow(/at least 16 bytes/);
    } finally {
      configureSnapshotKey('another key, only for the rest of this file');
    }
  });
});
