import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stableJson, ToolEnv } from '../../src/index.js';
import { LamsimClient, type RemoteSession } from '../../src/server/client.js';
import { workerOfPath } from '../../src/server/cluster.js';
import { kvEnvironment } from '../fixtures/kv-env.js';
import { kvPolicy } from './kv-server.js';

const plugin = resolve('test/fixtures/kv-plugin.ts');
const TOKEN = 'cluster-token-of-enough-length';

describe('lamsim serve --workers', () => {
  it('pins each session to one worker and serves it from any connection, with the same protocol and token', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--plugin', plugin, 'serve', '--port', '0', '--workers', '2', '--auth-token', TOKEN], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const clients: LamsimClient[] = [];
    try {
      await new Promise<void>((done, fail) => {
        const poll = setInterval(() => {
          if (stdout.includes('\n')) done(clearInterval(poll));
          if (child.exitCode !== null) fail(new Error(`serve exited: ${stderr}`));
        }, 20);
      });
      const line = JSON.parse(stdout.split('\n')[0]!) as { url: string; workers: number };
      expect(line.workers).toBe(2);
      // Each client holds its own connection; the cluster hands connections to workers in turn.
      for (let i = 0; i < 4; i++) clients.push(new LamsimClient(line.url, { maxSockets: 1, authToken: TOKEN }));
      expect((await clients[0]!.request('POST', '/v1/sessions', { env: 'KeyValue-v0' })).status).toBe(401);
      const sessions: { session: RemoteSession; seed: number }[] = [];
      for (let seed = 0; seed < 8; seed++) sessions.push({ session: (await clients[seed % 4]!.createSession({ env: 'KeyValue-v0', seed })).session, seed });
      const owners = new Set(sessions.map(({ session }) => workerOfPath(`/v1/sessions/${session.id}`)));
      expect(owners).toEqual(new Set([0, 1]));

      for (const [i, { session, seed }] of sessions.entries()) {
        const local = new ToolEnv(kvEnvironment);
        local.reset({ seed });
        // Step the session through every client in turn: half of these cross to the other worker.
        const via = (k: number) => clients[(i + k) % 4]!;
        for (let k = 0; k < 3; k++) {
          const action = k === 0 ? 'think first' : kvPolicy(local.observation());
          const reply = await via(k).request('POST', `/v1/sessions/${session.id}/step?transcript=full`, { action }, session.token);
          expect(reply.status, reply.text).toBe(200);
          expect(reply.text).toBe(stableJson(local.step(action)));
          if (JSON.parse(reply.text).terminated) break;
        }
        expect((await via(1).request('POST', `/v1/sessions/${session.id}/step`, { action: 'x' }, 'wrong-token')).status).toBe(403);
      }
      // A snapshot taken on one worker restores on the other (one signing key for the cluster).
      const [a, b] = [sessions.find(({ session }) => session.id[0] === 'A')!, sessions.find(({ session }) => session.id[0] === 'B')!];
      const snapshot = await a.session.snapshot();
      expect((await b.session.restore(snapshot)).restored).toBe(true);
      expect(b.session.observation.messages.length).toBeGreaterThan(2);
      expect(stableJson(b.session.observation.messages)).toBe(stableJson((snapshot.data as { messages: unknown }).messages));
      const forged = await clients[0]!.request('POST', `/v1/sessions/${'C'.repeat(22)}/step`, { action: 'x' }, 'token');
      expect(forged.status).toBe(404);
      for (const { session } of sessions) await session.close();

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toMatch(/SIGTERM: stopping 2 workers/);
      expect(stderr).toMatch(/worker 0: SIGTERM/);
      expect(stderr).toMatch(/worker 1: SIGTERM/);
    } finally {
      for (const client of clients) client.destroy();
      child.kill('SIGKILL');
    }
  });
});
