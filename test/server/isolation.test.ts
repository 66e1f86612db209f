import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpReply } from '../../src/server/client.js';
import { kvServer, type KvServer } from './kv-server.js';

const run = promisify(execFile);
let kv: KvServer | undefined;
afterEach(async () => {
  await kv?.stop();
  kv = undefined;
});

function code(reply: HttpReply): string {
  return (JSON.parse(reply.text) as { error: { code: string } }).error.code;
}

describe('session isolation', () => {
  it('gives every session a random 128-bit id and its own 256-bit token', async () => {
    kv = await kvServer();
    const created = await Promise.all(Array.from({ length: 100 }, () => kv!.client.createSession({ env: 'KeyValue-v0', seed: 1 })));
    const ids = new Set(created.map((c) => c.session.id));
    const tokens = new Set(created.map((c) => c.session.token));
    expect(ids.size).toBe(100);
    expect(tokens.size).toBe(100);
    for (const { session } of created) {
      expect(Buffer.from(session.id, 'base64url')).toHaveLength(16);
      expect(Buffer.from(session.token, 'base64url')).toHaveLength(32);
    }
    // Same seed, same first observation: the ids are not derived from what was asked.
    expect(new Set(created.map((c) => JSON.stringify(c.first.observation))).size).toBe(1);
  });

  it('requires the session token on every call, so one client cannot read or step another', async () => {
    kv = await kvServer();
    const { session: mine } = await kv.client.createSession({ env: 'KeyValue-v0', seed: 1 });
    const { session: theirs } = await kv.client.createSession({ env: 'KeyValue-v0', seed: 2 });
    const base = `/v1/sessions/${theirs.id}`;
    const attempts: [string, string, unknown][] = [
      ['POST', `${base}/step`, { action: 'steal' }],
      ['POST', `${base}/reset`, {}],
      ['GET', `${base}/render?mode=json`, undefined],
      ['POST', `${base}/snapshot`, {}],
      ['POST', `${base}/restore`, { snapshot: await mine.snapshot() }],
      ['DELETE', base, undefined],
    ];
    for (const [method, path, body] of attempts) {
      const stranger = await kv.client.request(method, path, body, mine.token);
      expect(stranger.status, `${method} ${path}`).toBe(403);
      expect(code(stranger)).toBe('forbidden');
      expect(stranger.text).not.toContain('messages');
      const anonymous = await kv.client.request(method, path, body);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers['www-authenticate']).toBe('Bearer');
      const garbled = await kv.client.request(method, path, body, 'not a token!');
      expect(garbled.status).toBe(401);
    }
    const json = JSON.parse(await theirs.render('json')) as { step: number };
    expect(json.step).toBe(0);
    const unknown = await kv.client.request('POST', `/v1/sessions/${'A'.repeat(22)}/step`, { action: 'x' }, theirs.token);
    expect([unknown.status, code(unknown)]).toEqual([404, 'session_not_found']);
  });

  it('closes sessions idle past the TTL (lazily and by sweeping), keeping those in use', async () => {
    let clock = 1_000_000;
    kv = await kvServer({ sessionTtlMs: 1_000, now: () => clock });
    const { session: idle } = await kv.client.createSession({ env: 'KeyValue-v0', seed: 1 });
    const { session: busy } = await kv.client.createSession({ env: 'KeyValue-v0', seed: 2 });
    clock += 600;
    await busy.step('still here');
    clock += 600;
    const expired = await kv.client.request('POST', `/v1/sessions/${idle.id}/step`, { action: 'x' }, idle.token);
    expect([expired.status, code(expired)]).toEqual([410, 'session_expired']);
    expect(expired.text).toMatch(/1000 ms idle/);
    expect((await busy.step('and here')).info.step).toBe(2);
    expect(kv.server.sessions.size).toBe(1);
    clock += 1_001;
    expect(kv.server.sessions.sweep()).toBe(1);
    expect(kv.server.sessions.size).toBe(0);
    const swept = await kv.client.request('GET', `/v1/sessions/${busy.id}/render`, undefined, busy.token);
    expect(swept.status).toBe(410);
  });

  it('caps live sessions with 503 until one closes or expires', async () => {
    let clock = 0;
    kv = await kvServer({ maxSessions: 3, sessionTtlMs: 10_000, now: () => clock });
    const open = await Promise.all([1, 2, 3].map((seed) => kv!.client.createSession({ env: 'KeyValue-v0', seed })));
    const full = await kv.client.request('POST', '/v1/sessions', { env: 'KeyValue-v0' });
    expect([full.status, code(full)]).toEqual([503, 'too_many_sessions']);
    expect(full.headers['retry-after']).toBe('1');
    expect(full.text).toMatch(/maximum of 3/);
    await open[0]!.session.close();
    const { session: fourth } = await kv.client.createSession({ env: 'KeyValue-v0' });
    expect((await kv.client.request('POST', '/v1/sessions', { env: 'KeyValue-v0' })).status).toBe(503);
    clock += 5_000;
    await fourth.step('keep me');
    clock += 5_001;
    const { session: fifth } = await kv.client.createSession({ env: 'KeyValue-v0' });
    expect(kv.server.sessions.size).toBe(2);
    expect((await fifth.step('hi')).info.step).toBe(1);
    expect((await fourth.step('hi')).info.step).toBe(2);
  });

  it('returns memory to baseline after many sessions are stepped and closed (child process with --expose-gc)', async () => {
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/server/memory-probe.ts'], { timeout: 110_000 });
    const probe = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, number>;
    expect(probe['liveSessions']).toBe(150);
    expect(probe['steps']).toBe(150 * 4);
    expect(probe['sessionsAfter']).toBe(0);
    expect(probe['collected']).toBe(probe['envs']);
    const grown = probe['live']! - probe['baseline']!;
    expect(grown).toBeGreaterThan(4 * 1024 * 1024);
    expect(probe['after']! - probe['baseline']!).toBeLessThan(Math.max(1024 * 1024, grown * 0.15));
  });
});
