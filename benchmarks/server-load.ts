/**
 * Load on `lamsim serve`: N sessions step concurrently over keep-alive connections for a fixed
 * time, against a server in its own process(es) (as a Python trainer would see it).
 *
 *   npx tsx benchmarks/server-load.ts [--sessions 64] [--seconds 3] [--workers 1] [--env kv|toolbench]
 *
 * `kv`: every session plays KeyValue-v0 episodes with a scripted policy (one episode in three
 * opens with a malformed action). `toolbench`: ToolBench-v0 train episodes played by the oracle's
 * plan (computed in this process before the clock starts). Each step's number is checked against
 * the one expected. `--workers N` runs `lamsim serve --workers N`. Prints a summary and one JSON
 * line; exits 1 on any error or lost step.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { toolbenchEnvironment } from '../envs/index.js';
import { encodeAction } from '../src/actions/encode.js';
import type { Observation, StepResult } from '../src/index.js';
import { oraclePlan } from '../src/rollout/oracle.js';
import { LamsimClient } from '../src/server/client.js';
import type { SolutionCall } from '../src/tasks/instance.js';
import { kvPolicy } from '../test/server/kv-server.js';
import { machineInfo } from './harness/machine.js';

const { values } = parseArgs({
  options: { sessions: { type: 'string', default: '64' }, seconds: { type: 'string', default: '3' }, workers: { type: 'string', default: '1' }, env: { type: 'string', default: 'kv' } },
});
const sessions = Number(values.sessions);
const seconds = Number(values.seconds);
const workers = Number(values.workers);
const envName = values.env;
if (!Number.isInteger(sessions) || sessions < 1 || !(seconds > 0)) throw new Error('--sessions must be a positive integer and --seconds a positive number');
if (!Number.isInteger(workers) || workers < 1) throw new Error('--workers must be a positive integer');
if (envName !== 'kv' && envName !== 'toolbench') throw new Error('--env must be kv or toolbench');
const envId = envName === 'kv' ? 'KeyValue-v0' : 'ToolBench-v0';

/** The actions of one episode: a scripted KeyValue move from the observation, or the oracle's plan. */
interface Episode {
  readonly seed: number;
  action(observation: Observation, step: number): unknown;
}
const EPISODES_PER_SESSION = 40;
function episodeOf(session: number, index: number): Episode {
  const seed = session * 1000 + index;
  if (envName === 'kv') return { seed, action: (observation, step) => (step === 0 && index % 3 === 2 ? 'not a tool call' : kvPolicy(observation)) };
  const plan: SolutionCall[] = oraclePlan(toolbenchEnvironment, toolbenchEnvironment.draw({ seed, split: 'train' }));
  return { seed, action: (_, step) => encodeAction('openai', [{ name: plan[Math.min(step, plan.length - 1)]!.tool, arguments: plan[Math.min(step, plan.length - 1)]!.arguments }], step + 1) };
}
const plans = Array.from({ length: sessions }, (_, s) => Array.from({ length: EPISODES_PER_SESSION }, (_, i) => episodeOf(s, i)));

const repo = resolve(import.meta.dirname, '..');
const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--plugin', 'test/fixtures/kv-plugin.ts', 'serve', '--port', '0', '--workers', String(workers), '--max-sessions', String(sessions + 8)], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise<string>((done, fail) => {
  let text = '';
  server.stdout.on('data', (chunk) => {
    text += chunk;
    if (text.includes('\n')) done((JSON.parse(text.split('\n')[0]!) as { url: string }).url);
  });
  server.on('exit', (code) => fail(new Error(`the server exited with ${code}`)));
});

const client = new LamsimClient(url, { maxSockets: sessions });
const opened = await Promise.all(Array.from({ length: sessions }, (_, i) => client.createSession({ env: envId, seed: plans[i]![0]!.seed, split: 'train' })));
// Warm-up, untimed: every session resets into each of its episodes' worlds once, so world builds
// (ToolBench's pools) and JIT warm-up stay out of the figures.
await Promise.all(opened.map(async ({ session }, index) => {
  for (const episode of plans[index]!.slice(0, 10)) await session.reset({ seed: episode.seed });
  await session.reset({ seed: plans[index]![0]!.seed });
}));
const latencies: number[] = [];
let errors = 0;
let lost = 0;
let solved = 0;
const started = performance.now();
const deadline = started + seconds * 1000;
const perSession = await Promise.all(
  opened.map(async ({ session, first }, index) => {
    const mine = plans[index]!;
    let observation = first.observation;
    let episodeStep = 0;
    let episodes = 1;
    let steps = 0;
    while (performance.now() < deadline) {
      const action = mine[(episodes - 1) % mine.length]!.action(observation, episodeStep);
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
        observation = (await session.reset({ seed: mine[episodes % mine.length]!.seed })).observation;
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
// Under --workers, /v1/health answers for one worker only.
if (workers === 1 && health.steps !== steps) lost += Math.abs(health.steps - steps);
const result = {
  benchmark: 'server-load',
  env: envId,
  workers,
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
console.log(`${envId}, ${workers} worker(s), ${sessions} sessions for ${result.seconds} s: ${steps} steps, ${result.stepsPerSecond} steps/s, latency p50 ${result.latencyMs.p50} ms p99 ${result.latencyMs.p99} ms, ${errors} errors, ${lost} lost steps`);
console.log(JSON.stringify(result));
process.exitCode = errors === 0 && lost === 0 ? 0 : 1;
