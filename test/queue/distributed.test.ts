import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../fixtures/memory-io.js';
import { testRedis } from '../fixtures/redis.js';
import { cliArgv } from '../setup/built-cli.js';

/**
 * Distributed collection against a real Redis with real BullMQ: workers are real `lamsim worker`
 * processes, killed with real signals.
 */
const redis = await testRedis(1);
if (!redis) console.warn('test/queue: skipped: LAMSIM_REDIS_URL is unset and redis-server is not on PATH (apt-get install redis-server)');

interface Spawned {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function spawnCli(args: readonly string[]): Spawned {
  const child = spawn(process.execPath, cliArgv(...args), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((done) => child.on('exit', (code, signal) => done({ code, signal, stdout, stderr })));
  return { child, exited };
}

const worker = (url: string, concurrency = 4): Spawned => spawnCli(['worker', '--queue', url, '--concurrency', String(concurrency), '--lock-ms', '1000']);

async function until(check: () => Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const read = (dir: string, file = 'trajectories.jsonl'): string => readFileSync(join(dir, file), 'utf8');
const settings = (dir: string): unknown => {
  const { runs: _runs, totals: _totals, ...rest } = JSON.parse(read(dir, 'collect.json')) as Record<string, unknown>;
  return rest;
};

describe.skipIf(!redis)('collect --queue: BullMQ workers on a real Redis', () => {
  const url = redis?.url ?? '';
  let client: Redis;
  const running: Spawned[] = [];
  beforeAll(() => {
    client = new Redis(url);
  });
  afterAll(async () => {
    for (const s of running) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    client?.disconnect();
    await redis?.stop();
  });

  it('two workers plus a SIGKILLed third give the single-process file record for record; a duplicate enqueue adds nothing', async () => {
    const plan = ['--env', 'ToolBench-v0', '--env', 'CRMArena-v0', '--policy', 'noisy', '--episodes', '20', '--seed', '11', '--noise', 'answer=0.3'];
    const reference = tempDir();
    const single = await runCli(['collect', ...plan, '--concurrency', '1', '--out', reference]);
    expect(single.code, single.stderr).toBe(0);

    const enqueue = await runCli(['collect', '--queue', url, '--run', 'kill-test', ...plan]);
    expect(enqueue.code, enqueue.stderr).toBe(0);
    expect(enqueue.stdout).toContain('run kill-test: 40 episode(s) in the queue');
    expect(enqueue.stdout).toContain('(40 new)');
    const jobs = async (): Promise<number> => (await client.keys('lamsim:collect:kill-test/*')).filter((k) => k.split(':').length === 3).length;
    expect(await jobs()).toBe(40);
    const again = await runCli(['collect', '--queue', url, '--run', 'kill-test', ...plan]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('(0 new)');
    expect(await jobs()).toBe(40);

    // the victim starts alone, is frozen while it holds jobs, then killed: its jobs stay locked until the lock expires
    const victim = worker(url);
    running.push(victim);
    await until(async () => (await client.hlen('lamsim:run:kill-test:records')) > 0, 'the victim to store a record');
    victim.child.kill('SIGSTOP');
    const held = await client.zcard('lamsim:collect:active').catch(() => 0);
    const active = await client.llen('lamsim:collect:active');
    expect(active + held).toBeGreaterThan(0);
    victim.child.kill('SIGKILL');
    expect((await victim.exited).signal).toBe('SIGKILL');

    const survivors = [worker(url), worker(url)];
    running.push(...survivors);
    const gathered = tempDir();
    const gather = await runCli(['collect', '--queue', url, '--gather', '--run', 'kill-test', '--out', gathered]);
    expect(gather.code, gather.stderr).toBe(0);
    expect(read(gathered)).toBe(read(reference));
    expect(settings(gathered)).toEqual(settings(reference));

    // the killed worker's jobs were recovered as stalled and retried by the others
    const stalled = (await Promise.all((await client.keys('lamsim:collect:kill-test/*')).filter((k) => k.split(':').length === 3).map((k) => client.hget(k, 'stc')))).filter((v) => Number(v ?? 0) > 0);
    expect(stalled.length).toBeGreaterThan(0);
    expect(await client.hlen('lamsim:run:kill-test:records')).toBe(40);

    // jobs whose record was stored just before the kill complete once their stall is noticed
    type Status = { runs: { run: string; records: number; envs: { env: string; done: number; failed: number; waiting: number; active: number; retrying: number }[] }[] };
    let run: Status['runs'][number] | undefined;
    await until(async () => {
      const status = await runCli(['queue', 'status', '--queue', url, '--run', 'kill-test']);
      expect(status.code, status.stderr).toBe(0);
      run = (JSON.parse(status.stdout) as Status).runs[0];
      return run!.envs.reduce((n, e) => n + e.done, 0) === 40;
    }, 'every job to complete', 30_000);
    expect(run!.records).toBe(40);
    expect(run!.envs.map((e) => [e.env, e.done, e.failed, e.waiting, e.active])).toEqual([
      ['CRMArena-v0', 20, 0, 0, 0],
      ['ToolBench-v0', 20, 0, 0, 0],
    ]);

    for (const s of survivors) s.child.kill('SIGTERM');
    const ends = await Promise.all(survivors.map((s) => s.exited));
    for (const end of ends) expect(end.code, end.stderr).toBe(0);
    const played = ends.map((e) => Number(/(\d+) episode\(s\) played/.exec(e.stdout)?.[1] ?? NaN));
    expect(played.every((n) => n >= 0)).toBe(true);

    const drop = await runCli(['queue', 'drop', '--queue', url, '--run', 'kill-test']);
    expect(drop.code, drop.stderr).toBe(0);
    expect(drop.stdout).toContain('dropped run kill-test: 40 job(s) removed');
    expect(await jobs()).toBe(0);
    expect(await client.keys('lamsim:run:kill-test:*')).toEqual([]);
  }, 120_000);

  it('--until-kept across workers ends at the K-th kept record, as a --concurrency 1 run does', async () => {
    const plan = ['--env', 'ToolBench-v0', '--env', 'CRMArena-v0', '--policy', 'noisy', '--noise', 'answer=0.5', '--seed', '4', '--until-kept', '10'];
    const reference = tempDir();
    const single = await runCli(['collect', ...plan, '--concurrency', '1', '--out', reference]);
    expect(single.code, single.stderr).toBe(0);
    const workers = [worker(url, 2), worker(url, 2)];
    running.push(...workers);
    const gathered = tempDir();
    const run = await runCli(['collect', '--queue', url, ...plan, '--out', gathered]);
    expect(run.code, run.stderr).toBe(0);
    expect(read(gathered)).toBe(read(reference));
    expect(settings(gathered)).toEqual(settings(reference));
    const kept = (JSON.parse(read(gathered, 'collect.json')) as { totals: { kept: number } }).totals.kept;
    expect(kept).toBe(10);
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
  }, 120_000);

  it('bad queue URLs and an unreachable Redis are one-line errors, quickly', async () => {
    const cases: [string[], RegExp][] = [
      [['queue', 'status', '--queue', 'http://127.0.0.1:6379'], /--queue must be redis:\/\/.*got the scheme "http:"/],
      [['queue', 'status', '--queue', 'not a url'], /--queue must be redis:\/\//],
      [['queue', 'status', '--queue', 'redis://127.0.0.1:6379/x'], /database after the port must be a number/],
      [['queue', 'status', '--queue', 'redis://127.0.0.1:1', '--redis-timeout-ms', '1000'], /cannot reach Redis at redis:\/\/127\.0\.0\.1:1/],
      [['worker', '--queue', 'redis://127.0.0.1:1', '--redis-timeout-ms', '1000'], /cannot reach Redis/],
      [['collect', '--queue', 'redis://u:secret@127.0.0.1:1', '--env', 'toolbench', '--episodes', '5', '--redis-timeout-ms', '1000'], /cannot reach Redis at redis:\/\/u:\*\*\*@127\.0\.0\.1:1/],
      [['collect', '--queue', url, '--gather', '--out', tempDir()], /needs --run ID/],
      [['collect', '--queue', url, '--gather', '--run', 'no-such-run', '--out', tempDir()], /no run "no-such-run"/],
      [['collect', '--queue', url, '--env', 'toolbench', '--episodes', '5', '--concurrency', '3'], /give it to each `lamsim worker`/],
      [['collect', '--env', 'toolbench', '--run', 'x', '--out', tempDir()], /--run applies with --queue only/],
    ];
    for (const [argv, message] of cases) {
      const started = Date.now();
      const result = await runCli(argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr, argv.join(' ')).toMatch(message);
      expect(result.stderr.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(result.stderr).not.toContain('secret');
      expect(Date.now() - started).toBeLessThan(10_000);
    }
  }, 120_000);
});
