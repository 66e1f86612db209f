import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { LamsimClient } from '../../src/server/client.js';
import { startServer } from '../../src/server/server.js';
import { runCli, tempDir } from '../fixtures/memory-io.js';
import { kvServer } from './kv-server.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TOKEN = 'a-long-enough-server-token-123';

/** A raw POST /v1/sessions with exactly these headers (Node's client adds Host only). */
function rawPost(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/v1/sessions`, { method: 'POST', headers: { 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const errorCode = (text: string): string => (JSON.parse(text) as { error: { code: string } }).error.code;
const createBody = JSON.stringify({ env: 'KeyValue-v0', seed: 1 });

describe('who may create sessions', () => {
  it('needs the server token when one is set (401 otherwise); session calls still need the session token', async () => {
    const kv = await kvServer({ access: { authToken: TOKEN } });
    try {
      for (const authorization of [undefined, 'Bearer wrong-token-of-some-length', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
        const reply = await kv.client.request('POST', '/v1/sessions', { env: 'KeyValue-v0' }, authorization?.replace(/^Bearer /, ''));
        expect(reply.status, String(authorization)).toBe(401);
        expect(JSON.parse(reply.text).error.message).toMatch(/--auth-token/);
      }
      expect(kv.server.sessions.size).toBe(0);
      const client = new LamsimClient(kv.server.url, { authToken: TOKEN });
      const { session } = await client.createSession({ env: 'KeyValue-v0', seed: 1 });
      expect((await session.step('hello')).info.step).toBe(1);
      expect((await kv.client.request('POST', `/v1/sessions/${session.id}/step`, { action: 'x' }, TOKEN)).status).toBe(403);
      await session.close();
      client.destroy();
    } finally {
      await kv.stop();
    }
  });

  it('refuses to listen beyond loopback without a token, from the API and the CLI', async () => {
    await expect(startServer({ host: '0.0.0.0', port: 0 })).rejects.toThrow(/beyond loopback.*--auth-token/);
    const cli = await runCli(['serve', '--host', '0.0.0.0', '--port', '0']);
    expect([cli.code, cli.stderr.trim()]).toEqual([2, 'lamsim serve: --host 0.0.0.0 is beyond loopback: give a session-creation token with --auth-token-file PATH (or --auth-token)']);
    expect((await runCli(['serve', '--auth-token', 'short'])).stderr).toMatch(/at least 16 characters/);
    expect((await runCli(['serve', '--auth-token-file', '/nonexistent/token'])).stderr).toMatch(/--auth-token-file \/nonexistent\/token: .*ENOENT/);
    const dir = tempDir();
    writeFileSync(join(dir, 'token'), `${TOKEN}\n`);
    expect((await runCli(['serve', '--auth-token', TOKEN, '--auth-token-file', join(dir, 'token')])).stderr).toMatch(/one of --auth-token and --auth-token-file/);
  });

  it('serves beyond loopback with a token file', async () => {
    const server = await startServer({ host: '0.0.0.0', port: 0, access: { authToken: TOKEN } });
    try {
      const url = `http://127.0.0.1:${server.port}`;
      expect((await rawPost(url, { 'content-type': 'application/json' }, createBody)).status).toBe(401);
      expect((await rawPost(url, { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, createBody)).status).toBe(201);
    } finally {
      await server.close(100);
    }
  });
});

describe('browsers cannot drive the server', () => {
  it('takes request bodies as application/json only (415), before anything is created', async () => {
    const kv = await kvServer();
    try {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', '']) {
        const reply = await rawPost(kv.server.url, type === '' ? {} : { 'content-type': type }, createBody);
        expect(reply.status, type).toBe(415);
        expect(errorCode(reply.text)).toBe('unsupported_media_type');
      }
      expect(kv.server.sessions.size).toBe(0);
      expect((await rawPost(kv.server.url, { 'content-type': 'Application/JSON; charset=utf-8' }, createBody)).status).toBe(201);
      const gzipped = await rawPost(kv.server.url, { 'content-type': 'application/json', 'content-encoding': 'br' }, createBody);
      expect([gzipped.status, errorCode(gzipped.text)]).toEqual([415, 'bad_encoding']);
    } finally {
      await kv.stop();
    }
  });

  it('answers only to loopback names, its own address and allowed hosts (403 for a rebinding Host)', async () => {
    const kv = await kvServer({ access: { allowHosts: ['lab.example'] } });
    try {
      const port = kv.server.port;
      for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.evil.example:${port}`, 'localhost.evil.example', '10.0.0.1']) {
        const reply = await rawPost(kv.server.url, { 'content-type': 'application/json', host }, createBody);
        expect(reply.status, host).toBe(403);
        expect(errorCode(reply.text)).toBe('host_not_allowed');
        expect(JSON.parse(reply.text).error.message).toMatch(/--allow-host/);
      }
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'LOCALHOST', `lab.example:${port}`, `app.localhost:${port}`]) {
        const reply = await rawPost(kv.server.url, { 'content-type': 'application/json', host }, createBody);
        expect(reply.status, host).toBe(201);
      }
      const health = await new Promise<number>((resolve) => request(`${kv.server.url}/v1/health`, { headers: { host: 'rebind.example' } }, (res) => resolve(res.statusCode ?? 0)).end());
      expect(health).toBe(403);
    } finally {
      await kv.stop();
    }
  });

  it('refuses requests carrying a browser Origin unless it is allowed', async () => {
    const kv = await kvServer({ access: { allowOrigins: ['http://localhost:3000'] } });
    try {
      for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${kv.server.port}`, 'http://localhost:3001']) {
        const reply = await rawPost(kv.server.url, { 'content-type': 'application/json', origin }, createBody);
        expect(reply.status, origin).toBe(403);
        expect(errorCode(reply.text)).toBe('origin_not_allowed');
      }
      // A cross-origin "simple" request: text/plain, with an Origin: refused whichever check comes first.
      expect((await rawPost(kv.server.url, { 'content-type': 'text/plain', origin: 'http://evil.example' }, createBody)).status).toBe(403);
      expect(kv.server.sessions.size).toBe(0);
      expect((await rawPost(kv.server.url, { 'content-type': 'application/json', origin: 'http://localhost:3000/' }, createBody)).status).toBe(201);
    } finally {
      await kv.stop();
    }
  });
});
