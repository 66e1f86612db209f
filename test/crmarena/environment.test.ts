import { describe, expect, it } from 'vitest';
import { DefinitionError, ToolEnv } from '../../src/index.js';
import { checkEnv } from '../../src/testing/index.js';
import { createCrmArenaEnvironment, crmarenaEnvironment, DEFAULT_TASK_PARTITION, DEFAULT_TOOL_PARTITION, FLEX_TOOL_NAMES } from '../../envs/crmarena/index.js';

const env = crmarenaEnvironment;
const call = (name: string, args: unknown) => ({ role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name, arguments: typeof args === 'string' ? args : JSON.stringify(args) } }] });

describe('CRMArena-v0', () => {
  it('passes checkEnv on its default split and on the held-out split', () => {
    expect(checkEnv(new ToolEnv(env)).every((r) => r.ok)).toBe(true);
    expect(checkEnv(new ToolEnv(env, { split: 'held-out' }), { hostileActions: 100 }).every((r) => r.ok)).toBe(true);
  });

  it('accepts OpenAI tool calls first, then the ReAct tag format and the generic text formats', () => {
    const tenv = new ToolEnv(env);
    expect(tenv.spec.id).toBe('CRMArena-v0');
    expect(tenv.spec.actionFormats).toEqual(['openai', 'react-tags', 'xlam', 'react']);
    expect(tenv.spec.maxSteps).toBe(20);
    expect(tenv.spec.defaultSplit).toBe('explore');
  });

  it('splits tasks and tools as the paper: 4 explored tasks with 15 tools, the rest held out with the other 10', () => {
    expect(DEFAULT_TOOL_PARTITION.explore).toHaveLength(15);
    expect(DEFAULT_TOOL_PARTITION.heldOut).toHaveLength(10);
    expect(new Set([...DEFAULT_TOOL_PARTITION.explore, ...DEFAULT_TOOL_PARTITION.heldOut]).size).toBe(25);
    expect(DEFAULT_TASK_PARTITION).toEqual({ explore: ['NCR', 'HTU', 'MTA', 'BRI'], heldOut: ['TCU', 'TII', 'NED', 'PVI', 'KQA'] });
    const explore = env.split('explore');
    expect(new Set(explore.templates.map((t) => t.domain))).toEqual(new Set(['NCR', 'HTU', 'MTA', 'BRI']));
    expect([...explore.tools].sort()).toEqual([...DEFAULT_TOOL_PARTITION.explore, 'respond'].sort());
    const heldOut = env.split('held-out');
    expect(new Set(heldOut.templates.map((t) => t.domain))).toEqual(new Set(['TCU', 'TII', 'NED', 'PVI', 'KQA']));
    expect(heldOut.tools.size).toBe(25);
    for (const name of FLEX_TOOL_NAMES) {
      expect(explore.tools.has(name)).toBe(false);
      expect(env.split('explore-flex').tools.has(name)).toBe(true);
    }
    const heldOutOnly = new Set(DEFAULT_TOOL_PARTITION.heldOut.filter((n) => n !== 'respond'));
    const usedHeldOut = new Set<string>();
    for (let seed = 0; seed < 60; seed++) {
      const a = env.generate({ template: explore.templates[seed % explore.templates.length]!.id, seed, split: 'explore' });
      expect(a.tools.filter((n) => heldOutOnly.has(n) || FLEX_TOOL_NAMES.includes(n))).toEqual([]);
      const b = env.generate({ template: heldOut.templates[seed % heldOut.templates.length]!.id, seed, split: 'held-out' });
      for (const n of b.tools) if (heldOutOnly.has(n)) usedHeldOut.add(n);
    }
    expect(usedHeldOut.size).toBeGreaterThanOrEqual(6);
  });

  it('builds splits from a configurable partition, and refuses one that leaves a task unsolvable', () => {
    const moved = createCrmArenaEnvironment({
      tools: { explore: [...DEFAULT_TOOL_PARTITION.explore, 'get_issue_counts'], heldOut: DEFAULT_TOOL_PARTITION.heldOut.filter((n) => n !== 'get_issue_counts') },
      tasks: { explore: ['NCR', 'HTU', 'MTA', 'BRI', 'TII'], heldOut: ['TCU', 'NED', 'PVI', 'KQA'] },
    });
    expect(moved.split('explore').templates.map((t) => t.id)).toContain('TII');
    expect(() => moved.generate({ template: 'TII', seed: 1, split: 'explore' })).not.toThrow();
    expect(() =>
      createCrmArenaEnvironment({ tools: { explore: DEFAULT_TOOL_PARTITION.explore.filter((n) => n !== 'get_period'), heldOut: [...DEFAULT_TOOL_PARTITION.heldOut, 'get_period'] } }),
    ).toThrow(DefinitionError);
    expect(() =>
      createCrmArenaEnvironment({ tools: { explore: DEFAULT_TOOL_PARTITION.explore.filter((n) => n !== 'get_period'), heldOut: [...DEFAULT_TOOL_PARTITION.heldOut, 'get_period'] } }),
    ).toThrow(/get_period/);
  });

  it('shows outputs as JSON, errors as a plain string, and names bad argument fields', () => {
    const tenv = new ToolEnv(env, { split: 'explore' });
    tenv.reset({ seed: 2, options: { template: 'BRI' } });
    const tools = tenv.instance!.tools;
    const offered = (name: string) => tools.includes(name);
    const dateTool = ['get_start_date', 'get_period'].find(offered)!;
    const ok = tenv.step(call(dateTool, dateTool === 'get_start_date' ? { end_date: '2024-03-31T00:00:00Z', period: 'month', interval_count: 1 } : { period_name: 'Q1', year: 2024 }));
    expect(ok.info.action.ok).toBe(true);
    const text = ok.observation.messages.at(-1)!.content as string;
    expect(dateTool === 'get_start_date' ? text : JSON.parse(text)).toEqual(dateTool === 'get_start_date' ? '2024-02-29T00:00:00Z' : { start_date: '2024-01-01T00:00:00Z', end_date: '2024-04-01T00:00:00Z' });
    const cases = tenv.step(call('get_cases', {}));
    expect(cases.info.action.errorClass).toBe('execution');
    expect(cases.observation.messages.at(-1)!.content).toMatch(/^Error: give at least one filter/);
    const typed = tenv.step(call('get_cases', { agent_ids: 'not-a-list', start_date: 5 }));
    expect(typed.info.action.errorClass).toBe('arguments');
    expect(typed.info.action.message).toMatch(/agent_ids/);
    expect(typed.info.action.message).toMatch(/start_date/);
    expect(typed.observation.messages.at(-1)!.content).toMatch(/^Error: /);
    const unknown = tenv.step(call('get_cases', { owner_ids: ['x'] }));
    expect(unknown.info.action.message).toMatch(/owner_ids/);
  });

  it('sizes its org through zod-checked world options', () => {
    const small = new ToolEnv(env, { worldSeed: 4, world: { agents: 20, accounts: 150, cases: 600, years: 2, today: '2024-09-15' } });
    expect(small.world.tables.User).toHaveLength(20);
    expect(small.world.today).toBe('2024-09-15');
    const { observation } = small.reset({ seed: 0, options: { template: 'HTU.shortest' } });
    expect(observation.messages[0]!.content).toContain('2024-09-15');
    expect(() => new ToolEnv(env, { world: { agents: 'many' } })).toThrow();
    expect(() => new ToolEnv(env, { split: 'nope' })).toThrow(/no split "nope"/);
  });
});
