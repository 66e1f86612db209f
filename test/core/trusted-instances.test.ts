import { describe, expect, it } from 'vitest';
import { encodeAction } from '../../src/actions/encode.js';
import { stableJson, type JsonValue } from '../../src/core/json.js';
import { EnvUsageError } from '../../src/core/env.js';
import type { Environment } from '../../src/core/environment.js';
import { ToolEnv } from '../../src/core/tool-env.js';
import { oraclePlan } from '../../src/rollout/oracle.js';
import { QueryInstanceSchema, type QueryInstance } from '../../src/tasks/instance.js';
import { isTrustedInstance } from '../../src/core/trusted-instances.js';
import { crmarenaEnvironment } from '../../envs/crmarena/index.js';
import { toolbenchEnvironment } from '../../envs/toolbench/index.js';
import { kvEnvironment } from '../fixtures/kv-env.js';

/** Reset with the instance, then the oracle's episode; every result as stable JSON. */
function play(env: ToolEnv, instance: QueryInstance, environment: Environment): string[] {
  const out = [stableJson(env.reset({ seed: instance.seed, options: { instance } }) as unknown as JsonValue)];
  oraclePlan(environment, env.instance!).forEach((call, i) => {
    out.push(stableJson(env.step(encodeAction('openai', [{ name: call.tool, arguments: call.arguments }], i + 1)) as unknown as JsonValue));
  });
  // The snapshot, but for the count of episodes this env has played (and the signature over it).
  const { episodes: _episodes, signature: _signature, ...snapshot } = env.snapshot().data as Record<string, JsonValue>;
  out.push(stableJson(snapshot));
  return out;
}

const copy = (instance: QueryInstance): QueryInstance => JSON.parse(JSON.stringify(instance)) as QueryInstance;

