import { execFile, spawn, spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ToolEnv } from '../../src/index.js';
import { LamsimClient } from '../../src/server/client.js';
import { kvEnvironment } from '../fixtures/kv-env.js';
import { runCli } from '../fixtures/memory-io.js';
import { kvServer } from './kv-server.js';

const plugin = resolve('test/fixtures/kv-plugin.ts');
const hasPython = spawnSync('python3', ['--version']).status === 0;
const execFileAsync = promisify(execFile);

function waitFor(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  return new Promise((done, fail) => {
    const poll = () => (check() ? done() : Date.now() > until ? fail(new Error(`timed out waiting for ${what}`)) : setTimeout(poll, 10));
    poll();
  });
}

describe('lamsim serve (command)', () => {
  it('rejects bad flags with one line and exit code 2', async () => {
    const port = await runCli(['serve', '--port', 'http']);
    expect([port.code, port.stderr.trim()]).toEqual([2, 'lamsim serve: --port must be an integer in [0, 65535], got "http"']);
    expect((await runCli(['serve', '--max-sessions', '0'])).stderr).toMatch(/--max-sessions must be an integer/);
    expect((await runCli(['serve', '--ttl', '5'])).stderr).toMatch(/--ttl/);
    const help = await runCli(['serve', '--help']);
    for (const flag of ['--host', '--port', '--session-ttl-ms', '--max-sessions', '--max-session-steps', '--max-body-bytes']) expect(help.stdout).toContain(flag);
  });

  it('says which address it cannot listen on', async () => {
    const kv = await kvServer();
    try {
      const taken = await runCli(['serve', '--port', String(kv.server.port)]);
      expect(taken.code).toBe(2);
      expect(taken.stderr).toMatch(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${kv.server.port}: .*EADDRINUSE`));
    } finally {
      await kv.stop();
    }
  });

  it('prints its URL as one JSON line, serves, and on SIGTERM finishes the request in flight before exiting 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--plugin', plugin, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      await waitFor(() => stdout.includes('\n'), 'the listening line', 90_000); // under the default --workers, every core's process loads first
      const line = JSON.parse(stdout.split('\n')[0]!) as { url: string; host: string; port: number; pid: number };
      expect(line.host).toBe('127.0.0.1');
      expect(line.url).toBe(`http://127.0.0.1:${line.port}`);
      expect(line.pid).toBe(child.pid);
      const client = new LamsimClient(line.url);
      const { session } = await client.createSession({ env: 'KeyValue-v0', seed: 2 });
      client.destroy();

      const body = Buffer.from(JSON.stringify({ action: 'mid-shutdown' }));
      let replyText = '';
      const inFlight = new Promise<number>((done, fail) => {
        const req = request(`${line.url}/v1/sessions/${session.id}/step`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: `Bearer ${session.token}` } }, (res) => {
          res.on('data', (chunk) => (replyText += chunk));
          res.on('end', () => done(res.statusCode ?? 0));
        });
        req.on('error', fail);
        req.write(body.subarray(0, 10));
        setTimeout(() => {
          child.kill('SIGTERM');
          waitFor(() => stderr.includes('SIGTERM'), 'the shutdown message').then(() => req.end(body.subarray(10)), fail);
        }, 50);
      });
      expect(await inFlight).toBe(200);
      expect(JSON.parse(replyText).info.step).toBe(1);
      expect(await exited).toBe(0);
      expect(stderr).toMatch(/SIGTERM: finishing requests in flight and closing 1 session\(s\)/);
      const refused = await new Promise<string>((done) => request(`${line.url}/v1/health`, () => done('answered')).on('error', (e: NodeJS.ErrnoException) => done(e.code ?? 'error')).end());
      expect(refused).toBe('ECONNREFUSED');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it.skipIf(!hasPython)('plays a whole episode from Python (urllib only) to terminated with reward 1', async () => {
    const env = new ToolEnv(kvEnvironment);
    const seeds = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const readsWith = (seed: number) => (env.reset({ seed }), env.instance!.tools.includes('get_value') ? 'get_value' : 'lookup_value');
    const picked = ['get_value', 'lookup_value'].map((tool) => seeds.find((seed) => readsWith(seed) === tool)!);
    expect(picked.every((seed) => seed !== undefined)).toBe(true);
    const kv = await kvServer();
    try {
      for (const seed of picked) {
        const { stdout } = await execFileAsync('python3', ['test/server/play_episode.py', kv.server.url, String(seed)], { timeout: 20_000 });
        expect(JSON.parse(stdout.trim())).toEqual({ terminated: true, truncated: false, reward: 1, correct: true, steps: 2 });
      }
      expect(kv.server.steps).toBe(4);
      expect(kv.server.sessions.size).toBe(0);
    } finally {
      await kv.stop();
    }
  });
});
