import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../fixtures/memory-io.js';
import { cliArgv } from '../setup/built-cli.js';

const EPISODES = 3000;
const args = (out: string) => ['collect', '--env', 'ToolBench-v0', '--policy', 'oracle', '--episodes', String(EPISODES), '--seed', '3', '--concurrency', '4', '--out', out];
const lines = (path: string): string[] => readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');

/** Runs the real CLI in a child process and sends it `signals` SIGINTs once `path` holds some records. */
function interruptMidRun(argv: string[], path: string, signals: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, cliArgv(...argv), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const poll = setInterval(() => {
      if (existsSync(path) && statSync(path).size > 20_000) {
        clearInterval(poll);
        for (let i = 0; i < signals; i++) child.kill('SIGINT');
      }
    }, 5);
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      done({ code, signal, stderr });
    });
  });
}

describe('Ctrl-C during collect with a scripted policy', () => {
  it('stops starting episodes, exits 130 saying how to resume, and --resume ends with the records of an uninterrupted run', async () => {
    const whole = tempDir();
    const reference = await runCli(args(whole));
    expect(reference.code, reference.stderr).toBe(0);
    const expected = lines(join(whole, 'trajectories.jsonl'));
    expect(expected).toHaveLength(EPISODES);

    const stopped = tempDir();
    const file = join(stopped, 'trajectories.jsonl');
    const run = await interruptMidRun(args(stopped), file, 1);
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toContain('lamsim collect: interrupted, resume with --resume');
    const before = lines(file);
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(EPISODES);
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);

    const resumed = await runCli([...args(stopped), '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const got = lines(file);
    expect(new Set(got).size).toBe(got.length);
    expect([...got].sort()).toEqual([...expected].sort());
  }, 240_000);

  it('a second Ctrl-C exits at once, leaving a file --resume can finish', async () => {
    const stopped = tempDir();
    const file = join(stopped, 'trajectories.jsonl');
    const run = await interruptMidRun(args(stopped), file, 2);
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toContain('interrupted, resume with --resume');
    expect(lines(file).length).toBeLessThan(EPISODES);
    const resumed = await runCli([...args(stopped), '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(lines(file)).toHaveLength(EPISODES);
  }, 240_000);
});
