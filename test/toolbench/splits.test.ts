import { describe, expect, it } from 'vitest';
import { ToolEnv, type Tool } from '../../src/index.js';
import { HELD_OUT_DOMAINS, HELD_OUT_PROVIDERS, isHeldOutTemplate, isHeldOutTool, SPLIT_NAMES } from '../../envs/toolbench/index.js';
import { env, tools } from './helpers.js';

const byName = new Map(tools.map((t) => [t.name, t]));
const heldOutTools = new Set(tools.filter(isHeldOutTool).map((t) => t.name));
const heldOutProviderTools = tools.filter((t) => t.provider !== undefined && HELD_OUT_PROVIDERS.includes(t.provider));
const heldOutDomainTools = new Set(tools.filter((t) => t.domain !== undefined && (HELD_OUT_DOMAINS as readonly string[]).includes(t.domain)).map((t) => t.name));
const heldOutCapabilities = new Set(heldOutProviderTools.map((t) => t.capability!));
const SEEDS = 600;

function draw(split: string, seed: number) {
  const toolEnv = new ToolEnv(env, { split });
  const { info } = toolEnv.reset({ seed, options: { split } });
  return { instance: toolEnv.instance!, info };
}

describe('ToolBench splits (ToolEval generalisation levels)', () => {
  it('holds out whole providers that are alternates of seen capabilities, and whole categories', () => {
    expect(HELD_OUT_PROVIDERS.length).toBeGreaterThanOrEqual(8);
    expect(HELD_OUT_DOMAINS.length).toBeGreaterThanOrEqual(2);
    for (const tool of heldOutProviderTools) {
      expect(tool.capability, tool.name).toBeDefined();
      expect(tool.adapt, `${tool.name} must be an alternate`).toBeDefined();
      const canonical = env.registry.providers(tool).find((p) => p.adapt === undefined)!;
      expect(isHeldOutTool(canonical), `${canonical.name} stays seen`).toBe(false);
    }
    for (const provider of HELD_OUT_PROVIDERS) expect(heldOutProviderTools.some((t) => t.provider === provider), provider).toBe(true);
  });

  it('every split has templates, and reset honours the split option', () => {
    for (const split of SPLIT_NAMES) {
      expect(env.split(split).templates.length, split).toBeGreaterThanOrEqual(split === 'unseen-category' ? 6 : 10);
      const { instance, info } = draw(split, 5);
      expect(instance.split).toBe(split);
      expect(info.instance.split).toBe(split);
      expect(env.split(split).templates.some((t) => t.id === instance.template)).toBe(true);
    }
    expect(() => new ToolEnv(env).reset({ options: { split: 'nope' } })).toThrow(/no split/);
  });

  it(`no held-out tool or template ever appears in a train instance (${SEEDS} seeds)`, () => {
    for (let seed = 0; seed < SEEDS; seed++) {
      const { instance } = draw('train', seed);
      const template = env.templates.get(instance.template)!;
      expect(isHeldOutTemplate(template), `${instance.id}`).toBe(false);
      const leaked = instance.tools.filter((t) => heldOutTools.has(t));
      expect(leaked, instance.id).toEqual([]);
    }
  });

  it('unseen-instruction draws only held-out templates of seen categories, with seen tools only', () => {
    for (let seed = 0; seed < SEEDS / 2; seed++) {
      const { instance } = draw('unseen-instruction', seed);
      const template = env.templates.get(instance.template)!;
      expect(template.split).toBe('unseen-instruction');
      expect(HELD_OUT_DOMAINS).not.toContain(template.domain);
      expect(instance.tools.filter((t) => heldOutTools.has(t)), instance.id).toEqual([]);
    }
  });

  it('unseen-tool offers the held-out providers in place of every other provider of their capabilities', () => {
    for (let seed = 0; seed < SEEDS / 2; seed++) {
      const { instance } = draw('unseen-tool', seed);
      const offered = instance.tools.map((t) => byName.get(t)!);
      expect(offered.some((t) => HELD_OUT_PROVIDERS.includes(t.provider ?? '')), instance.id).toBe(true);
      for (const tool of offered) {
        expect(heldOutDomainTools.has(tool.name), `${instance.id}: ${tool.name}`).toBe(false);
        if (tool.capability !== undefined && heldOutCapabilities.has(tool.capability)) expect(HELD_OUT_PROVIDERS, `${instance.id}: ${tool.name}`).toContain(tool.provider);
      }
      for (const call of instance.solution.calls) {
        const capability = byName.get(call.tool)!.capability;
        if (capability !== undefined && heldOutCapabilities.has(capability)) {
          expect(offered.some((t: Tool) => t.capability === capability && HELD_OUT_PROVIDERS.includes(t.provider ?? '')), `${instance.id}: ${capability}`).toBe(true);
        }
      }
    }
  });

  it('unseen-category draws only templates of held-out categories; their tools appear nowhere else', () => {
    for (let seed = 0; seed < SEEDS / 2; seed++) {
      const { instance } = draw('unseen-category', seed);
      expect(HELD_OUT_DOMAINS).toContain(env.templates.get(instance.template)!.domain);
      for (const name of ['train', 'unseen-instruction', 'unseen-tool']) {
        const other = draw(name, seed).instance;
        expect(other.tools.filter((t) => heldOutDomainTools.has(t)), other.id).toEqual([]);
      }
    }
  });
});
