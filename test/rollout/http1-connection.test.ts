import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepAliveFetch } from '../../src/rollout/http-fetch.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A node:http server that counts the connections it accepts. */
let base = '';
let connections = 0;
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => void route(req, res, Buffer.concat(chunks)));
});
server.on('connection', () => connections++);

async function route(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  switch (url.pathname.replace(/^\/v1\//, '/')) {
    case '/chunks': {
      // the body in pieces of the asked sizes, each its own chunk, some after a pause
      const text = url.searchParams.get('text') ?? '';
      const sizes = (url.searchParams.get('sizes') ?? '').split(',').filter(Boolean).map(Number);
      const bytes = Buffer.from(text, 'utf8');
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      let at = 0;
      for (const [i, size] of sizes.entries()) {
        if (at >= bytes.length) break;
        res.write(bytes.subarray(at, at + size));
        at += size;
        if (i % 2 === 1) await pause(1);
      }
      res.end(bytes.subarray(at));
      return;
    }
    case '/digest':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ bytes: body.length, sha: createHash('sha256').update(body).digest('hex') }));
      return;
    case '/large': {
      const size = Number(url.searchParams.get('size'));
      const data = Buffer.alloc(size);
      for (let i = 0; i < size; i++) data[i] = (i * 7 + 3) & 0xff;
      res.writeHead(200, { 'content-type': 'application/octet-stream', ...(url.searchParams.has('length') ? { 'content-length': String(size) } : {}) });
      res.end(data);
      return;
    }
    case '/cut':
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100' });
      res.write('only part');
      setTimeout(() => res.socket?.destroy(), 10);
      return;
    case '/head':
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '5' });
      res.end(req.method === 'HEAD' ? undefined : 'hello');
      return;
    case '/limited':
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' });
      res.end(JSON.stringify({ error: { message: 'slow down, please', type: 'rate_limit_exceeded', param: null, code: null } }));
      return;
    case '/broken':
      res.writeHead(500, { 'content-type': 'application/json', 'content-length': '52' });
      res.end(JSON.stringify({ error: { message: 'the model fell over', type: 'x' } }).padEnd(52));
      return;
    default:
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, path: url.pathname, body: body.toString('utf8') }));
  }
}

/** A server that answers every request on a connection with the next scripted response, written in the given pieces. */
let rawBase = '';
let rawScript: Buffer[][] = [];
const raw = createNetServer((socket: Socket) => {
  let seen = '';
  socket.on('data', async (chunk: Buffer) => {
    seen += chunk.toString('latin1');
    const end = seen.indexOf('\r\n\r\n');
    if (end < 0) return;
    const length = Number(/content-length: (\d+)/i.exec(seen.slice(0, end))?.[1] ?? 0);
    if (seen.length < end + 4 + length) return;
    seen = seen.slice(end + 4 + length);
    const pieces = rawScript.shift() ?? [Buffer.from('HTTP/1.1 500 No Script\r\ncontent-length: 0\r\n\r\n')];
    for (const piece of pieces) {
      if (socket.destroyed) return;
      socket.write(piece);
      await pause(1);
    }
  });
  socket.on('error', () => {});
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  rawBase = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await new Promise<void>((resolve) => raw.close(() => resolve()));
});

/** `bytes` cut at the given positions. */
function cut(bytes: Buffer, at: number[]): Buffer[] {
  const points = [...new Set(at.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    if (p > from) pieces.push(bytes.subarray(from, p));
    from = Math.max(from, p);
  }
  pieces.push(bytes.subarray(from));
  return pieces.filter((p) => p.length > 0);
}

function chunked(body: Buffer, sizes: number[]): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (const size of [...sizes, body.length]) {
    if (at >= body.length) break;
    const piece = body.subarray(at, at + Math.max(1, size));
    parts.push(Buffer.from(`${piece.length.toString(16)}${size % 3 === 0 ? ';ext=1' : ''}\r\n`, 'latin1'), piece, Buffer.from('\r\n'));
    at += piece.length;
  }
  parts.push(Buffer.from('0\r\nx-trailer: t\r\n\r\n'));
  return Buffer.concat(parts);
}

