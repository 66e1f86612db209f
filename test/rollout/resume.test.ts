import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../fixtures/memory-io.js';

const plugin = resolve('test/fixtures/kv-plugin.ts');
const EPISODES = 900;
const args = (out: string) => [
  'collect', '--env', 'keyvalue', '--split', 'train', '--split', 'test', '--policy', 'noisy', '--episodes', String(EPISODES),
  '--seed', '5', '--samples-per-step', '2', '--attempts', '2', '--concurrency', '4', '--out', out,
];

const lines = (path: string): string[] => readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');

/** Starts the CLI in a child process and SIGKILLs it once `path` has grown past `bytes`. */
function killMidRun(argv: string[], path: string, bytes: number): Promise<{ killed: boolean }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--plugin', plugin, ...argv], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const poll = setInterval(() => {
      if (existsSync(path) && statSync(path).size > bytes) {
        clearInterval(poll);
        child.kill('SIGKILL');
      }
    }, 2);
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      if (signal === 'SIGKILL') done({ killed: true });
      else if (code === 0) done({ killed: false });
      else fail(new Error(`child exited with ${code}: ${stderr}`));
    });
  });
}

describe('collect --resume after SIGKILL', () => {
  it('ends with exactly the records of an uninterrupted run, none lost or repeated', async () => {
    const whole = tempDir();
    const reference = await runCli(['--plugin', plugin, ...args(whole)]);
    expect(reference.code, reference.stderr).toBe(0);
    const expected = lines(join(whole, 'trajectories.jsonl'));
    expect(expected).toHaveLength(2 * EPISODES);

    const broken = tempDir();
    const file = join(broken, 'trajectories.jsonl');
    const { killed } = await killMidRun(args(broken), file, 40_000);
    expect(killed).toBe(true);
    const before = lines(file).length;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(2 * EPISODES);
    // whatever the kill left, also leave a write cut short
    appendFileSync(file, expected[0]!.slice(0, 100));

    const resumed = await runCli(['--plugin', plugin, ...args(broken), '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/were already there; cut a torn last line of \d+ bytes/);
    const got = lines(file);
    expect(new Set(got).size).toBe(got.length);
    expect([...got].sort()).toEqual([...expected].sort());

    const again = await runCli(['--plugin', plugin, ...args(broken), '--resume']);
    expect(again.stdout).toMatch(/^wrote 0 trajectories/);
    expect(lines(file)).toEqual(got);
  });
});
