/**
 * Load on `lamsim serve`: N sessions step concurrently over kept-alive connections for a fixed
 * time, against a server in its own process(es), once per worker count asked for.
 *
 *   npx tsx benchmarks/server-load.ts [--workers 1,2] [--sessions 64] [--seconds 5] [--warmup 2]
 *       [--env toolbench|kv] [--routing sticky|spread] [--out FILE] [--cpu-prof DIR]
 *
 * `toolbench`: ToolBench-v0 train episodes played by the oracle's plan, every request
 * pre-serialised before the clock starts. `kv`: KeyValue-v0 with a scripted policy (one episode in
 * three opens with a malformed action). Each step's number is checked against the one expected.
 *
 * The load generator is one process with one raw kept-alive socket per session (`--routing
 * sticky`: a session lives on the worker that holds its connection, as with a client that keeps
 * a connection per env) or a shared pool of sockets handed out in turn (`spread`: under
 * `--workers N` about (N-1)/N of the requests reach a worker that does not hold the session and
 * are forwarded). It reports its own CPU time and the server's (every process of the cluster,
 * from /proc) per step, so a run on a machine whose cores the client shares with the server shows
 * where the time went. Resets between episodes are part of the timed load but not counted as steps.
 *
 * Writes `benchmarks/results/server-load.json` (or --out), prints one line per run and one JSON
 * line; exits 1 on any error or lost step.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { toolbenchEnvironment } from '../envs/index.js';
import { encodeAction } from '../src/actions/encode.js';
import type { ChatMessage as Message, Observation } from '../src/index.js';
import { clearWorldCache } from '../src/core/world-cache.js';
import { oraclePlan } from '../src/rollout/oracle.js';
import { kvPolicy } from '../test/server/kv-server.js';
import { machineInfo } from './harness/machine.js';
import { cpuTimes, processTree } from './harness/process-cpu.js';
import { RawConnection, rawRequest, type RawReply } from './harness/raw-http.js';
import { readStepFields, type StepFields } from './harness/step-reply.js';

const repo = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '64' },
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    workers: { type: 'string', default: '1,2' },
    env: { type: 'string', default: 'toolbench' },
    routing: { type: 'string', default: 'sticky' },
    out: { type: 'string', default: resolve(repo, 'benchmarks/results/server-load.json') },
    'cpu-prof': { type: 'string' },
  },
});
const sessions = Number(values.sessions);
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
const workerCounts = values.workers.split(',').map(Number);
const envName = values.env;
const routing = values.routing;
if (!Number.isInteger(sessions) || sessions < 1 || !(seconds > 0) || !(warmup >= 0)) throw new Error('--sessions must be a positive integer, --seconds and --warmup positive numbers');
if (!workerCounts.every((n) => Number.isInteger(n) && n >= 1)) throw new Error('--workers must be positive integers, comma-separated (e.g. 1,2)');
if (envName !== 'kv' && envName !== 'toolbench') throw new Error('--env must be toolbench or kv');
if (routing !== 'sticky' && routing !== 'spread') throw new Error('--routing must be sticky or spread');
const envId = envName === 'kv' ? 'KeyValue-v0' : 'ToolBench-v0';
const tty = process.stderr.isTTY === true;
const progress = (line: string) => tty && process.stderr.write(`${line}\n`);

const EPISODES_PER_SESSION = envName === 'kv' ? 40 : 8;
const seedOf = (session: number, episode: number) => session * 1000 + episode;
/** ToolBench: each episode's step bodies, serialised once (the oracle's calls, then Finish repeated). */
const toolbenchBodies: string[][][] =
  envName !== 'toolbench'
    ? []
    : Array.from({ length: sessions }, (_, s) =>
        Array.from({ length: EPISODES_PER_SESSION }, (_, e) => {
          const plan = oraclePlan(toolbenchEnvironment, toolbenchEnvironment.draw({ seed: seedOf(s, e), split: 'train' }));
          return plan.map((call, step) => JSON.stringify({ action: encodeAction('openai', [{ name: call.tool, arguments: call.arguments }], step + 1) }));
        }),
      );

