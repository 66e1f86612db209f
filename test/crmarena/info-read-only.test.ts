import { describe, expect, it } from 'vitest';
import { encodeAction } from '../../src/actions/encode.js';
import { stableJson, type JsonValue } from '../../src/core/json.js';
import { ToolEnv } from '../../src/core/tool-env.js';
import { RecordEpisodes, TimeLimit, type RecordedEpisode } from '../../src/core/wrappers.js';
import type { StepResult } from '../../src/core/env.js';
import { oraclePlan } from '../../src/rollout/oracle.js';
import { crmarenaEnvironment } from '../../envs/crmarena/index.js';

/** A frozen record inside a call's arguments (a case list recalled from an earlier output), or null. */
function frozenRecordIn(result: StepResult): object | null {
  for (const call of result.info.action.calls) {
    const args = call.args as Record<string, unknown> | null;
    for (const value of Object.values(args ?? {})) {
      if (Array.isArray(value) && typeof value[0] === 'object' && value[0] !== null && Object.isFrozen(value[0])) return value[0] as object;
    }
  }
  return null;
}

/** Plays the oracle's episodes on seeds from 0 until one passes a recalled case list, in the given format. */
function episodeWithRecall(env: ToolEnv | RecordEpisodes, format: string): { seed: number; steps: StepResult[] } {
  for (let seed = 0; seed < 60; seed++) {
    env.reset({ seed, options: { actionFormat: format } });
    const instance = (env instanceof ToolEnv ? env : (env.env as TimeLimit).env as ToolEnv).instance!;
    const steps = oraclePlan(crmarenaEnvironment, instance).map((call, i) =>
      env.step(encodeAction(format, [{ name: call.tool, arguments: call.arguments }], i + 1, undefined, crmarenaEnvironment.definition.parsers)),
    );
    if (steps.some((s) => frozenRecordIn(s) !== null)) return { seed, steps };
  }
  throw new Error(`no episode in ${format} passed a recalled case list`);
}

describe('CRMArena step results are read-only', () => {
  for (const format of ['openai', 'xlam', 'react']) {
    it(`(${format}) info may hold frozen shared records: writing throws, a structuredClone is plain and equal, and nothing leaks into later episodes`, () => {
      const env = new ToolEnv(crmarenaEnvironment, { actionFormat: format });
      const { seed, steps } = episodeWithRecall(env, format);
      const step = steps.find((s) => frozenRecordIn(s) !== null)!;
      const record = frozenRecordIn(step)! as Record<string, unknown>;
      expect(() => {
        record['Id'] = 'changed';
      }).toThrow(TypeError);
      const copy = structuredClone(step.info);
      expect(copy).toEqual(step.info);
      expect(stableJson(copy as unknown as JsonValue)).toBe(stableJson(step.info as unknown as JsonValue));
      const copied = frozenRecordIn({ ...step, info: copy })!;
      expect(copied).toBeNull();
      const copiedArgs = copy.action.calls.flatMap((c) => Object.values((c.args ?? {}) as Record<string, unknown>)).find((v) => Array.isArray(v) && typeof v[0] === 'object') as Record<string, unknown>[];
      copiedArgs[0]!['Id'] = 'changed';
      // The same episode again gives the same results: the copy's change reached nothing the env keeps.
      env.reset({ seed, options: { actionFormat: format } });
      const again = oraclePlan(crmarenaEnvironment, env.instance!).map((call, i) =>
        env.step(encodeAction(format, [{ name: call.tool, arguments: call.arguments }], i + 1, undefined, crmarenaEnvironment.definition.parsers)),
      );
      expect(again.map((s) => stableJson(s as unknown as JsonValue))).toEqual(steps.map((s) => stableJson(s as unknown as JsonValue)));
    });
  }

  it('passes through the wrappers and a snapshot as plain data', () => {
    const recorded: RecordedEpisode[] = [];
    const env = new RecordEpisodes(new TimeLimit(new ToolEnv(crmarenaEnvironment), 20), (e) => recorded.push(e));
    const { steps } = episodeWithRecall(env, 'openai');
    expect(recorded.at(-1)!.steps).toEqual(steps);
    const snapshot = env.snapshot();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });
});
