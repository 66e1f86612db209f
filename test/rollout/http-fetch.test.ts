import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADROOM, bodyWithHeadroom } from '../../src/rollout/headroom.js';
import { keepAliveFetch } from '../../src/rollout/http-fetch.js';

/** A real server whose routes exercise what a chat-completions client meets. */
function route(req: IncomingMessage, res: ServerResponse, body: string): void {
  const url = new URL(req.url ?? '/', 'http://x');
  switch (url.pathname) {
    case '/echo':
      res.writeHead(Number(url.searchParams.get('status') ?? 200), { 'content-type': 'application/json', 'x-method': req.method ?? '', 'set-cookie': ['a=1', 'b=2'] });
      res.end(JSON.stringify({ method: req.method, body, auth: req.headers['authorization'] ?? null, type: req.headers['content-type'] ?? null, note: req.headers['x-note'] ?? null }));
      return;
    case '/empty':
      res.writeHead(204);
      res.end();
      return;
    case '/gzip':
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify({ zipped: true, body })));
      return;
    case '/events':
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: 1\n\n');
      setTimeout(() => res.end('data: 2\n\n'), 30);
      return;
    case '/slow':
      setTimeout(() => res.end('late'), 2_000);
      return;
    default:
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('no such route');
  }
}

let base = '';
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => route(req, res, Buffer.concat(chunks).toString('utf8')));
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function seen(response: Response) {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    if (key !== 'date' && key !== 'connection' && key !== 'keep-alive' && key !== 'transfer-encoding' && key !== 'content-length') headers[key] = value;
  });
  return { status: response.status, ok: response.ok, headers, text: await response.text() };
}

describe('keepAliveFetch', () => {
  it('answers as the global fetch does: status, headers and body, for any body text and status', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.constantFrom(200, 201, 400, 429, 500), fc.constantFrom('POST', 'PUT'), async (text, status, method) => {
        const init = { method, body: text, headers: { 'content-type': 'application/json', authorization: 'Bearer k' } };
        const mine = await seen(await keepAliveFetch(`${base}/echo?status=${status}`, init));
        const theirs = await seen(await fetch(`${base}/echo?status=${status}`, init));
        expect(mine).toEqual(theirs);
        expect(JSON.parse(mine.text).body).toBe(text);
        // the same text as bytes (a view into a larger buffer, as pooled buffers are), with a latin1 header value
        const encoded = Buffer.from(`\u0000${text}\u0000`, 'utf8');
        const view = encoded.subarray(1, encoded.length - 1);
        const byteInit = { method, body: view, headers: { ...init.headers, 'x-note': 'caf\u00e9' } };
        expect(await seen(await keepAliveFetch(`${base}/echo?status=${status}`, byteInit))).toEqual(await seen(await fetch(`${base}/echo?status=${status}`, byteInit)));
      }),
      { numRuns: 40 },
    );
    for (const path of ['/empty', '/gzip', '/missing']) {
      expect(await seen(await keepAliveFetch(`${base}${path}`, { method: 'GET' }))).toEqual(await seen(await fetch(`${base}${path}`, { method: 'GET' })));
    }
    const bytes = new TextEncoder().encode('{"bytes":1}');
    expect(JSON.parse(await (await keepAliveFetch(`${base}/echo`, { method: 'POST', body: bytes })).text()).body).toBe('{"bytes":1}');
  });

  it('sends concurrent byte bodies intact, over new and reused connections, small and larger than a socket takes at once', async () => {
    const sizes = [0, 1, 100, 5_000, 16_000, 17_000, 70_000, 1_500_000];
    for (let round = 0; round < 3; round++) {
      const bodies = Array.from({ length: 48 }, (_, i) => Buffer.from(`${round}:${i}:`.padEnd(sizes[(i + round) % sizes.length]!, String.fromCharCode(97 + (i % 26))), 'utf8'));
      const echoed = await Promise.all(bodies.map(async (body) => JSON.parse(await (await keepAliveFetch(`${base}/echo`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })).text()).body as string));
      expect(echoed).toEqual(bodies.map((b) => b.toString('utf8')));
    }
  });

  it('sends bodies made with headroom intact: head written in front once, copied when sent again or when the head is longer than the room', async () => {
    const sizes = [0, 1, 700, 5_000, 31_000, 40_000, 300_000];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...sizes), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.boolean()), { minLength: 1, maxLength: 24 }), async (specs) => {
        const bodies = specs.map(([size, text], i) => {
          const bytes = Buffer.from(`${i}:${text}:`.padEnd(size, String.fromCharCode(97 + (i % 26))), 'utf8');
          const body = bodyWithHeadroom(bytes.length);
          body.set(bytes);
          return body;
        });
        // a head longer than the room (a long header value) falls back to a copy; the body itself is untouched
        const send = (body: Buffer, long: boolean) => keepAliveFetch(`${base}/echo`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...(long ? { 'x-note': 'n'.repeat(HEADROOM) } : {}) } }).then(async (r) => JSON.parse(await r.text()).body as string);
        const expected = bodies.map((b) => b.toString('utf8'));
        expect(await Promise.all(bodies.map((b, i) => send(b, specs[i]![2])))).toEqual(expected);
        // each body again, concurrently: its room was claimed, so it is copied next to its new head
        expect(await Promise.all(bodies.map((b) => send(b, false)))).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  });

  it('reads a whole body once, by any reader, as a Response does', async () => {
    const url = `${base}/echo`;
    const init = { method: 'POST', body: '{"x":"\u00e9"}' };
    const expected = await (await fetch(url, init)).json();
    const response = await keepAliveFetch(url, init);
    const copy = response.clone();
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toEqual(expected);
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
    expect(() => response.clone()).toThrow(TypeError);
    expect(JSON.parse(new TextDecoder().decode(await copy.clone().arrayBuffer()))).toEqual(expected);
    expect(JSON.parse(await new Response(copy.body).text())).toEqual(expected);
    expect(JSON.parse(await (await (await keepAliveFetch(url, init)).blob()).text())).toEqual(expected);
  });

  it('streams event streams as they arrive', async () => {
    const response = await keepAliveFetch(`${base}/events`);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('data: 1\n\n');
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
    expect(rest).toBe('data: 2\n\n');
  });

  it('rejects with the abort reason when aborted before or while waiting, and with a TypeError when nothing listens', async () => {
    const before = new AbortController();
    before.abort();
    await expect(keepAliveFetch(`${base}/slow`, { signal: before.signal })).rejects.toMatchObject({ name: 'AbortError' });
    const during = new AbortController();
    setTimeout(() => during.abort(), 50);
    const start = performance.now();
    await expect(keepAliveFetch(`${base}/slow`, { signal: during.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - start).toBeLessThan(1_500);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(keepAliveFetch(`http://127.0.0.1:${port}/`)).rejects.toThrow(TypeError);
  });
});
