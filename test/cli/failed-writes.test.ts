import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../fixtures/memory-io.js';
import { builtCli } from '../setup/built-cli.js';

const exec = promisify(execFile);
const cliEnv = { LAMSIM_NODE: process.execPath, LAMSIM_MAIN: builtCli };
const defineCli = 'lamsim() { "$LAMSIM_NODE" "$LAMSIM_MAIN" "$@"; }; ';

/** Runs the real CLI through bash (so `ulimit` applies), in `cwd`; never rejects. */
async function shell(script: string, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec('bash', ['-c', defineCli + script], { cwd, timeout: 120_000, env: { ...process.env, ...cliEnv } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string; killed?: boolean };
    if (e.killed) throw new Error(`timed out: ${script}`);
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** One line on stderr naming the command and the file, a non-zero exit, and no temporary file left. */
function expectOneLineFailure(run: { code: number; stderr: string }, command: string, pattern: RegExp, dir: string): void {
  expect(run.code, `${command}: ${run.stderr}`).not.toBe(0);
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^lamsim ${command}: `));
  expect(lines[0]).toMatch(pattern);
  expect(readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.tmp'))).toEqual([]);
}

describe('failed writes of the CLI', () => {
  let dir: string;
  let input: string;
  beforeAll(async () => {
    dir = tempDir();
    const made = await runCli(['collect', '--env', 'ToolBench-v0', '--policy', 'oracle', '--episodes', '30', '--seed', '1', '--out', join(dir, 'collected')]);
    expect(made.code, made.stderr).toBe(0);
    input = join(dir, 'collected', 'trajectories.jsonl');
  });

  it('a file-size limit (EFBIG) is a one-line error and a non-zero exit for every writing command', async () => {
    const cases: [string, string][] = [
      ['generate', 'generate --env ToolBench-v0 --seed 1 --count 40 --out gen.jsonl'],
      ['world', 'world --env ToolBench-v0 --seed 1 --out world.json'],
      ['export', `export ${input} --format trl-sft --out sft.jsonl`],
      ['filter', `filter ${input} --out kept.jsonl`],
      ['render', `render ${input} --html page.html`],
      ['collect', 'collect --env ToolBench-v0 --policy oracle --episodes 40 --seed 2 --out col'],
      ['run', 'run --episodes 2 --out runout'],
    ];
    for (const [command, args] of cases) {
      const work = join(dir, `efbig-${command}`);
      mkdirSync(work);
      const run = await shell(`ulimit -f 1; lamsim ${args}`, work);
      expectOneLineFailure(run, command, /cannot write .*EFBIG/, work);
    }
    // Nothing was renamed into place either.
    expect(existsSync(join(dir, 'efbig-filter', 'kept.jsonl'))).toBe(false);
    expect(existsSync(join(dir, 'efbig-world', 'world.json'))).toBe(false);
  }, 600_000);

  it('targets the system refuses, a folder as --out, and --out equal to the input are one-line errors', async () => {
    const work = join(dir, 'targets');
    mkdirSync(join(work, 'folder'), { recursive: true });
    symlinkSync(input, join(work, 'link.jsonl'));
    const cases: [string, string, RegExp][] = [
      ['filter', `filter ${input} --out /proc/version`, /cannot write \/proc\/version/],
      ['export', `export ${input} --format trl-sft --out /proc/lamsim-test/out.jsonl`, /cannot create the folder \/proc\/lamsim-test/],
      ['world', 'world --env ToolBench-v0 --seed 1 --out folder', /folder is a folder, not a file/],
      ['filter', `filter ${input} --out ${input}`, /is also an input of this command/],
      ['filter', `filter link.jsonl --out ${input}`, /is also an input of this command/],
      ['filter', `filter ${input} --out kept.jsonl --rejected link.jsonl`, /is also an input of this command/],
      ['export', `export ${input} --format trl-sft --out link.jsonl`, /is also an input of this command/],
      ['render', `render ${input} --html link.jsonl`, /is also an input of this command/],
      ['eval', `eval --states 3 link.jsonl --policy oracle --out ${input}`, /is also an input of this command/],
      ['eval', `eval --compare base.json link.jsonl --out link.jsonl`, /is also an input of this command/],
      ['eval', 'eval --env ToolBench-v0 --episodes 2 --policy oracle --out folder', /folder is a folder, not a file/],
      ['stats', `stats ${input} > /dev/full`, /^lamsim: cannot write to standard output: ENOSPC/],
    ];
    const original = readFileSync(input, 'utf8');
    for (const [command, args, pattern] of cases) {
      const run = await shell(`lamsim ${args}`, work);
      if (command === 'stats') {
        expect(run.code).not.toBe(0);
        expect(run.stderr.trim()).toMatch(pattern);
        continue;
      }
      expectOneLineFailure(run, command, pattern, work);
    }
    expect(readFileSync(input, 'utf8')).toBe(original);
    writeFileSync(join(work, 'afile'), '');
    expectOneLineFailure(await shell('lamsim collect --env ToolBench-v0 --policy oracle --episodes 1 --seed 1 --out afile', work), 'collect', /afile is a file, not a folder/, work);
  }, 600_000);
});
