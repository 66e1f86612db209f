import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stableJson, ToolEnv } from '../../src/index.js';
import { LamsimClient, ServerError, type RemoteSession } from '../../src/server/client.js';
import { workerOfSession } from '../../src/server/cluster.js';
import { kvEnvironment } from '../fixtures/kv-env.js';
import { kvPolicy } from './kv-server.js';

const plugin = resolve('test/fixtures/kv-plugin.ts');
const TOKEN = 'cluster-token-of-enough-length';

interface Served {
  readonly child: ChildProcess;
  readonly line: { url: string; workers: number; pid: number };
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

async function serve(args: string[]): Promise<Served> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--plugin', plugin, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  await waitFor(() => stdout.includes('\n') || child.exitCode !== null, 'the listening line');
  if (!stdout.includes('\n')) throw new Error(`serve exited: ${stderr}`);
  return { child, line: JSON.parse(stdout.split('\n')[0]!), stderr: () => stderr, exited };
}

async function waitFor(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

/** The pids of a process's children (a cluster primary's workers). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

/** Clients of one connection each, and the worker holding each connection. */
async function clientsByWorker(url: string, count: number, authToken?: string): Promise<{ client: LamsimClient; worker: number }[]> {
  const clients = [];
  for (let i = 0; i < count; i++) {
    const client = new LamsimClient(url, { maxSockets: 1, ...(authToken ? { authToken } : {}) });
    clients.push({ client, worker: (await client.call<{ worker: number }>('GET', '/v1/health')).worker });
  }
  return clients;
}

describe('lamsim serve --workers', () => {
  it('pins each session to one worker and serves it from any connection, with the same protocol, token and limits', async () => {
    const served = await serve(['--workers', '2', '--auth-token', TOKEN, '--max-sessions', '12', '--max-body-bytes', '2048']);
    const all = await clientsByWorker(served.line.url, 6, TOKEN);
    try {
      expect(served.line.workers).toBe(2);
      const byWorker = [all.find((c) => c.worker === 0)!.client, all.find((c) => c.worker === 1)!.client];
      expect(byWorker.every(Boolean)).toBe(true);
      expect((await byWorker[0]!.request('POST', '/v1/sessions', { env: 'KeyValue-v0' })).status).toBe(401);
      const sessions: { session: RemoteSession; seed: number }[] = [];
      for (let seed = 0; seed < 8; seed++) sessions.push({ session: (await all[seed % all.length]!.client.createSession({ env: 'KeyValue-v0', seed })).session, seed });
      // A session lives in the worker holding the connection it was created on.
      for (const [i, { session }] of sessions.entries()) expect(workerOfSession(session.id)).toBe(all[i % all.length]!.worker);

      for (const [i, { session, seed }] of sessions.entries()) {
        const local = new ToolEnv(kvEnvironment);
        local.reset({ seed });
        // Step the session through connections of both workers in turn: half of these are handed over.
        for (let k = 0; k < 3; k++) {
          const action = k === 0 ? 'think first' : kvPolicy(local.observation());
          const reply = await byWorker[(i + k) % 2]!.request('POST', `/v1/sessions/${session.id}/step?transcript=full`, { action }, session.token);
          expect(reply.status, reply.text).toBe(200);
          expect(reply.text).toBe(stableJson(local.step(action)));
          if (JSON.parse(reply.text).terminated) break;
        }
        for (const via of byWorker) {
          expect((await via.request('POST', `/v1/sessions/${session.id}/step`, { action: 'x' }, 'wrong-token')).status).toBe(403);
          expect((await via.request('POST', `/v1/sessions/${session.id}/step`, { action: 'x'.repeat(4096) }, session.token)).status).toBe(413);
          expect((await via.request('GET', `/v1/sessions/${session.id}/render?mode=json`, undefined, session.token)).status).toBe(200);
        }
      }
      // A snapshot taken on one worker restores on the other (one signing key for the cluster);
      // one stored by handle restores through either worker's connections.
      const [a, b] = [sessions.find(({ session }) => workerOfSession(session.id) === 0)!, sessions.find(({ session }) => workerOfSession(session.id) === 1)!];
      const snapshot = await a.session.snapshot();
      expect((await b.session.restore(snapshot)).restored).toBe(true);
      expect(stableJson(b.session.observation.messages)).toBe(stableJson((snapshot.data as { messages: unknown }).messages));
      const stored = await byWorker[0]!.call<{ handle: string }>('POST', `/v1/sessions/${b.session.id}/snapshot`, { store: true }, b.session.token);
      const restored = await byWorker[0]!.request('POST', `/v1/sessions/${b.session.id}/restore`, { handle: stored.handle }, b.session.token);
      expect(restored.status, restored.text).toBe(200);
      expect(stableJson(JSON.parse(restored.text).observation.messages)).toBe(stableJson(b.session.observation.messages));

      // --max-sessions is the cluster's total: a full worker passes a new session to the other.
      const packed = byWorker[0]!;
      const more: string[] = [];
      for (let i = sessions.length; i < 12; i++) more.push((await packed.createSession({ env: 'KeyValue-v0', seed: i })).session.id);
      expect(new Set(more.map((id) => workerOfSession(id)))).toEqual(new Set([0, 1]));
      const refused = await packed.request('POST', '/v1/sessions', { env: 'KeyValue-v0' }, TOKEN);
      expect(refused.status).toBe(503);
      expect(JSON.parse(refused.text).error.code).toBe('too_many_sessions');

      const forged = await byWorker[0]!.request('POST', `/v1/sessions/${'C'.repeat(22)}/step`, { action: 'x' }, 'token');
      expect(forged.status).toBe(404);
      for (const { session } of sessions) await session.close();

      served.child.kill('SIGTERM');
      expect(await served.exited).toBe(0);
      expect(served.stderr()).toMatch(/SIGTERM: stopping 2 workers/);
      expect(served.stderr()).toMatch(/worker 0: SIGTERM/);
      expect(served.stderr()).toMatch(/worker 1: SIGTERM/);
    } finally {
      for (const { client } of all) client.destroy();
      served.child.kill('SIGKILL');
    }
  });

  it("answers a killed worker's sessions with 410 session_lost at once, from the other worker and from its replacement", async () => {
    const served = await serve(['--workers', '2']);
    const all = await clientsByWorker(served.line.url, 4);
    try {
      const survivor = all.find((c) => c.worker === 1)!.client;
      const doomed = (await all.find((c) => c.worker === 0)!.client.createSession({ env: 'KeyValue-v0', seed: 3 })).session;
      const kept = (await survivor.createSession({ env: 'KeyValue-v0', seed: 4 })).session;
      expect([workerOfSession(doomed.id), workerOfSession(kept.id)]).toEqual([0, 1]);
      const workerPids = childrenOf(served.line.pid);
      expect(workerPids).toHaveLength(2);
      // Worker 0's pid: the one that is not answering worker 1's health.
      const pidOfWorker1 = (await survivor.call<{ pid?: number }>('GET', '/v1/health')).pid;
      const victim = workerPids.find((pid) => pid !== pidOfWorker1)!;
      process.kill(victim, 'SIGKILL');
      await waitFor(() => /worker 0 exited \(SIGKILL\)/.test(served.stderr()), 'the exit notice');

      const started = Date.now();
      const lost = await survivor.request('POST', `/v1/sessions/${doomed.id}/step`, { action: 'x' }, doomed.token);
      expect(lost.status).toBe(410);
      expect(JSON.parse(lost.text).error.code).toBe('session_lost');
      expect(JSON.parse(lost.text).error.message).toMatch(/held by worker 0 .* which exited/);
      expect(Date.now() - started).toBeLessThan(5_000);
      await expect(kept.step('still here')).resolves.toMatchObject({ info: { step: 1 } });

      // The replacement worker (a new generation) answers the same for the sessions it never held.
      await waitFor(() => childrenOf(served.line.pid).length === 2, 'the replacement worker');
      const fresh = await clientsByWorker(served.line.url, 4);
      all.push(...fresh);
      const replacement = fresh.find((c) => c.worker === 0);
      if (replacement !== undefined) {
        const again = await replacement.client.request('POST', `/v1/sessions/${doomed.id}/step`, { action: 'x' }, doomed.token);
        expect(again.status).toBe(410);
        const reborn = (await replacement.client.createSession({ env: 'KeyValue-v0', seed: 5 })).session;
        expect(workerOfSession(reborn.id)).toBe(0);
        await expect(reborn.step('hello')).resolves.toMatchObject({ info: { step: 1 } });
      }
      await expect(doomed.step('x')).rejects.toThrow(ServerError);
    } finally {
      for (const { client } of all) client.destroy();
      served.child.kill('SIGTERM');
      await served.exited;
    }
  });

  it('--workers 1 is one process; the default is one worker per core', async () => {
    const one = await serve(['--workers', '1']);
    try {
      expect(one.line.workers).toBe(1);
      expect(one.line.pid).toBe(one.child.pid);
      expect(childrenOf(one.line.pid)).toEqual([]);
    } finally {
      one.child.kill('SIGTERM');
      await one.exited;
    }
    const byDefault = await serve([]);
    try {
      expect(byDefault.line.workers).toBe(Math.min(64, availableParallelism()));
    } finally {
      byDefault.child.kill('SIGTERM');
      await byDefault.exited;
    }
  });
});
