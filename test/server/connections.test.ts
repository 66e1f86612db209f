import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { kvServer } from './kv-server.js';

/** A raw socket to the server, with what it received and when it was closed. */
async function connect(url: string): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  const { port, hostname } = new URL(url);
  const socket = new Socket();
  socket.on('error', () => undefined);
  let text = '';
  socket.on('data', (chunk) => (text += chunk.toString()));
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
  await new Promise<void>((resolve) => socket.connect(Number(port), hostname, resolve));
  return { socket, received: () => text, closed };
}

/** Writes `text` one byte every `everyMs` until the socket is closed; resolves with the bytes written. */
function dribble(socket: Socket, text: string, everyMs: number): Promise<number> {
  return new Promise((resolve) => {
    let i = 0;
    const timer = setInterval(() => {
      if (socket.destroyed || i >= text.length) {
        clearInterval(timer);
        resolve(i);
        return;
      }
      socket.write(text[i++]!);
    }, everyMs);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('slow and idle connections', () => {
  it('drops a slow-loris client that never finishes its headers within the headers timeout', async () => {
    const kv = await kvServer({ headersTimeoutMs: 1_000 });
    try {
      const started = Date.now();
      const { socket, closed } = await connect(kv.server.url);
      const headers = `GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n${'X-Slow: '.padEnd(400, 'z')}`;
      const written = dribble(socket, headers, 50);
      const at = await Promise.race([closed, sleep(8_000).then(() => -1)]);
      expect(at, 'the server kept the slow socket open for 8 s').toBeGreaterThan(0);
      expect(at - started).toBeLessThan(4_000);
      expect(await written).toBeLessThan(headers.length);
      expect((await kv.client.call<{ status: string }>('GET', '/v1/health')).status).toBe('ok');
    } finally {
      await kv.stop();
    }
  });

  it('drops a client that sends its body too slowly within the request timeout', async () => {
    const kv = await kvServer({ headersTimeoutMs: 500, requestTimeoutMs: 1_500 });
    try {
      const started = Date.now();
      const { socket, closed, received } = await connect(kv.server.url);
      socket.write('POST /v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n');
      void dribble(socket, `{"env":"KeyValue-v0","seed":1${' '.repeat(360)}}`, 50);
      const at = await Promise.race([closed, sleep(8_000).then(() => -1)]);
      expect(at, 'the server kept the slow body open for 8 s').toBeGreaterThan(0);
      expect(at - started).toBeLessThan(5_000);
      expect(received()).toMatch(/^(HTTP\/1\.1 408|)/);
      expect(kv.server.sessions.size).toBe(0);
    } finally {
      await kv.stop();
    }
  });

  it('closes idle kept-alive connections after the keep-alive timeout, and serves them until then', async () => {
    const kv = await kvServer({ headersTimeoutMs: 300, keepAliveTimeoutMs: 1_200 });
    try {
      const { socket, closed, received } = await connect(kv.server.url);
      const ask = 'GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
      socket.write(ask);
      await sleep(700);
      socket.write(ask);
      await sleep(200);
      expect(received().match(/HTTP\/1\.1 200/g)).toHaveLength(2);
      const lastRequest = Date.now();
      const at = await Promise.race([closed, sleep(6_000).then(() => -1)]);
      expect(at).toBeGreaterThan(0);
      expect(at - lastRequest).toBeGreaterThan(600);
      expect(at - lastRequest).toBeLessThan(3_000);
    } finally {
      await kv.stop();
    }
  });

  it('caps open connections: one more is dropped on arrival, and a freed slot is usable', async () => {
    const kv = await kvServer({ maxConnections: 3 });
    try {
      const held = await Promise.all([0, 1, 2].map(() => connect(kv.server.url)));
      const extra = await connect(kv.server.url);
      const at = await Promise.race([extra.closed, sleep(3_000).then(() => -1)]);
      expect(at, 'the fourth connection was kept').toBeGreaterThan(0);
      expect(extra.received()).toBe('');
      held[0]!.socket.destroy();
      await held[0]!.closed;
      await sleep(50);
      const next = await connect(kv.server.url);
      next.socket.write('GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
      await next.closed;
      expect(next.received()).toMatch(/^HTTP\/1\.1 200/);
      for (const h of held) h.socket.destroy();
    } finally {
      await kv.stop();
    }
  });
});
