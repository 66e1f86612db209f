import type { Environment } from '../../src/core/environment.js';
import type { JsonValue } from '../../src/core/json.js';
import OpenAI from 'openai';
import { collect } from '../../src/rollout/collector.js';
import { keepAliveFetch } from '../../src/rollout/http-fetch.js';
import { OpenAIChatPolicy } from '../../src/rollout/openai-policy.js';
import { startFakeChatServer } from '../../test/fixtures/fake-chat-server.js';
import type { Benchmark, BenchContext } from '../harness/benchmark.js';
import { startChild } from '../harness/child.js';
import { figure, type Figure, type Target } from '../harness/figure.js';
import { repeat, since, spread, type Spread } from '../harness/measure.js';
import { oracleResponder } from '../harness/oracle-chat.js';
import { loadSubjects } from '../harness/subjects.js';

const CONCURRENCY = 64;
const LATENCY_MS = 20;
/** Each step waits one model reply: with CONCURRENCY episodes in flight, at best this many steps per second. */
const IDEAL_STEPS_PER_S = (CONCURRENCY * 1000) / LATENCY_MS;
const TARGET: Target = { op: '>=', value: 0.85, label: 'fake-server collection >= 85% of ideal' };

interface ServerRun {
  readonly steps: number;
  readonly episodes: number;
  readonly correct: number;
  readonly ms: number;
  /** CPU time of the collector's process (user + system) over the run. */
  readonly cpuUs: number;
  readonly requests: number;
  /** CPU time of the server's process over the run (null when it shares the collector's). */
  readonly serverCpuUs: number | null;
}

interface ServerStats {
  readonly requests: number;
  readonly maxInFlight: number;
  readonly cpuUs: number;
}

/** CPU microseconds (user + system) this process used since `start` (a `process.cpuUsage()` reading). */
function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

async function collectAgainst(url: string, environment: Environment, split: string, episodes: number): Promise<Omit<ServerRun, 'requests' | 'serverCpuUs'>> {
  const policy = new OpenAIChatPolicy({ model: 'fake-oracle', baseURL: url, apiKey: 'benchmark', concurrency: CONCURRENCY, maxRetries: 0, timeoutMs: 30_000 });
  let steps = 0;
  let correct = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const summary = await collect({ targets: [{ environment, split }], episodes, seed: 0, policy, concurrency: CONCURRENCY, actionFormat: 'openai', onRecord: (_line, record) => {
    steps += record.steps.length;
    if (record.outcome.correct) correct++;
  } });
  const ms = since(start);
  const cpuUs = cpuSince(cpu);
  if (summary.failed > 0 || policy.stats.failures > 0) throw new Error(`${environment.id}: ${summary.failed} episodes and ${policy.stats.failures} requests failed (${policy.lastError?.message ?? ''})`);
  return { steps, episodes: summary.written, correct, ms, cpuUs };
}

/** How the floor sends: the openai client over the global fetch or our keep-alive fetch, or that fetch alone. */
type FloorSender = 'openai client' | 'openai client with keep-alive fetch' | 'keep-alive fetch';

const PING = JSON.stringify({ model: 'fake', messages: [{ role: 'user', content: 'ping' }] });

/**
 * The floor: CONCURRENCY loops that only send a one-message request and wait for the reply, no
 * env, no collector. What the client and server cost per request on this machine bounds what any
 * collection can reach; the fetch alone (what the openai client sends with, minus the client's own
 * work) splits that cost between the transport and the client.
 */
async function clientOnly(url: string, requests: number, sender: FloorSender): Promise<{ requests: number; ms: number; cpuUs: number }> {
  const client = new OpenAI({ baseURL: url, apiKey: 'benchmark', maxRetries: 0, ...(sender === 'openai client' ? {} : { fetch: keepAliveFetch }) });
  const headers = { 'content-type': 'application/json', accept: 'application/json', authorization: 'Bearer benchmark' };
  const send = async (): Promise<unknown> => {
    if (sender !== 'keep-alive fetch') return client.chat.completions.create({ model: 'fake', messages: [{ role: 'user', content: 'ping' }] });
    const response = await keepAliveFetch(`${url}/chat/completions`, { method: 'POST', body: PING, headers });
    if (!response.ok) throw new Error(`the fake server answered ${response.status}`);
    return response.json();
  };
  let left = requests;
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (left > 0) {
        left--;
        await send();
      }
    }),
  );
  const ms = since(start);
  return { requests, ms, cpuUs: cpuSince(cpu) };
}

