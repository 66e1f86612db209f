import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crmarenaEnvironment } from '../../envs/index.js';
import { stableJson, ToolEnv, type StepResult } from '../../src/index.js';
import { LamsimClient } from '../../src/server/client.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { kvEnvironment } from '../fixtures/kv-env.js';
import { kvPolicy, kvServer, type KvServer } from './kv-server.js';

let kv: KvServer;
beforeAll(async () => {
  kv = await kvServer({ snapshotsPerSession: 2 });
});
afterAll(() => kv.stop());

describe('incremental step replies', () => {
  it('carry only the new messages, from the index the client holds; the full transcript on request', async () => {
    const { session, first } = await kv.client.createSession({ env: 'KeyValue-v0', seed: 4, make: { maxSteps: 8 } });
    const path = `/v1/sessions/${session.id}/step`;
    let held = first.observation.messages.length;
    for (const action of ['one', 'two']) {
      const reply = JSON.parse((await kv.client.request('POST', path, { action }, session.token)).text);
      expect(Object.keys(reply.observation).sort()).toEqual(['from', 'messages']);
      expect(reply.observation.from).toBe(held);
      expect(reply.observation.messages.map((m: { role: string }) => m.role)).toEqual(['assistant', 'user']);
      held += reply.observation.messages.length;
    }
    const since = JSON.parse((await kv.client.request('POST', `${path}?since=0`, { action: 'three' }, session.token)).text);
    expect(since.observation.from).toBe(0);
    expect(since.observation.messages).toHaveLength(held + 2);
    expect(since.observation.tools).toEqual(first.observation.tools);
    const full = JSON.parse((await kv.client.request('POST', `${path}?transcript=full`, { action: 'four' }, session.token)).text);
    expect(full.observation.messages).toHaveLength(held + 4);
    const past = await kv.client.request('POST', `${path}?since=999`, { action: 'five' }, session.token);
    expect([past.status, JSON.parse(past.text).error.message]).toEqual([400, 'since=999 is past the transcript\'s 12 messages']);
    expect((await kv.client.request('POST', `${path}?transcript=all`, { action: 'x' }, session.token)).status).toBe(400);
    await session.close();
  });

  it('reassemble in the client to exactly the in-process observations, across resets and restores', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 5_000 }), fc.array(fc.constantFrom('policy', 'noise', 'snapshot', 'restore', 'reset'), { minLength: 1, maxLength: 12 }), async (seed, plan) => {
        const local = new ToolEnv(kvEnvironment, { maxSteps: 5 });
        let expected: { observation: unknown } = local.reset({ seed });
        const { session } = await kv.client.createSession({ env: 'KeyValue-v0', seed, make: { maxSteps: 5 } });
        let saved: { local: ReturnType<ToolEnv['snapshot']>; handle: string; over: boolean } | undefined;
        let over = false;
        try {
          for (const move of plan) {
            if (move === 'snapshot') {
              // a snapshot of a finished episode restores to a finished episode
              saved = { local: local.snapshot(), handle: (await session.store()).handle, over };
            } else if (move === 'restore' && saved) {
              local.restore(saved.local);
              expected = { observation: local.observation() };
              expect(stableJson((await session.restoreHandle(saved.handle)).observation)).toBe(stableJson(expected.observation));
              over = saved.over;
            } else if (move === 'reset' || over) {
              expected = local.reset();
              expect(stableJson(await session.reset())).toBe(stableJson(expected));
              over = false;
            } else {
              const action = move === 'policy' ? kvPolicy(session.observation) : 'noise';
              const step: StepResult = local.step(action);
              expect(stableJson(await session.step(action))).toBe(stableJson(step));
              over = step.terminated || step.truncated;
            }
            expect(stableJson(session.observation)).toBe(stableJson(local.observation()));
          }
        } finally {
          await session.close();
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe('snapshots by handle', () => {
  it('belong to their session, are kept a few per session, and go when the session closes', async () => {
    const a = await kv.client.createSession({ env: 'KeyValue-v0', seed: 1 });
    const b = await kv.client.createSession({ env: 'KeyValue-v0', seed: 2 });
    const handles = [];
    for (let i = 0; i < 3; i++) {
      await a.session.step(`move ${i}`);
      handles.push(await a.session.store());
    }
    expect(handles[0]!.handle).toMatch(/^snap_[A-Za-z0-9_-]{22}$/);
    expect(handles[0]!.bytes).toBeGreaterThan(100);
    const restorePath = (id: string) => `/v1/sessions/${id}/restore`;
    const oldest = await kv.client.request('POST', restorePath(a.session.id), { handle: handles[0]!.handle }, a.session.token);
    expect([oldest.status, JSON.parse(oldest.text).error.code]).toEqual([404, 'snapshot_not_found']);
    const stolen = await kv.client.request('POST', restorePath(b.session.id), { handle: handles[2]!.handle }, b.session.token);
    expect(stolen.status).toBe(404);
    expect((await a.session.restoreHandle(handles[1]!.handle)).observation?.messages).toHaveLength(6);
    expect((await kv.client.request('POST', restorePath(a.session.id), { handle: handles[1]!.handle, snapshot: { env: 'x', data: 1 } }, a.session.token)).status).toBe(400);
    await a.session.close();
    await b.session.close();
    expect((await kv.client.call<{ storedSnapshots: { count: number } }>('GET', '/v1/health')).storedSnapshots.count).toBe(0);
  });
});

describe('a long CRM episode', () => {
  let server: RunningServer;
  let client: LamsimClient;
  beforeAll(async () => {
    server = await startServer({ port: 0, maxSnapshotBytes: 16 * 1024 * 1024 });
    client = new LamsimClient(server.url);
  });
  afterAll(async () => {
    client.destroy();
    await server.close(200);
  });

  const broadQuery = (i: number) => ({
    role: 'assistant',
    content: null,
    tool_calls: [{ id: `c${i}`, type: 'function', function: { name: 'get_cases', arguments: JSON.stringify({ start_date: `${2020 + (i % 4)}-01-01T00:00:00Z`, end_date: '2025-01-01T00:00:00Z', agent_ids: null, case_ids: null, statuses: ['Closed', 'New', 'Working', 'Escalated'] }) } }],
  });

  it('snapshots after 20 steps (megabytes, past the body limit) and restores them by handle, as gzip, or plain under the snapshot limit', async () => {
    const { session } = await client.createSession({ env: 'CRMArena-v0', seed: 3, make: { maxSteps: 30 } });
    const local = new ToolEnv(crmarenaEnvironment, { maxSteps: 30 });
    local.reset({ seed: 3 });
    for (let i = 0; i < 20; i++) expect(stableJson((await session.step(broadQuery(i))).info)).toBe(stableJson(local.step(broadQuery(i)).info));
    expect(stableJson(session.observation)).toBe(stableJson(local.observation()));
    const snapshot = await session.snapshot();
    const bytes = Buffer.byteLength(JSON.stringify({ snapshot }));
    expect(bytes).toBeGreaterThan(4 * 1024 * 1024);
    const { handle } = await session.store();
    const next = stableJson(local.step(broadQuery(20)));
    expect(stableJson(await session.step(broadQuery(20)))).toBe(next);

    await session.restoreHandle(handle);
    expect(stableJson(await session.step(broadQuery(20)))).toBe(next);

    const { session: other } = await client.createSession({ env: 'CRMArena-v0', seed: 9, make: { maxSteps: 30 } });
    await other.restore(snapshot);
    expect(stableJson(await other.step(broadQuery(20)))).toBe(next);
    const plain = await client.request('POST', `/v1/sessions/${other.id}/restore`, { snapshot }, other.token);
    expect(plain.status).toBe(200);
    const tampered = { ...snapshot, data: { ...(snapshot.data as Record<string, unknown>), step: -1 } };
    const refused = await client.request('POST', `/v1/sessions/${other.id}/restore`, gzipSync(JSON.stringify({ snapshot: tampered })), other.token);
    expect([refused.status, JSON.parse(refused.text).error.code]).toEqual([400, 'bad_snapshot']);
    await other.close();
    await session.close();
  });

  it('refuses a snapshot past --max-snapshot-bytes, compressed or not, and a gzip bomb', async () => {
    const { session } = await client.createSession({ env: 'CRMArena-v0', seed: 3 });
    const path = `/v1/sessions/${session.id}/restore`;
    const huge = `{"snapshot":{"env":"CRMArena-v0","data":"${'x'.repeat(17 * 1024 * 1024)}"}}`;
    for (const body of [huge, gzipSync(huge)]) {
      const reply = await client.request('POST', path, body, session.token);
      expect([reply.status, JSON.parse(reply.text).error.message]).toEqual([413, `the request body exceeds the limit of ${16 * 1024 * 1024} bytes (--max-snapshot-bytes)`]);
    }
    const broken = await client.request('POST', path, Buffer.from('not gzip at all'), session.token);
    expect([broken.status, JSON.parse(broken.text).error.code]).toEqual([400, 'bad_encoding']);
    const step = await client.request('POST', `/v1/sessions/${session.id}/step`, gzipSync(JSON.stringify({ action: 'x'.repeat(5 * 1024 * 1024) })), session.token);
    expect([step.status, JSON.parse(step.text).error.message]).toEqual([413, 'the request body exceeds the limit of 4194304 bytes (--max-body-bytes)']);
    await session.close();
  });
});