// The worlds the plans were drawn in are the server's business: a load generator holding them
// would pay for marking them in every major GC of the timed run.
clearWorldCache();

interface Pool {
  take(session: number): RawConnection;
  give(session: number, connection: RawConnection): void;
}
function pool(connections: RawConnection[]): Pool {
  if (routing === 'sticky') return { take: (session) => connections[session]!, give: () => {} };
  const free = [...connections];
  return { take: () => free.shift()!, give: (_, connection) => free.push(connection) };
}

interface Player {
  readonly id: string;
  readonly step: Buffer[][];
  readonly reset: Buffer[];
  episode: number;
  episodeStep: number;
  messages: Message[];
  observation: Observation;
  steps: number;
}

interface Tally {
  steps: number;
  resets: number;
  solved: number;
  errors: number;
  lost: number;
  latencies: number[];
}

/** One request on the session's connection (sticky) or on the next free one (spread). */
function exchange(connections: Pool, session: number, request: Buffer): Promise<RawReply> {
  const connection = connections.take(session);
  if (routing === 'sticky') return connection.send(request);
  return connection.send(request).finally(() => connections.give(session, connection));
}

/** Plays one session until the deadline; `tally.latencies` gets each step's round trip in ms. */
async function play(player: Player, session: number, connections: Pool, host: string, deadline: number, tally: Tally): Promise<void> {
  while (performance.now() < deadline) {
    const planned = player.step[player.episode];
    const body = planned !== undefined ? planned[Math.min(player.episodeStep, planned.length - 1)]! : stepBody(player);
    const sent = performance.now();
    const reply = await exchange(connections, session, body);
    tally.latencies.push(performance.now() - sent);
    if (reply.status !== 200) {
      tally.errors++;
      console.error(`step ${reply.status}: ${reply.text}`);
      return;
    }
    // kv's policy reads the transcript; ToolBench's checks read only the fields checked.
    const kvReply = envName === 'kv' ? (JSON.parse(reply.text) as KvReply) : undefined;
    const result = kvReply !== undefined ? fieldsOf(kvReply) : (readStepFields(reply.body) ?? fieldsOf(JSON.parse(reply.text) as KvReply));
    player.steps++;
    player.episodeStep++;
    tally.steps++;
    if (result.step !== player.episodeStep) tally.lost++;
    if (kvReply !== undefined) {
      player.messages.length = kvReply.observation.from;
      player.messages.push(...kvReply.observation.messages);
    }
    if (result.terminated || result.truncated) {
      if (result.correct === true) tally.solved++;
      player.episode = (player.episode + 1) % EPISODES_PER_SESSION;
      player.episodeStep = 0;
      const reset = await exchange(connections, session, player.reset[player.episode]!);
      tally.resets++;
      if (reset.status !== 200) {
        tally.errors++;
        console.error(`reset ${reset.status}: ${reset.text}`);
        return;
      }
      if (envName === 'kv') adopt(player, (JSON.parse(reset.text) as { observation: Observation }).observation);
    }
  }
  function stepBody(p: Player): Buffer {
    const observation = { ...p.observation, messages: p.messages };
    const action = p.episodeStep === 0 && p.episode % 3 === 2 ? 'not a tool call' : kvPolicy(observation);
    return rawRequest('POST', `/v1/sessions/${p.id}/step`, host, JSON.stringify({ action }), tokens.get(p.id));
  }
}
const tokens = new Map<string, string>();

type KvReply = { observation: { from: number; messages: Message[] }; terminated: boolean; truncated: boolean; info: { step: number; answer?: { correct?: boolean } } };
const fieldsOf = (reply: KvReply): StepFields => ({ step: reply.info.step, correct: reply.info.answer?.correct, terminated: reply.terminated, truncated: reply.truncated });

function adopt(player: Player, observation: Observation): void {
  player.observation = observation;
  player.messages = [...observation.messages];
}

