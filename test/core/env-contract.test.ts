import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REWARDS,
  EnvUsageError,
  make,
  oraclePlan,
  RecordEpisodes,
  register,
  stableJson,
  TimeLimit,
  ToolEnv,
  TransformReward,
  VectorEnv,
  withActionFormat,
  type JsonValue,
  type RecordedEpisode,
} from '../../src/index.js';
import { kvEnvironment } from '../fixtures/kv-env.js';

const callOf = (tool: string, args: unknown, id = 'c') => ({ role: 'assistant', content: null, tool_calls: [{ id, type: 'function', function: { name: tool, arguments: JSON.stringify(args) } }] });

function oracleActions(env: ToolEnv): unknown[] {
  return oraclePlan(env.environment, env.instance!).map((c, i) => callOf(c.tool, c.arguments, `c${i}`));
}

describe('Env contract', () => {
  it('misuse throws EnvUsageError; agent input never does', () => {
    const env = new ToolEnv(kvEnvironment);
    expect(() => env.step({})).toThrow(EnvUsageError);
    env.reset({ seed: 1 });
    for (const a of oracleActions(env)) env.step(a);
    expect(() => env.step({})).toThrow(/finished episode/);
    expect(() => env.reset({ options: { split: 'nope' } })).toThrow(/no split "nope"/);
    expect(() => env.reset({ options: { colour: 1 } })).toThrow(/invalid reset options/);
    expect(() => new ToolEnv(kvEnvironment, { maxSteps: -1 })).toThrow(/invalid options for KeyValue-v0: maxSteps/);
  });

  it('same seed and actions give byte-identical results; seeds differ', () => {
    const run = (seed: number) => {
      const env = new ToolEnv(kvEnvironment, { split: 'test' });
      const out = [stableJson(env.reset({ seed }))];
      for (const a of [...oracleActions(env).slice(0, 1), 'garbage', ...oracleActions(env).slice(1)]) out.push(stableJson(env.step(a)));
      return out.join('\n');
    };
    expect(run(11)).toBe(run(11));
    expect(run(11)).not.toBe(run(12));
  });

  it('reset without a seed follows the env seed sequence', () => {
    const a = new ToolEnv(kvEnvironment, { seed: 5 });
    const b = new ToolEnv(kvEnvironment, { seed: 5 });
    const ids = (env: ToolEnv) => [1, 2, 3].map(() => env.reset().info.instance.id);
    expect(ids(a)).toEqual(ids(b));
  });

  it('snapshot/restore is an exact mid-episode copy, including written state', () => {
    const env = new ToolEnv(kvEnvironment, { split: 'test' });
    env.reset({ seed: 4, options: { template: 'copy_sum' } });
    const actions = oracleActions(env);
    expect(actions).toHaveLength(5);
    for (const a of actions.slice(0, 4)) env.step(a); // includes the write
    const written = structuredClone(env.state);
    const snap = env.snapshot();
    const tail = stableJson(env.step(actions[4]));
    expect(JSON.parse(tail).info.answer.correct).toBe(true);
    for (let i = 0; i < 3; i++) {
      env.restore(snap);
      expect(env.state).toEqual(written);
      expect(stableJson(env.step(actions[4]))).toBe(tail);
    }
    // a snapshot taken before the write restores the state before it
    env.reset({ seed: 4, options: { template: 'copy_sum' } });
    for (const a of actions.slice(0, 3)) env.step(a);
    const before = JSON.parse(JSON.stringify(env.snapshot()));
    env.step(actions[3]);
    env.restore(before);
    expect(env.state).toEqual({ written: {} });
    expect(() => env.restore({ env: 'Other-v0', data: null })).toThrow(EnvUsageError);
    expect(() => env.restore({ env: 'KeyValue-v0', data: { instance: 1 } })).toThrow(/not a snapshot/);
    // a forged copy that keeps the instance but breaks the rest is refused before it can break step()
    for (const forge of [{ messages: 'nope' }, { tallies: {} }, { step: -1 }, { formats: [] }]) {
      const forged = { ...(JSON.parse(JSON.stringify(snap.data)) as object), ...forge } as unknown as JsonValue;
      expect(() => env.restore({ env: 'KeyValue-v0', data: forged })).toThrow(/not a snapshot/);
    }
  });

  it('rewards: documented defaults, overridable per env and per reset', () => {
    expect(DEFAULT_REWARDS).toEqual({ success: 1, failure: 0, giveUp: 0, truncation: 0, actionPass: 0, stepCost: 0, penalties: { structure: -0.1, toolname: -0.1, arguments: -0.1, execution: -0.05, injectedFault: 0, redundantQuestion: -0.1, unneededQuestion: -0.1, prematureAnswer: -0.1 } });
    const env = new ToolEnv(kvEnvironment, { rewards: { actionPass: 0.1, penalties: { structure: -1 } } });
    env.reset({ seed: 2, options: { rewards: { stepCost: -0.01 } } });
    expect(env.step('garbage').reward).toBeCloseTo(-1.01);
    const [read, finish] = oracleActions(env);
    expect(env.step(read).reward).toBeCloseTo(0.09);
    const last = env.step(finish);
    expect(last.reward).toBeCloseTo(0.99); // actionPass is never paid on the terminal tool
    expect(last.info.tallies).toEqual({ steps: 3, passed: 2, errors: { structure: 1, toolname: 0, arguments: 0, execution: 0 }, return: expect.closeTo(0.07, 6) });
  });

  it('a wrong or missing state change fails the task even with the right number', () => {
    const env = new ToolEnv(kvEnvironment, { split: 'test' });
    env.reset({ seed: 9, options: { template: 'copy_sum' } });
    const actions = oracleActions(env);
    for (const a of actions.slice(0, 3)) env.step(a);
    const r = env.step(actions[4]); // answers without writing
    expect(r.terminated).toBe(true);
    expect(r.info.answer).toMatchObject({ correct: false });
    expect(r.info.answer!.detail).toMatch(/final state is wrong/);
    expect(r.reward).toBe(0);
  });

  it('truncates at the step limit', () => {
    const env = new ToolEnv(kvEnvironment, { maxSteps: 3, rewards: { truncation: -0.5, penalties: { structure: 0 } } });
    env.reset({ seed: 1 });
    expect(env.step('x').truncated).toBe(false);
    expect(env.step('x').truncated).toBe(false);
    const r = env.step('x');
    expect([r.truncated, r.terminated, r.reward]).toEqual([true, false, -0.5]);
  });

  it('fault injection is off by default and deterministic per (seed, step) when on', () => {
    const env = new ToolEnv(kvEnvironment);
    for (let seed = 0; seed < 40; seed++) {
      env.reset({ seed });
      expect(env.step(oracleActions(env)[0]).info.action.ok).toBe(true);
    }
    const faulty = new ToolEnv(kvEnvironment, { faults: { rate: 0.5 } });
    const kinds = (seed: number) => {
      faulty.reset({ seed });
      const read = oracleActions(faulty)[0];
      return Array.from({ length: 6 }, () => faulty.step(read).info.action.calls[0]!.fault);
    };
    const all = Array.from({ length: 30 }, (_, s) => kinds(s));
    expect(all).toEqual(Array.from({ length: 30 }, (_, s) => kinds(s)));
    const flat = all.flat();
    expect(flat.filter((k) => k === null).length).toBeGreaterThan(40);
    expect(new Set(flat.filter((k) => k !== null))).toEqual(new Set(['rate_limit', 'timeout', 'server_error', 'malformed_response']));
    faulty.reset({ seed: 0, options: { faults: { rate: 1, kinds: { rate_limit: 1, timeout: 0, server_error: 0, malformed_response: 0 } } } });
    const r = faulty.step(oracleActions(faulty)[0]);
    expect(r.info.action).toMatchObject({ ok: false, errorClass: 'execution' });
    expect(r.info.action.calls[0]!.fault).toBe('rate_limit');
    expect(r.reward).toBe(0);
    // per-tool rates leave other tools alone
    faulty.reset({ seed: 0, options: { faults: { rate: 0, tools: { sum_values: 1 } } } });
    expect(faulty.step(oracleActions(faulty)[0]).info.action.ok).toBe(true);
  });

  it('renders as text, stable JSON and a page', () => {
    const env = new ToolEnv(kvEnvironment);
    env.reset({ seed: 1 });
    env.step(oracleActions(env)[0]);
    expect(env.render('ansi')).toContain('[assistant] -> ');
    expect(JSON.parse(env.render('json')).step).toBe(1);
    expect(env.render('html')).toMatch(/^<!doctype html>/);
    expect(env.render('html')).not.toContain('<script');
  });
});