/**
 * CPU time per request or step: unlike the rates it hardly moves with the machine's load. One
 * process's JavaScript runs on one core, so a process needing more than 1e6 / (0.85 x ideal) us per
 * step cannot reach the target however idle the machine.
 */
function cpuFigure(name: string, us: Spread): Figure {
  return figure({ name, value: us.median, min: us.min, max: us.max, unit: 'us', note: `one core gives ${Math.round(1e6 / (TARGET.value * IDEAL_STEPS_PER_S))} us per step at ${Math.round(TARGET.value * 100)}% of ideal` });
}

type Placement = 'separate process' | 'same process';

async function measure(ctx: BenchContext, environment: Environment, placement: Placement): Promise<ServerRun[]> {
  const split = environment.definition.defaultSplit;
  const episodes = ctx.quick ? 2 * CONCURRENCY : 4000;
  const warmup = ctx.quick ? CONCURRENCY : 512;
  const runs = Math.min(ctx.plan.runs, 3);
  if (placement === 'same process') {
    const server = await startFakeChatServer({ latencyMs: LATENCY_MS, respond: oracleResponder(environment, split, episodes), keepRequests: false });
    try {
      return await repeat({ runs, warmup: 1 }, async (i) => {
        const before = server.requestCount;
        const run = await collectAgainst(server.url, environment, split, i < 0 ? warmup : episodes);
        return { ...run, requests: server.requestCount - before, serverCpuUs: null };
      });
    } finally {
      await server.close();
    }
  }
  const child = startChild(ctx.repo, 'benchmarks/children/fake-chat-server.ts', [environment.id, split, String(episodes), String(LATENCY_MS)]);
  try {
    const { url } = await child.next<{ url: string }>();
    return await repeat({ runs, warmup: 1 }, async (i) => {
      child.send('stats');
      await child.next<ServerStats>();
      const run = await collectAgainst(url, environment, split, i < 0 ? warmup : episodes);
      child.send('stats');
      const stats = await child.next<ServerStats>();
      return { ...run, requests: stats.requests, serverCpuUs: stats.cpuUs };
    });
  } finally {
    await child.end();
  }
}

