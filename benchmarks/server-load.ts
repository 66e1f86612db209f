/**
 * Load on `lamsim serve`: N sessions step concurrently over keep-alive connections for a fixed
 * time, against a server in its own process (as a Python trainer would see it).
 *
 *   npx tsx benchmarks/server-load.ts [--sessions 64] [--seconds 3]
 *
 * Every session plays KeyValue-v0 episodes with a scripted policy (one episode in three opens
 * with a malformed action) and checks that each step's number is the one it expects. Prints a
 * summary and one JSON line; exits 1 on any error or lost step.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { StepResult } from '../src/index.js';
import { LamsimClient } from '../src/server/client.js';
import { kvPolicy } from '../test/server/kv-server.js';
import { machineInfo } from './harness/machine.js';

const { values } = parseArgs({ options: { sessions: { type: 'string', default: '64' }, seconds: { type: 'string', default: '3' } } });
const sessions = Number(values.sessions);
const seconds = Number(values.seconds);
if (!Number.isInteger(sessions) || sessions < 1 || !(seconds > 0)) throw new Error('--sessions must be a positive integer and --seconds a positive number');

const repo = resolve(import.meta.dirname, '..');
const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--plugin', 'test/fixtures/kv-plugin.ts', 'serve', '--port', '0', '--max-sessions', String(sessions + 8)], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise<string>((done, fail) => {
  let text = '';
  server.stdout.on('data', (chunk) => {
    text += chunk;
    if (text.includes('\n')) done((JSON.parse(text.split('\n')[0]!) as { url: string }).url);
  });
  server.on('exit', (code) => fail(new Error(`the server exited with ${code}`)));
});

const client = new LamsimClient(url, { maxSockets: sessions });
const opened = await Promise.all(Array.from({ length: sessions }, (_, i) => client.createSession({ env: 'KeyValue-v0', seed: i, split: i % 2 === 0 ? 'train' : 'test' })));
const latencies: number[] = [];
let errors = 0;
let lost = 0;
let solved = 0;
const started = performance.now();
const deadline = started + seconds * 1000;
const perSession = await Promise.all(
  opened.map(async ({ session, first }) => {
    let observation = first.observation;
    let episodeStep = 0;
    let episodes = 1;
    let steps = 0;
    while (performance.now() < deadline) {
      const action = episodeStep === 0 && episodes % 3 === 0 ? 'not a tool call' : kvPolicy(observation);
      const sent = performance.now();
      let result: StepResult;
      try {
        result = await session.step(action);
      } catch (error) {
        errors++;
        console.error(String(error));
        break;
      }
      latencies.push(performance.now() - sent);
      steps++;
      episodeStep++;
      if (result.info.step !== episodeStep) lost++;
      observation = result.observation;
      if (result.terminated || result.truncated) {
        if (result.info.answer?.correct) solved++;
        observation = (await session.reset()).observation;
        episodes++;
        episodeStep = 0;
      }
    }
    const closed = await session.close();
    if (closed.steps !== steps) lost += Math.abs(closed.steps - steps);
    return steps;
  }),
);
const elapsed = (performance.now() - started) / 1000;
const health = await client.call<{ steps: number; sessions: number }>('GET', '/v1/health');
client.destroy();
server.kill('SIGTERM');
await new Promise((done) => server.on('exit', done));

const steps = perSession.reduce((a, b) => a + b, 0);
latencies.sort((a, b) => a - b);
const quantile = (q: number) => Number((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(2));
if (health.steps !== steps) lost += Math.abs(health.steps - steps);
const result = {
  benchmark: 'server-load',
  env: 'KeyValue-v0',
  sessions,
  seconds: Number(elapsed.toFixed(2)),
  steps,
  stepsPerSecond: Math.round(steps / elapsed),
  latencyMs: { p50: quantile(0.5), p90: quantile(0.9), p99: quantile(0.99) },
  episodesSolved: solved,
  errors,
  lostSteps: lost,
  machine: machineInfo(repo),
};
console.log(`${sessions} sessions for ${result.seconds} s: ${steps} steps, ${result.stepsPerSecond} steps/s, latency p50 ${result.latencyMs.p50} ms p99 ${result.latencyMs.p99} ms, ${errors} errors, ${lost} lost steps`);
console.log(JSON.stringify(result));
process.exitCode = errors === 0 && lost === 0 ? 0 : 1;
