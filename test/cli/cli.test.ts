import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QueryInstanceSchema, ToolEnv } from '../../src/index.js';
import { kvEnvironment } from '../fixtures/kv-env.js';
import { runCli, tempDir } from '../fixtures/memory-io.js';

const plugin = resolve('test/fixtures/kv-plugin.ts');
const kv = (...args: string[]) => runCli(['--plugin', plugin, ...args]);

describe('lamsim CLI', () => {
  it('prints help and lists commands', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const name of ['run', 'list', 'generate', 'world']) expect(run.stdout).toContain(name);
    const sub = await runCli(['generate', '--help']);
    expect(sub.stdout).toContain('--count');
  });

  it('lists environments and one environment as JSON', async () => {
    const all = await kv('list', '--json');
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout).map((e: { id: string }) => e.id)).toContain('KeyValue-v0');
    const one = JSON.parse((await kv('list', '--env', 'keyvalue', '--json')).stdout);
    expect(one.tools.map((t: { name: string }) => t.name)).toEqual(['get_value', 'lookup_value', 'set_value', 'sum_values', 'Finish']);
    expect(one.templates.map((t: { id: string }) => t.id)).toEqual(['read_one', 'copy_sum']);
    expect(one.splits.find((s: { name: string }) => s.name === 'test').templates).toEqual(['read_one', 'copy_sum']);
  });

  it('generates instances whose ground truth an episode with the same seed reproduces', async () => {
    const dir = tempDir();
    const run = await kv('generate', '--env', 'KeyValue-v0', '--seed', '7', '--count', '25', '--split', 'test', '--out', join(dir, 'inst.jsonl'));
    expect(run.code, run.stderr).toBe(0);
    const lines = readFileSync(join(dir, 'inst.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(25);
    const env = new ToolEnv(kvEnvironment, { split: 'test' });
    lines.forEach((line, i) => {
      const instance = QueryInstanceSchema.parse(JSON.parse(line));
      expect(instance.seed).toBe(7 + i);
      env.reset({ seed: 7 + i });
      expect(env.instance).toEqual(instance);
    });
  });

  it('writes the world as JSON', async () => {
    const dir = tempDir();
    const run = await kv('world', '--env', 'keyvalue', '--seed', '3', '--world', 'size=5', '--out', join(dir, 'w.json'));
    expect(run.code, run.stderr).toBe(0);
    const world = JSON.parse(readFileSync(join(dir, 'w.json'), 'utf8'));
    expect(world.keys).toHaveLength(5);
    expect(world).toEqual(JSON.parse(JSON.stringify(kvEnvironment.world(3, { size: 5 }))));
  });

  it('answers bad input with one line and a non-zero exit, writing nothing', async () => {
    const dir = tempDir();
    const out = join(dir, 'x.jsonl');
    const cases: [string[], RegExp][] = [
      [['generate', '--env', 'keyvalue', '--count', 'many', '--out', out], /--count must be an integer/],
      [['generate', '--env', 'nope', '--out', out], /unknown environment "nope"/],
      [['generate', '--env', 'keyvalue', '--split', 'dev', '--out', out], /--split "dev" is not a split/],
      [['generate', '--env', 'keyvalue', '--bogus', '1', '--out', out], /Unknown option '--bogus'/],
      [['generate', '--env', 'keyvalue'], /--out is required/],
      [['world', '--env', 'keyvalue', '--world', 'size=1', '--out', out], /invalid --world options: size/],
      [['frobnicate'], /unknown command "frobnicate"/],
    ];
    for (const [args, pattern] of cases) {
      const run = await kv(...args);
      expect(run.code, args.join(' ')).not.toBe(0);
      expect(run.stderr).toMatch(pattern);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(existsSync(out)).toBe(false);
  });
});
