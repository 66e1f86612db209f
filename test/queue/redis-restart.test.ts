import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../fixtures/memory-io.js';
import { redisServerAvailable, startRedis, type RedisServer } from '../fixtures/redis.js';
import { cliArgv } from '../setup/built-cli.js';

/** A Redis of its own (persistent, so a restart keeps the queue), killed with SIGKILL and started again on the same port. */
const available = redisServerAvailable();
if (!available && process.env['CI'] === 'true') throw new Error('CI: the Redis restart test needs redis-server on PATH (see .ci/setup.d/40-redis.sh)');
if (!available) console.warn('test/queue: the Redis restart test is skipped: redis-server is not on PATH (apt-get install redis-server)');

function spawnCli(args: readonly string[]): { child: ChildProcess; exited: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, cliArgv(...args), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return { child, exited: new Promise((done) => child.on('exit', (code) => done({ code, stdout, stderr }))) };
}

describe.skipIf(!available)('a Redis restart in the middle of a queued run', () => {
  let server: RedisServer | null = null;
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await server?.stop();
  });

  it('the waiting gather fails with a clear error, the worker reconnects, and the same gather command then finishes with the single-process file', async () => {
    server = await startRedis({ persist: true });
    const url = server.url;
    const plan = ['--env', 'ToolBench-v0', '--policy', 'noisy', '--episodes', '50', '--seed', '21'];
    const reference = tempDir();
    const single = await runCli(['collect', ...plan, '--concurrency', '1', '--out', reference]);
    expect(single.code, single.stderr).toBe(0);
    const enqueue = await runCli(['collect', '--queue', url, '--run', 'restart', ...plan]);
    expect(enqueue.code, enqueue.stderr).toBe(0);

    const out = tempDir();
    const gatherArgs = ['collect', '--queue', url, '--gather', '--run', 'restart', '--out', out];
    const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
    probe.on('error', () => {});
    await probe.connect();
    const clients = async () => String(await probe.client('LIST')).trim().split('\n').length;
    const alone = await clients();
    const waiting = spawnCli([...gatherArgs, '--redis-timeout-ms', '300']);
    children.push(waiting.child);
    // The gather must be connected and waiting before Redis goes away: one that never reached it fails at the start, with another message.
    const deadline = Date.now() + 60_000;
    while ((await clients()) <= alone) {
      if (Date.now() > deadline) throw new Error('the gather did not connect within 60 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    const worker = spawnCli(['worker', '--queue', url, '--concurrency', '2', '--lock-ms', '1000']);
    children.push(worker.child);
    while ((await probe.hlen('lamsim:run:restart:records')) === 0) {
      if (Date.now() > deadline) throw new Error('no record stored within 60 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    probe.disconnect();
    await server.kill();

    const failed = await waiting.exited;
    expect(failed.code, failed.stderr).toBe(2);
    const lines = failed.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^lamsim collect: Redis at redis:\/\/127\.0\.0\.1:\d+\/? did not answer for \d+ s.*rerun the same command to carry on$/);

    await server.restart();
    const resumed = await runCli(gatherArgs);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readFileSync(join(out, 'trajectories.jsonl'), 'utf8')).toBe(readFileSync(join(reference, 'trajectories.jsonl'), 'utf8'));

    worker.child.kill('SIGTERM');
    const stopped = await worker.exited;
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stderr).toContain('lost Redis');
    expect(stopped.stderr).toContain('Redis is back');
  }, 120_000);
});
