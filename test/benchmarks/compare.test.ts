import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseCompareArgs, parseFormatsArgs } from '../../benchmarks/harness/compare-args.js';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');

function gitWorks(): boolean {
  try {
    execFileSync('git', ['rev-parse', '--verify', 'HEAD'], { cwd: repo, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const worktrees = () => execFileSync('git', ['worktree', 'list', '--porcelain'], { cwd: repo, encoding: 'utf8' });

describe('benchmarks/compare.ts arguments', () => {
  it('takes the documented flags, with defaults', () => {
    expect(parseCompareArgs(['--base', 'main'])).toEqual({ base: 'main', env: 'ToolBench-v0', format: null, episodes: 1500, rounds: 6, cycle: false, headFirst: false, json: false, help: false });
    expect(parseCompareArgs(['--base=abc123', '--env', 'CRMArena-v0', '--format=xlam', '--episodes', '40', '--rounds=3', '--cycle', '--head-first', '--json'])).toEqual({
      base: 'abc123', env: 'CRMArena-v0', format: 'xlam', episodes: 40, rounds: 3, cycle: true, headFirst: true, json: true, help: false,
    });
  });

  it('names what is wrong in one line', () => {
    expect(() => parseCompareArgs([])).toThrow('--base REV is required');
    expect(() => parseCompareArgs(['--base', 'x', '--rounds', '0'])).toThrow('--rounds must be an integer >= 1, got "0"');
    expect(() => parseCompareArgs(['--base', 'x', '--episodes', '2.5'])).toThrow('--episodes must be an integer >= 1');
    expect(() => parseCompareArgs(['--base'])).toThrow('--base needs a value');
    expect(() => parseCompareArgs(['--base', 'x', '--fast'])).toThrow('unknown argument "--fast"');
  });
});

describe('benchmarks/compare-formats.ts', () => {
  it('takes the documented flags, with defaults, and names a wrong one', () => {
    expect(parseFormatsArgs([])).toEqual({ env: 'CRMArena-v0', formats: [], episodes: 800, rounds: 9, cycle: false, json: false, help: false });
    expect(parseFormatsArgs(['--env=ToolBench-v0', '--formats', 'xlam, react', '--episodes', '5', '--rounds', '2', '--json'])).toMatchObject({ env: 'ToolBench-v0', formats: ['xlam', 'react'], episodes: 5, rounds: 2, json: true });
    expect(() => parseFormatsArgs(['--rounds', '-1'])).toThrow('--rounds must be an integer >= 1, got "-1"');
    expect(() => parseFormatsArgs(['--base', 'x'])).toThrow('unknown argument "--base"');
  });

  it('steps every accepted format alternately and reports each one, or names a format the env refuses', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'benchmarks/compare-formats.ts', '--env', 'KeyValue-v0', '--episodes', '30', '--rounds', '2', '--json'], { cwd: repo });
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ env: 'KeyValue-v0', timed: 'step', rounds: 2 });
    expect(report.formats.map((f: { format: string }) => f.format)).toEqual(['openai', 'xlam', 'react']);
    for (const row of report.formats) {
      expect(row.passes).toHaveLength(2);
      expect(row.us).toBeGreaterThan(0);
      // us is rounded to 0.01 in the report, the rate is not
      expect(Math.abs(row.stepsPerSecond - 1e6 / row.us) / row.stepsPerSecond).toBeLessThan(0.01);
    }
    expect(report.box).toHaveLength(2);
    const failed = await run(process.execPath, ['--import', 'tsx', 'benchmarks/compare-formats.ts', '--env', 'KeyValue-v0', '--formats', 'openai,klingon'], { cwd: repo }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr.trim()).toBe('compare-formats: KeyValue-v0 in this tree does not accept format klingon (accepted: openai, xlam, react)');
  }, 120_000);
});

describe.skipIf(!gitWorks())('benchmarks/compare.ts against a revision (needs git; skipped when the checkout has none)', () => {
  it('steps the same episodes in both trees, reports both medians and their ratio, and removes its worktree', async () => {
    const before = worktrees();
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'benchmarks/compare.ts', '--base', 'HEAD', '--env', 'KeyValue-v0', '--format', 'xlam', '--episodes', '30', '--rounds', '2', '--head-first', '--json'], { cwd: repo });
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ env: 'KeyValue-v0', format: 'xlam', timed: 'step', loadedFirst: 'head', episodes: 30, rounds: 2, samePlan: true });
    expect(report.base.sha).toBe(execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim());
    for (const side of [report.base, report.head]) {
      expect(side.passes).toHaveLength(2);
      expect(side.us).toBeGreaterThan(0);
    }
    expect(report.ratio).toBeCloseTo(report.head.us / report.base.us, 1);
    expect(report.box).toHaveLength(2);
    expect(worktrees()).toBe(before);
  }, 120_000);

  it("removes a killed run's worktree on the next run, and leaves a running one's alone", async () => {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
    const planted = (owner: string) => {
      const parent = mkdtempSync(path.join(os.tmpdir(), 'lamsim-compare-'));
      const root = path.join(parent, 'planted');
      git('worktree', 'add', '--detach', '--quiet', root, 'HEAD');
      writeFileSync(path.join(parent, 'owner.pid'), owner);
      return { parent, root };
    };
    // a pid no process has (above the kernel's default pid_max) and this test's own, alive
    const orphan = planted('4194304');
    const kept = planted(String(process.pid));
    try {
      await run(process.execPath, ['--import', 'tsx', 'benchmarks/compare.ts', '--base', 'HEAD', '--env', 'KeyValue-v0', '--episodes', '10', '--rounds', '1', '--json'], { cwd: repo });
      expect(existsSync(orphan.parent)).toBe(false);
      expect(worktrees()).not.toContain(orphan.root);
      expect(worktrees()).toContain(kept.root);
    } finally {
      for (const { parent, root } of [orphan, kept]) {
        if (worktrees().includes(root)) git('worktree', 'remove', '--force', root);
        rmSync(parent, { recursive: true, force: true });
      }
    }
  }, 120_000);

  it('refuses a revision that does not exist, in one line, leaving no worktree', async () => {
    const before = worktrees();
    const failed = await run(process.execPath, ['--import', 'tsx', 'benchmarks/compare.ts', '--base', 'no-such-revision-here'], { cwd: repo }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr.trim()).toBe('compare: --base no-such-revision-here is not a commit of this repository');
    expect(worktrees()).toBe(before);
  }, 60_000);
});
