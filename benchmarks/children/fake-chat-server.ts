/**
 * Runs the fake chat-completions server in its own process, as a model server would be, playing
 * the oracle. Prints `{"url": ...}` once listening; answers a `stats` line on stdin with the
 * server's counts and the CPU time it used since the last `stats`; closes when stdin ends.
 * Usage: node --import tsx benchmarks/children/fake-chat-server.ts ENV_ID|- SPLIT EPISODES LATENCY_MS
 */
import { createInterface } from 'node:readline';
import { startFakeChatServer, type FakeChatServerOptions } from '../../test/fixtures/fake-chat-server.js';
import { oracleResponder } from '../harness/oracle-chat.js';
import { loadSubjects } from '../harness/subjects.js';

const [envId, split, episodes, latency] = process.argv.slice(2);
/** With ENV_ID `-`, every request gets a plain "ok" (the client-only floor). */
async function responder(): Promise<FakeChatServerOptions['respond']> {
  if (envId === '-') return () => ({ content: 'ok' });
  const { subjects } = await loadSubjects();
  const subject = subjects.find((s) => s.environment.id === envId);
  if (!subject) throw new Error(`no environment ${envId}`);
  return oracleResponder(subject.environment, split!, Number(episodes));
}
const server = await startFakeChatServer({ latencyMs: Number(latency), respond: await responder(), keepRequests: false });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
const lines = createInterface({ input: process.stdin });
let cpu = process.cpuUsage();
let counted = 0;
lines.on('line', (line) => {
  if (line.trim() === 'stats') {
    const requests = server.requestCount - counted;
    counted = server.requestCount;
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    process.stdout.write(`${JSON.stringify({ requests, maxInFlight: server.maxInFlight, cpuUs: used.user + used.system })}\n`);
  }
});
lines.on('close', () => {
  void server.close().then(() => process.exit(0));
});