describe('reset with a given instance', () => {
  it('a drawn instance is this process\'s once handed out, through env.instance or a snapshot; a given one never is', () => {
    const env = new ToolEnv(kvEnvironment, { actionFormat: 'openai' });
    for (let seed = 0; seed < 6; seed++) {
      env.reset({ seed });
      const viaSnapshot = (env.snapshot().data as { instance: QueryInstance }).instance;
      env.reset({ seed, options: { instance: viaSnapshot } });
      expect(isTrustedInstance(viaSnapshot)).toBe(true);
      env.reset({ seed: seed + 100 });
      // a reset that fails leaves the episode, and its instance still to be handed out, as they were
      expect(() => env.reset({ seed, options: { split: 42 } })).toThrow(EnvUsageError);
      const viaGetter = env.instance!;
      expect(env.instance).toBe(viaGetter);
      env.reset({ seed, options: { instance: viaGetter } });
      expect(isTrustedInstance(viaGetter)).toBe(true);
      // a copy from a file: its parse, read back through env.instance and given again, is parsed again
      env.reset({ seed, options: { instance: copy(viaGetter) } });
      const parsed = env.instance!;
      env.reset({ seed, options: { instance: parsed } });
      expect(isTrustedInstance(parsed)).toBe(false);
      expect(Object.isFrozen(parsed)).toBe(false);
    }
  });

  for (const environment of [crmarenaEnvironment, toolbenchEnvironment, kvEnvironment as Environment]) {
    it(`${environment.id}: a generated instance replayed again (trusted, unparsed) plays exactly as a copy of it from a file`, () => {
      const env = new ToolEnv(environment, { actionFormat: 'openai' });
      let trusted = 0;
      for (let seed = 0; seed < 12; seed++) {
        env.reset({ seed });
        const instance = env.instance!;
        const fromFile = copy(instance);
        const first = play(env, instance, environment);
        const again = play(env, instance, environment);
        expect(again).toEqual(first);
        expect(play(env, fromFile, environment)).toEqual(first);
        expect(Object.isFrozen(fromFile)).toBe(false);
        if (Object.isFrozen(instance)) {
          trusted++;
          expect(Object.isFrozen(instance.solution.calls)).toBe(true);
          expect(() => (instance as { query: string }).query = 'changed').toThrow(TypeError);
        }
      }
      expect(trusted).toBe(12);
    });

    it(`${environment.id}: every instance drawn in every split is trusted on replay and replays as its parse, key order included`, () => {
      const env = new ToolEnv(environment, { actionFormat: 'openai' });
      const fresh = new ToolEnv(environment, { actionFormat: 'openai' });
      let outOfOrder = 0;
      for (const split of env.spec.splits) {
        for (let seed = 0; seed < (environment === crmarenaEnvironment ? 12 : 40); seed++) {
          env.reset({ seed, options: { split } });
          const instance = env.instance!;
          const parse = JSON.stringify(QueryInstanceSchema.parse(copy(instance)));
          if (JSON.stringify(instance) !== parse) outOfOrder++;
          const first = JSON.stringify(env.reset({ seed, options: { instance } }));
          expect(isTrustedInstance(instance)).toBe(true);
          expect(JSON.stringify(env.instance)).toBe(parse);
          const again = JSON.stringify(env.reset({ seed, options: { instance } }));
          expect(JSON.stringify(env.instance)).toBe(parse);
          expect(Object.isFrozen(env.instance)).toBe(true);
          expect(again).toBe(first);
          expect(JSON.stringify(fresh.reset({ seed, options: { instance: copy(instance) } }))).toBe(first);
          // What a trusted replay hands out is trusted too, and replays the same.
          const replayed = env.instance!;
          expect(isTrustedInstance(replayed)).toBe(true);
          expect(JSON.stringify(env.reset({ seed, options: { instance: replayed } }))).toBe(first);
        }
      }
      // ToolBench's generator writes `rivals` after `params` and `context`, out of the schema's order.
      if (environment === toolbenchEnvironment) expect(outOfOrder).toBeGreaterThan(0);
    });
  }

  it('parses a generated instance changed before it comes back, as it parses any instance', () => {
    const env = new ToolEnv(crmarenaEnvironment, { actionFormat: 'openai' });
    env.reset({ seed: 4 });
    const changed = env.instance! as { query: string; tools: unknown; extra?: number };
    changed.query = 'What now?';
    changed.extra = 1;
    const expected = play(new ToolEnv(crmarenaEnvironment, { actionFormat: 'openai' }), copy(changed as unknown as QueryInstance), crmarenaEnvironment);
    expect(play(env, changed as unknown as QueryInstance, crmarenaEnvironment)).toEqual(expected);
    // Not exactly its parse (an extra key, which zod drops): never trusted, never frozen.
    expect(Object.isFrozen(changed)).toBe(false);
    expect(play(env, changed as unknown as QueryInstance, crmarenaEnvironment)).toEqual(expected);

    env.reset({ seed: 5 });
    const broken = env.instance! as { tools: unknown };
    broken.tools = 5;
    expect(() => env.reset({ options: { instance: broken } })).toThrow(EnvUsageError);
    expect(Object.isFrozen(broken)).toBe(false);
  });

  it('reads the other options of a reset with a trusted instance as before', () => {
    const env = new ToolEnv(crmarenaEnvironment);
    env.reset({ seed: 6 });
    const instance = env.instance!;
    env.reset({ options: { instance } });
    expect(Object.isFrozen(instance)).toBe(true);
    expect(() => env.reset({ options: { instance, nonsense: 1 } })).toThrow(/invalid reset options: .*nonsense/);
    expect(() => env.reset({ options: { instance, actionFormat: 'smoke-signals' } })).toThrow(EnvUsageError);
    const r = env.reset({ options: { instance, actionFormat: 'xlam' } });
    expect(env.actionFormat).toBe('xlam');
    expect(r.info.instance.id).toBe(instance.id);
  });
});