export const collectFakeServerBenchmark: Benchmark = {
  name: 'collect-fake-server',
  title: `collection with the OpenAI chat policy against the fake chat-completions server (${LATENCY_MS} ms per reply, concurrency ${CONCURRENCY}), achieved vs ideal steps/s`,
  async run(ctx) {
    const { subjects, missing } = await loadSubjects();
    const figures: Figure[] = [];
    const details: Record<string, JsonValue> = {};
    const skipped = [...missing];
    const floorServer = startChild(ctx.repo, 'benchmarks/children/fake-chat-server.ts', ['-', '-', '0', String(LATENCY_MS)]);
    try {
      const { url } = await floorServer.next<{ url: string }>();
      const count = ctx.quick ? 4 * CONCURRENCY : 12_000;
      // The bare client (the global fetch), then with the keep-alive fetch the chat policy uses, then that fetch alone.
      for (const sender of ['openai client', 'openai client with keep-alive fetch', 'keep-alive fetch'] as const) {
        const runs = await repeat({ runs: Math.min(ctx.plan.runs, 3), warmup: 1 }, async (i) => {
          floorServer.send('stats');
          await floorServer.next<ServerStats>();
          const run = await clientOnly(url, i < 0 ? 8 * CONCURRENCY : count, sender);
          floorServer.send('stats');
          return { ...run, serverCpuUs: (await floorServer.next<ServerStats>()).cpuUs };
        });
        const achieved = spread(runs.map((r) => (r.requests * 1000) / r.ms));
        const clientCpu = spread(runs.map((r) => r.cpuUs / r.requests));
        const serverCpu = spread(runs.map((r) => r.serverCpuUs / r.requests));
        const label = `${sender} alone`;
        figures.push(figure({ name: `${label}, server in separate process`, value: achieved.median, min: achieved.min, max: achieved.max, unit: 'requests/s', note: `ideal ${IDEAL_STEPS_PER_S}` }));
        figures.push(figure({ name: `${label}: share of ideal`, value: achieved.median / IDEAL_STEPS_PER_S, unit: 'ratio' }));
        figures.push(cpuFigure(`${label}: client CPU per request`, clientCpu));
        figures.push(cpuFigure(`${label}: server CPU per request`, serverCpu));
        details[{ 'openai client': 'client only', 'openai client with keep-alive fetch': 'client only, keep-alive fetch', 'keep-alive fetch': 'keep-alive fetch only' }[sender]] = { requestsPerRun: count, achieved: [...achieved.values], clientCpuUsPerRequest: [...clientCpu.values], serverCpuUsPerRequest: [...serverCpu.values] };
        ctx.log(`${label}: ${achieved.median.toFixed(0)} requests/s of ${IDEAL_STEPS_PER_S} ideal; CPU per request ${clientCpu.median.toFixed(0)} us client, ${serverCpu.median.toFixed(0)} us server`);
      }
    } finally {
      await floorServer.end();
    }
    for (const { family, environment } of subjects) {
      if (family === 'crmarena') {
        skipped.push(`${environment.id}: not run against the fake server (its tool results run to 250k characters per turn, so the transcript, not the env, would be measured)`);
        continue;
      }
      for (const placement of ['separate process', 'same process'] as const) {
        const runs = await measure(ctx, environment, placement);
        for (const r of runs) if (r.requests !== r.steps) throw new Error(`${environment.id}: ${r.requests} requests for ${r.steps} steps`);
        const achieved = spread(runs.map((r) => (r.steps * 1000) / r.ms));
        const share = spread(achieved.values.map((v) => v / IDEAL_STEPS_PER_S));
        const label = `${environment.id} server in ${placement}`;
        figures.push(figure({ name: `${label}: achieved`, value: achieved.median, min: achieved.min, max: achieved.max, unit: 'steps/s', note: `ideal ${IDEAL_STEPS_PER_S} steps/s` }));
        figures.push(figure({ name: `${label}: share of ideal`, value: share.median, min: share.min, max: share.max, unit: 'ratio', ...(placement === 'separate process' ? { target: TARGET } : {}) }));
        const collectorCpu = spread(runs.map((r) => r.cpuUs / r.steps));
        figures.push(cpuFigure(`${label}: ${placement === 'same process' ? 'collector + server' : 'collector'} CPU per step`, collectorCpu));
        const serverRuns = runs.flatMap((r) => (r.serverCpuUs === null ? [] : [r.serverCpuUs / r.steps]));
        const serverCpu = serverRuns.length > 0 ? spread(serverRuns) : null;
        if (serverCpu) figures.push(cpuFigure(`${label}: server CPU per step`, serverCpu));
        const first = runs[0]!;
        details[label] = { concurrency: CONCURRENCY, latencyMs: LATENCY_MS, idealStepsPerS: IDEAL_STEPS_PER_S, episodesPerRun: first.episodes, stepsPerEpisode: first.steps / first.episodes, correctShare: first.correct / first.episodes, achieved: [...achieved.values], collectorCpuUsPerStep: [...collectorCpu.values], ...(serverCpu ? { serverCpuUsPerStep: [...serverCpu.values] } : {}) };
        ctx.log(`${label}: ${achieved.median.toFixed(0)} steps/s of ${IDEAL_STEPS_PER_S} ideal (${(100 * share.median).toFixed(1)}%), ${first.correct}/${first.episodes} correct; CPU per step ${collectorCpu.median.toFixed(0)} us collector${serverCpu ? `, ${serverCpu.median.toFixed(0)} us server` : ''}`);
      }
    }
    return { figures, details, skipped };
  },
};