describe('registry, wrappers and vector env', () => {
  register(kvEnvironment);

  it('make resolves versioned ids and short names', () => {
    expect(make('KeyValue-v0').spec.id).toBe('KeyValue-v0');
    expect(make('KeyValue').spec.id).toBe('KeyValue-v0');
    expect(() => make('Nope-v0')).toThrow(/unknown environment "Nope-v0"/);
  });

  it('TimeLimit, TransformReward and RecordEpisodes change one thing each', () => {
    const episodes: RecordedEpisode[] = [];
    const env = new RecordEpisodes(new TransformReward(new TimeLimit(make('KeyValue-v0'), 2), (r) => r * 10), (e) => episodes.push(e));
    expect(env.spec.maxSteps).toBe(2);
    env.reset({ seed: 1 });
    expect(env.step('bad').reward).toBeCloseTo(-1);
    const r = env.step('bad');
    expect(r.truncated).toBe(true);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]!.actions).toEqual(['bad', 'bad']);
  });

  it('withActionFormat restricts the formats an episode reads', () => {
    const env = withActionFormat(make('KeyValue-v0'), 'react');
    env.reset({ seed: 1 });
    const r = env.step(JSON.stringify({ tool_calls: [{ name: 'get_value', arguments: {} }] }));
    expect(r.info.action.errorClass).toBe('structure');
    expect(r.info.action.format).toBe('react');
  });

  it('VectorEnv steps several envs and auto-resets finished ones reproducibly', () => {
    const run = () => {
      const vec = new VectorEnv([0, 1, 2].map(() => () => new ToolEnv(kvEnvironment, { maxSteps: 2 })));
      const ids = vec.reset({ seed: 3 }).map((r) => r.info.instance.id);
      const step1 = vec.step(['x', 'x', 'x']);
      const step2 = vec.step(['x', 'x', 'x']);
      expect(step1.resets.every((r) => r === null)).toBe(true);
      expect(step2.results.every((r) => r.truncated)).toBe(true);
      return [ids, step2.resets.map((r) => r!.info.instance.id)];
    };
    expect(run()).toEqual(run());
  });
});
