import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stableJson, ToolEnv, type StepResult } from '../../src/index.js';
import type { HttpReply } from '../../src/server/client.js';
import { kvEnvironment } from '../fixtures/kv-env.js';
import { kvPolicy, kvServer, type KvServer } from './kv-server.js';

let kv: KvServer;
beforeAll(async () => {
  kv = await kvServer({ maxBodyBytes: 4096, maxSessionSteps: 12 });
});
afterAll(() => kv.stop());

function expectError(reply: HttpReply, status: number, code: string, mentions?: RegExp): void {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.headers['content-type']).toMatch(/^application\/json/);
  const body = JSON.parse(reply.text) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);
  expect(body.error.code).toBe(code);
  if (mentions) expect(body.error.message).toMatch(mentions);
}

async function create(body: Record<string, unknown> = { env: 'KeyValue-v0', seed: 3 }) {
  return kv.client.createSession(body as { env: string });
}

describe('lamsim serve protocol', () => {
  it('reports health and lists the registered envs', async () => {
    const health = await kv.client.call<{ status: string; sessions: number }>('GET', '/v1/health');
    expect(health.status).toBe('ok');
    expect((health as { version?: string }).version).toMatch(/^\d+\.\d+\.\d+/);
    const { envs } = await kv.client.call<{ envs: { id: string; splits: string[]; defaultSplit: string }[] }>('GET', '/v1/envs');
    expect(envs.find((e) => e.id === 'KeyValue-v0')).toMatchObject({ splits: ['train', 'test'], defaultSplit: 'train' });
  });

  it('creates a session whose first observation is the in-process reset of the same seed', async () => {
    const reply = await kv.client.request('POST', '/v1/sessions', { env: 'KeyValue', seed: 11, split: 'test', make: { maxSteps: 5 } });
    expect(reply.status, reply.text).toBe(201);
    const body = JSON.parse(reply.text);
    expect(body.session).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(reply.headers.location).toBe(`/v1/sessions/${body.session}`);
    expect(body.spec).toMatchObject({ id: 'KeyValue-v0', maxSteps: 5, defaultSplit: 'test' });
    const local = new ToolEnv(kvEnvironment, { split: 'test', maxSteps: 5 }).reset({ seed: 11 });
    expect(reply.text).toContain(`"info":${stableJson(local.info)},"observation":${stableJson(local.observation)},`);
    await kv.client.call('DELETE', `/v1/sessions/${body.session}`, undefined, body.token);
  });

  it('plays a whole episode: step returns the five-part result; stepping past the end is 409; reset starts again', async () => {
    const { session, first } = await create();
    let observation = first.observation;
    let result: StepResult | undefined;
    for (let i = 0; i < 4 && !result?.terminated; i++) {
      result = await session.step(kvPolicy(observation));
      expect(Object.keys(result).sort()).toEqual(['info', 'observation', 'reward', 'terminated', 'truncated']);
      expect(result.info.step).toBe(i + 1);
      observation = result.observation;
    }
    expect(result!.terminated).toBe(true);
    expect(result!.truncated).toBe(false);
    expect(result!.reward).toBe(1);
    expect(result!.info.answer?.correct).toBe(true);
    expectError(await kv.client.request('POST', `/v1/sessions/${session.id}/step`, { action: 'again' }, session.token), 409, 'episode_over', /reset/);
    const again = await session.reset({ seed: 4, options: { split: 'test' } });
    expect(again.info.instance.seed).toBe(4);
    expect(again.info.instance.split).toBe('test');
    expect((await session.step('hello')).info.step).toBe(1);
    expect(await session.close()).toEqual({ closed: session.id, steps: 3 });
    expectError(await kv.client.request('POST', `/v1/sessions/${session.id}/step`, { action: 'x' }, session.token), 404, 'session_not_found');
  });

  it('renders as ansi, json and html with matching content types', async () => {
    const { session } = await create();
    await session.step('look');
    const ansi = await kv.client.request('GET', `/v1/sessions/${session.id}/render?mode=ansi`, undefined, session.token);
    expect(ansi.headers['content-type']).toMatch(/^text\/plain/);
    expect(ansi.text).toContain('[assistant] look');
    const json = await kv.client.request('GET', `/v1/sessions/${session.id}/render?mode=json`, undefined, session.token);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(json.text)).toMatchObject({ env: 'KeyValue-v0', step: 1, terminated: false });
    const html = await kv.client.request('GET', `/v1/sessions/${session.id}/render?mode=html`, undefined, session.token);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text.startsWith('<!doctype html>')).toBe(true);
    expect(await session.render()).toBe(ansi.text);
    expectError(await kv.client.request('GET', `/v1/sessions/${session.id}/render?mode=svg`, undefined, session.token), 400, 'invalid_request', /ansi, json, html/);
    await session.close();
  });

  it('returns snapshots as JSON that restore accepts, in the same or another session, replaying identically', async () => {
    const { session, first } = await create({ env: 'KeyValue-v0', seed: 8 });
    const firstAction = kvPolicy(first.observation);
    await session.step(firstAction);
    const snapshot = await session.snapshot();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    const path = `/v1/sessions/${session.id}/step?transcript=full`;
    const action = { action: { role: 'assistant', content: null, tool_calls: [{ id: 'c9', type: 'function', function: { name: 'Finish', arguments: '{"answer":"12"}' } }] } };
    const original = await kv.client.request('POST', path, action, session.token);
    expect(JSON.parse(original.text).terminated).toBe(true);
    const restored = await session.restore(snapshot);
    expect(restored.restored).toBe(true);
    expect(restored.observation?.messages).toHaveLength(4);
    expect((await kv.client.request('POST', path, action, session.token)).text).toBe(original.text);

    const { session: other } = await create({ env: 'KeyValue-v0', seed: 99 });
    await other.restore(snapshot);
    expect((await kv.client.request('POST', `/v1/sessions/${other.id}/step?transcript=full`, action, other.token)).text).toBe(original.text);
    await other.close();
    await session.close();
  });

  it('refuses a broken snapshot with 400 and leaves the session as it was', async () => {
    const { session, first } = await create({ env: 'KeyValue-v0', seed: 5 });
    const good = await session.snapshot();
    const restorePath = `/v1/sessions/${session.id}/restore`;
    expectError(await kv.client.request('POST', restorePath, { snapshot: { env: 'Other-v0', data: good.data } }, session.token), 400, 'bad_snapshot', /Other-v0/);
    expectError(await kv.client.request('POST', restorePath, { snapshot: { env: 'KeyValue-v0', data: { instance: 42 } } }, session.token), 400, 'bad_snapshot');
    expectError(await kv.client.request('POST', restorePath, { snapshot: { env: 'KeyValue-v0' } }, session.token), 400, 'invalid_request', /snapshot\.data/);
    const { tallies: _dropped, ...halfGood } = good.data as Record<string, unknown>;
    expectError(await kv.client.request('POST', restorePath, { snapshot: { env: 'KeyValue-v0', data: { ...halfGood, episodes: 40 } } }, session.token), 400, 'bad_snapshot');
    const local = new ToolEnv(kvEnvironment);
    local.reset({ seed: 5 });
    const action = kvPolicy(first.observation);
    expect((await kv.client.request('POST', `/v1/sessions/${session.id}/step`, { action, transcript: 'full' }, session.token)).text).toBe(stableJson(local.step(action)));
    expect((await kv.client.request('POST', `/v1/sessions/${session.id}/reset`, {}, session.token)).text).toBe(stableJson(local.reset()));
    await session.close();
  });

  it('names the problem in 4xx errors for bad bodies and options', async () => {
    const post = (body: unknown) => kv.client.request('POST', '/v1/sessions', body);
    expectError(await post('{"env": '), 400, 'invalid_json');
    expectError(await post({ env: 'KeyValue-v0', sede: 3 }), 400, 'invalid_request', /sede/);
    expectError(await post({ seed: 3 }), 400, 'invalid_request', /env/);
    expectError(await post({ env: 'KeyValue-v0', seed: 1.5 }), 400, 'invalid_request', /seed/);
    expectError(await post({ env: 'Nope-v0' }), 400, 'unknown_env', /Nope-v0.*KeyValue-v0/);
    expectError(await post({ env: 'KeyValue-v0', make: { maxSteps: -1 } }), 400, 'bad_options', /maxSteps/);
    expectError(await post({ env: 'KeyValue-v0', make: { world: { size: 1 } } }), 403, 'world_option_not_allowed', /make\.world\.size.*--allow-world-option size/);
    expectError(await post({ env: 'KeyValue-v0', split: 'dev' }), 400, 'bad_options', /dev/);
    expectError(await post({ env: 'KeyValue-v0', split: 'test', make: { split: 'train' } }), 400, 'invalid_request', /disagree/);
    expectError(await post({ env: 'KeyValue-v0', options: { template: 'nope' } }), 400, 'bad_options', /nope/);
    expect(kv.server.sessions.size).toBe(0);
    const { session } = await create();
    expectError(await kv.client.request('POST', `/v1/sessions/${session.id}/step`, {}, session.token), 400, 'invalid_request', /action/);
    expectError(await kv.client.request('POST', `/v1/sessions/${session.id}/step`, '[1,2]', session.token), 400, 'invalid_request');
    expectError(await kv.client.request('POST', `/v1/sessions/${session.id}/reset`, { seed: 1, options: { actionFormat: 'yaml' } }, session.token), 400, 'bad_options', /yaml/);
    expectError(await kv.client.request('POST', `/v1/sessions/${session.id}/snapshot`, { extra: 1 }, session.token), 400, 'invalid_request', /extra/);
    await session.close();
  });

  it('answers unknown routes 404 and wrong methods 405 with Allow', async () => {
    expectError(await kv.client.request('GET', '/v2/health'), 404, 'not_found', /GET \/v2\/health/);
    expectError(await kv.client.request('GET', '/v1/sessions/abc/fly'), 404, 'not_found');
    const wrong = await kv.client.request('POST', '/v1/health', {});
    expectError(wrong, 405, 'method_not_allowed');
    expect(wrong.headers.allow).toBe('GET');
    const wrongStep = await kv.client.request('GET', '/v1/sessions/abc/step');
    expectError(wrongStep, 405, 'method_not_allowed');
    expect(wrongStep.headers.allow).toBe('POST');
    expectError(await kv.client.request('PUT', '/v1/sessions'), 405, 'method_not_allowed');
  });

  it('refuses a body over the limit with 413 and keeps serving on the same connection', async () => {
    const big = { env: 'KeyValue-v0', options: { template: 'x'.repeat(10_000) } };
    expectError(await kv.client.request('POST', '/v1/sessions', big), 413, 'body_too_large', /4096 bytes/);
    const { session } = await create();
    expectError(await kv.client.request('POST', `/v1/sessions/${session.id}/step`, { action: 'y'.repeat(5000) }, session.token), 413, 'body_too_large');
    expect((await session.step('small')).info.step).toBe(1);
    await session.close();
  });

  it('refuses a chunked body over the limit with 413 and no content-length', async () => {
    const url = new URL(kv.server.url);
    const socket = new Socket();
    await new Promise<void>((resolve) => socket.connect(Number(url.port), url.hostname, resolve));
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    const chunk = 'z'.repeat(1500);
    socket.write(`POST /v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n`);
    for (let i = 0; i < 4; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    socket.write('0\r\n\r\n');
    await new Promise<void>((resolve) => {
      const check = () => (received.includes('body_too_large') ? resolve() : setTimeout(check, 5));
      check();
    });
    socket.destroy();
    expect(received).toMatch(/^HTTP\/1\.1 413/);
  });

  it('keeps serving after clients hang up halfway through a body', async () => {
    const url = new URL(kv.server.url);
    for (const [declared, sent] of [
      [1000, 10],
      [100_000, 3000],
    ] as const) {
      const socket = new Socket();
      socket.on('error', () => undefined);
      await new Promise<void>((resolve) => socket.connect(Number(url.port), url.hostname, resolve));
      socket.write(`POST /v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${declared}\r\n\r\n${'x'.repeat(sent)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      socket.destroy();
    }
    const { session } = await create();
    expect((await session.step('still up')).info.step).toBe(1);
    await session.close();
  });

  it('limits the steps of one session with 429', async () => {
    const { session } = await create();
    let last: HttpReply | undefined;
    let steps = 0;
    for (let i = 0; i < 20; i++) {
      last = await kv.client.request('POST', `/v1/sessions/${session.id}/step`, { action: 'noise' }, session.token);
      if (last.status !== 200) break;
      steps++;
      if (JSON.parse(last.text).truncated) await session.reset();
    }
    expect(steps).toBe(12);
    expectError(last!, 429, 'step_limit', /12 steps/);
    expect((await session.reset()).info.tallies.steps).toBe(0);
    expect(await session.close()).toEqual({ closed: session.id, steps: 12 });
  });
});