describe('keepAliveFetch over HTTP/1.1 connections', () => {
  it('reads chunked bodies of any text in any chunking, as the global fetch does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 12 }), async (text, sizes) => {
        const url = `${base}/chunks?text=${encodeURIComponent(text)}&sizes=${sizes.join(',')}`;
        const mine = await keepAliveFetch(url);
        expect(await mine.text()).toBe(text);
        expect(mine.headers.get('transfer-encoding')).toBe('chunked');
        expect(await (await fetch(url)).text()).toBe(text);
      }),
      { numRuns: 40 },
    );
  });

  it('parses a response however the bytes are cut (head, chunk sizes, extensions, trailers, interim 100 Continue)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 120 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 6 }),
        fc.array(fc.nat(400), { maxLength: 8 }),
        fc.boolean(),
        fc.boolean(),
        async (text, sizes, at, framed, interim) => {
          const body = Buffer.from(text, 'utf8');
          const head = `HTTP/1.1 201 Made It\r\nContent-Type: text/plain\r\nX-Extra:  spaced value \r\n${framed ? 'Transfer-Encoding: chunked' : `Content-Length: ${body.length}`}\r\n\r\n`;
          const bytes = Buffer.concat([Buffer.from(`${interim ? 'HTTP/1.1 100 Continue\r\n\r\n' : ''}${head}`, 'latin1'), framed ? chunked(body, sizes) : body]);
          // twice on one connection: the second proves the first left the framing where it ended
          rawScript.push(cut(bytes, at), [bytes]);
          for (let i = 0; i < 2; i++) {
            const response = await keepAliveFetch(`${rawBase}/x`, { method: 'POST', body: 'q' });
            expect(response.status).toBe(201);
            expect(response.statusText).toBe('Made It');
            expect(response.headers.get('x-extra')).toBe('spaced value');
            expect(await response.text()).toBe(text);
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('reuses one connection for requests in turn, and one per request in flight', async () => {
    await keepAliveFetch(`${base}/warm`);
    const before = connections;
    for (let i = 0; i < 20; i++) expect(JSON.parse(await (await keepAliveFetch(`${base}/seq`, { method: 'POST', body: String(i) })).text()).body).toBe(String(i));
    expect(connections - before).toBe(0);
    const bodies = await Promise.all(Array.from({ length: 6 }, async (_, i) => (await keepAliveFetch(`${base}/par`, { method: 'POST', body: `p${i}` })).json()));
    expect(bodies.map((b) => (b as { body: string }).body)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
    expect(connections - before).toBeLessThanOrEqual(6);
    const afterParallel = connections;
    for (let i = 0; i < 6; i++) await (await keepAliveFetch(`${base}/again`)).text();
    expect(connections).toBe(afterParallel);
  });

  it('opens a new connection when the server closes one, and fails a response cut short', async () => {
    let accepted = 0;
    const closing = createServer((req, res) => {
      res.writeHead(200, { connection: 'close' });
      res.end('bye');
    });
    closing.on('connection', () => accepted++);
    await new Promise<void>((resolve) => closing.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closing.address() as AddressInfo).port}/`;
    for (let i = 0; i < 4; i++) expect(await (await keepAliveFetch(url)).text()).toBe('bye');
    expect(accepted).toBe(4);
    await new Promise<void>((resolve) => closing.close(() => resolve()));
    const error = await keepAliveFetch(`${base}/cut`).then(
      (r) => r.text(),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(String((error as TypeError).cause)).toMatch(/closed the connection/);
    // a body framed by the connection's end is read to its end
    rawScript.push([Buffer.from('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nuntil'), Buffer.from(' the end')]);
    const untilClose = keepAliveFetch(`${rawBase}/x`);
    await pause(30);
    for (const socket of [...openSockets]) socket.end();
    expect(await (await untilClose).text()).toBe('until the end');
    expect(await (await keepAliveFetch(`${base}/after`)).json()).toMatchObject({ path: '/after' });
  });

  it('drops idle connections the server closed and sends on a fresh one', async () => {
    const short = createServer((req, res) => res.end('fresh'));
    short.keepAliveTimeout = 30;
    await new Promise<void>((resolve) => short.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(short.address() as AddressInfo).port}/`;
    try {
      expect(await (await keepAliveFetch(url)).text()).toBe('fresh');
      await pause(150);
      expect(await (await keepAliveFetch(url)).text()).toBe('fresh');
    } finally {
      short.closeAllConnections();
      await new Promise<void>((resolve) => short.close(() => resolve()));
    }
  });

  it('sends and receives large bodies whole', async () => {
    const size = 3 * 1024 * 1024 + 17;
    const text = 'é'.repeat(size / 2);
    const digest = (await (await keepAliveFetch(`${base}/digest`, { method: 'POST', body: text })).json()) as { bytes: number; sha: string };
    expect(digest).toEqual({ bytes: Buffer.byteLength(text), sha: createHash('sha256').update(text).digest('hex') });
    const bytes = Buffer.alloc(size + 1, 7);
    expect(((await (await keepAliveFetch(`${base}/digest`, { method: 'POST', body: bytes })).json()) as { bytes: number }).bytes).toBe(size + 1);
    for (const framing of ['', '&length']) {
      const body = Buffer.from(await (await keepAliveFetch(`${base}/large?size=${size}${framing}`)).arrayBuffer());
      expect(body.length).toBe(size);
      expect(body.every((b, i) => b === ((i * 7 + 3) & 0xff))).toBe(true);
    }
  });

  it('reads a HEAD response without a body and keeps the connection usable', async () => {
    const response = await keepAliveFetch(`${base}/head`, { method: 'HEAD' });
    expect(response.headers.get('content-length')).toBe('5');
    expect(await response.text()).toBe('');
    const before = connections;
    expect(await (await keepAliveFetch(`${base}/head`)).text()).toBe('hello');
    expect(connections).toBe(before);
  });

  it('aborting a request closes its connection and the next request still works', async () => {
    rawScript.push([Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 50\r\n\r\nhalf')]);
    const controller = new AbortController();
    const pending = keepAliveFetch(`${rawBase}/x`, { signal: controller.signal });
    await pause(30);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(await (await keepAliveFetch(`${base}/next`)).json()).toMatchObject({ path: '/next' });
  });

  it('rejects a malformed response with a TypeError naming what was wrong', async () => {
    for (const [reply, why] of [
      ['HTTP/9 200 OK\r\n\r\n', /status line/],
      ['HTTP/1.1 200 OK\r\ncontent-length: 3\r\ncontent-length: 4\r\n\r\nabcd', /Content-Length/],
      ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n', /chunk size/],
      ['HTTP/1.1 200 OK\r\nno colon here\r\n\r\n', /header line/],
    ] as const) {
      rawScript.push([Buffer.from(reply, 'latin1')]);
      const error = await keepAliveFetch(`${rawBase}/x`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect(String((error as TypeError).cause)).toMatch(why);
    }
  });

  it('gives the openai client non-2xx answers with their JSON error, status and headers', async () => {
    const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'k', maxRetries: 0, fetch: keepAliveFetch });
    const limited = await client.post('/limited', { body: {} }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).status).toBe(429);
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).message).toContain('slow down, please');
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('0');
    const broken = await client.post('/broken', { body: {} }).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(OpenAI.InternalServerError);
    expect((broken as InstanceType<typeof OpenAI.InternalServerError>).message).toContain('the model fell over');
    const refused = new OpenAI({ baseURL: 'http://127.0.0.1:1/v1', apiKey: 'k', maxRetries: 0, fetch: keepAliveFetch });
    await expect(refused.post('/x', { body: {} })).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
  });
});

/** The raw server's open sockets. */
const openSockets: Socket[] = [];
raw.on('connection', (socket: Socket) => {
  openSockets.push(socket);
  socket.on('close', () => openSockets.splice(openSockets.indexOf(socket), 1));
});