async function startServer(workers: number): Promise<{ child: ChildProcess; port: number }> {
  const node = ['--import', 'tsx', ...(values['cpu-prof'] !== undefined ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : [])];
  const child = spawn(process.execPath, [...node, 'src/cli/main.ts', '--plugin', 'test/fixtures/kv-plugin.ts', 'serve', '--port', '0', '--workers', String(workers), '--max-sessions', String(sessions + 8)], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((done, fail) => {
    let text = '';
    child.stdout!.on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) done((JSON.parse(text.split('\n')[0]!) as { port: number }).port);
    });
    child.on('exit', (code) => fail(new Error(`the server exited with ${code}`)));
  });
  return { child, port };
}

const quantile = (sorted: readonly number[], q: number) => Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(2));

async function run(workers: number) {
  progress(`${envId}, ${workers} worker(s): starting`);
  const { child, port } = await startServer(workers);
  // A run that fails part-way must not leave its server behind.
  const stopServer = () => child.kill('SIGTERM');
  process.once('exit', stopServer);
  const host = `127.0.0.1:${port}`;
  // Sessions are created concurrently, each right after its connection opens (a connection idle
  // past the server's headers timeout before its first request is dropped).
  const connections = await Promise.all(Array.from({ length: sessions }, () => RawConnection.open(port)));
  const shared = pool(connections);
  const players: Player[] = await Promise.all(Array.from({ length: sessions }, async (_, s) => {
    const created = await exchange(shared, s, rawRequest('POST', '/v1/sessions', host, JSON.stringify({ env: envId, seed: seedOf(s, 0), split: 'train' })));
    if (created.status !== 201) throw new Error(`creating a session: ${created.status} ${created.text}`);
    const { session: id, token, observation } = JSON.parse(created.text) as { session: string; token: string; observation: Observation };
    tokens.set(id, token);
    const step = envName === 'toolbench' ? toolbenchBodies[s]!.map((episode) => episode.map((body) => rawRequest('POST', `/v1/sessions/${id}/step`, host, body, token))) : [];
    const reset = Array.from({ length: EPISODES_PER_SESSION }, (_, e) => rawRequest('POST', `/v1/sessions/${id}/reset`, host, JSON.stringify({ seed: seedOf(s, e) }), token));
    return { id, step, reset, episode: 0, episodeStep: 0, messages: [...observation.messages], observation, steps: 0 };
  }));
  const owners = workers === 1 ? 1 : new Set(players.map((p) => p.id[0])).size;
  // Warm-up, untimed: every episode reset once (worlds built and templates drawn in whichever
  // worker holds the session), then play for --warmup seconds (JIT).
  await Promise.all(players.map(async (p, s) => {
    for (const reset of [...p.reset.slice(1), p.reset[0]!]) {
      const reply = await exchange(shared, s, reset);
      if (reply.status !== 200) throw new Error(`warm-up reset: ${reply.status} ${reply.text}`);
    }
  }));
  const warm: Tally = { steps: 0, resets: 0, solved: 0, errors: 0, lost: 0, latencies: [] };
  const warmUntil = performance.now() + warmup * 1000;
  await Promise.all(players.map((p, s) => play(p, s, shared, host, warmUntil, warm)));
  progress(`${envId}, ${workers} worker(s): warmed up (${warm.steps} steps); measuring for ${seconds} s`);

  const pids = processTree(child.pid!);
  const load = loadavg()[0]!;
  const serverCpu0 = cpuTimes(pids);
  const clientCpu0 = process.cpuUsage();
  const tally: Tally = { steps: 0, resets: 0, solved: 0, errors: 0, lost: warm.lost, latencies: [] };
  const started = performance.now();
  await Promise.all(players.map((p, s) => play(p, s, shared, host, started + seconds * 1000, tally)));
  const elapsed = (performance.now() - started) / 1000;
  const clientCpuUsage = process.cpuUsage(clientCpu0);
  const clientCpu = (clientCpuUsage.user + clientCpuUsage.system) / 1e6;
  const serverCpu1 = cpuTimes(pids);
  const serverCpu = serverCpu1.user + serverCpu1.system - serverCpu0.user - serverCpu0.system;
  const usPerStep = (seconds: number) => Math.round((seconds / tally.steps) * 1e6);
  const loadAfter = loadavg()[0]!;

  for (const [s, p] of players.entries()) {
    const closed = await exchange(shared, s, rawRequest('DELETE', `/v1/sessions/${p.id}`, host, undefined, tokens.get(p.id)));
    const steps = (JSON.parse(closed.text) as { steps?: number }).steps;
    if (closed.status !== 200 || steps !== p.steps) tally.lost += Math.abs((steps ?? 0) - p.steps);
  }
  for (const connection of connections) connection.close();
  process.off('exit', stopServer);
  child.kill('SIGTERM');
  await new Promise((done) => child.on('exit', done));

  const latencies = tally.latencies.sort((a, b) => a - b);
  const result = {
    env: envId,
    workers,
    workersHoldingSessions: owners,
    routing,
    sessions,
    seconds: Number(elapsed.toFixed(2)),
    steps: tally.steps,
    resets: tally.resets,
    stepsPerSecond: Math.round(tally.steps / elapsed),
    latencyMs: { p50: quantile(latencies, 0.5), p90: quantile(latencies, 0.9), p99: quantile(latencies, 0.99) },
    serverCpuSeconds: Number(serverCpu.toFixed(2)),
    serverCpuUsPerStep: usPerStep(serverCpu),
    // The kernel's share (socket system calls, loopback delivery) is a floor neither side's code can cut.
    serverSystemCpuUsPerStep: usPerStep(serverCpu1.system - serverCpu0.system),
    clientCpuSeconds: Number(clientCpu.toFixed(2)),
    clientCpuUsPerStep: usPerStep(clientCpu),
    clientSystemCpuUsPerStep: usPerStep(clientCpuUsage.system / 1e6),
    clientCpuShare: Number((clientCpu / (clientCpu + serverCpu)).toFixed(3)),
    episodesSolved: tally.solved,
    errors: tally.errors,
    lostSteps: tally.lost,
    loadAverage: { before: Number(load.toFixed(2)), after: Number(loadAfter.toFixed(2)) },
  };
  console.log(
    `${envId}, ${workers} worker(s), ${routing}, ${sessions} sessions for ${result.seconds} s: ${result.stepsPerSecond} steps/s, p50 ${result.latencyMs.p50} ms p99 ${result.latencyMs.p99} ms; server ${result.serverCpuUsPerStep} us CPU/step (${result.serverSystemCpuUsPerStep} in the kernel), client ${result.clientCpuUsPerStep} us CPU/step (${result.clientSystemCpuUsPerStep} in the kernel) (${Math.round(result.clientCpuShare * 100)}% of the CPU used); load ${result.loadAverage.before}; ${result.errors} errors, ${result.lostSteps} lost steps`,
  );
  return result;
}

const runs = [];
for (const workers of workerCounts) runs.push(await run(workers));
const one = runs.find((r) => r.workers === 1);
const two = runs.find((r) => r.workers === 2);
const scaling =
  one && two
    ? {
        speedup2v1: Number((two.stepsPerSecond / one.stepsPerSecond).toFixed(2)),
        // With cores of its own for each worker (the client elsewhere), 2 workers would serve
        // 2 / (their CPU per step) against 1 / (one worker's): the ratio the CPU figures allow.
        cpuBoundSpeedup2v1: Number(((2 * one.serverCpuUsPerStep) / two.serverCpuUsPerStep).toFixed(2)),
      }
    : undefined;
const report = { benchmark: 'server-load', runs, ...(scaling ? { scaling } : {}), machine: machineInfo(repo) };
writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
if (scaling) console.log(`2 workers vs 1: ${scaling.speedup2v1}x measured; ${scaling.cpuBoundSpeedup2v1}x from server CPU per step (what 2 dedicated cores would give)`);
console.log(JSON.stringify(report));
process.exitCode = runs.every((r) => r.errors === 0 && r.lostSteps === 0) ? 0 : 1;
