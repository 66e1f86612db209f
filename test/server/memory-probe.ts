/**
 * Run as `node --expose-gc --import tsx test/server/memory-probe.ts`: opens, steps and closes
 * many sessions over HTTP, and prints one JSON line of heap figures after forced collections.
 */
import type { Env } from '../../src/index.js';
import type { RemoteSession } from '../../src/server/client.js';
import { kvPolicy, kvServer } from './kv-server.js';

const SESSIONS = 150;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

async function settle(): Promise<number> {
  for (let i = 0; i < 6; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc!();
  }
  return process.memoryUsage().heapUsed;
}

const kv = await kvServer();

/** Opens the sessions and plays each to its last step with long actions, so each holds a sizeable transcript. */
async function open(): Promise<RemoteSession[]> {
  return Promise.all(
    Array.from({ length: SESSIONS }, async (_, i) => {
      const { session, first } = await kv.client.createSession({ env: 'KeyValue-v0', seed: i, make: { maxSteps: 8 } });
      for (let step = 0; step < 3; step++) await session.step(`${'pondering '.repeat(1900)}${step}`);
      await session.step(kvPolicy(first.observation));
      return session;
    }),
  );
}

async function closeAll(sessions: RemoteSession[]): Promise<number[]> {
  return Promise.all(sessions.map(async (s) => (await s.close()).steps));
}

await closeAll(await open());
const baseline = await settle();

let sessions: RemoteSession[] | null = await open();
const envs = sessions.map((s) => new WeakRef<Env>(kv.server.sessions.access(s.id, `Bearer ${s.token}`).env));
const live = await settle();
const liveSessions = kv.server.sessions.size;
const steps = await closeAll(sessions);
sessions = null;
const after = await settle();
const collected = envs.filter((ref) => ref.deref() === undefined).length;

process.stdout.write(`${JSON.stringify({ baseline, live, after, liveSessions, sessionsAfter: kv.server.sessions.size, steps: steps.reduce((a, b) => a + b, 0), envs: envs.length, collected })}\n`);
await kv.stop();
