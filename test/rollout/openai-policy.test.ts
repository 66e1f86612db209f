import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ToolEnv, encodeAction, oraclePlan, rngStream, type Observation, type StepResult } from '../../src/index.js';
import { ChatConfigurationError, PLACEHOLDER_API_KEY } from '../../src/rollout/chat-client.js';
import { isFailedAction, OpenAIChatPolicy, type OpenAIChatPolicyOptions } from '../../src/rollout/openai-policy.js';
import type { PolicyContext } from '../../src/rollout/policy.js';
import { startFakeChatServer, type ChatRequestBody, type FakeChatServer, type FakeChatServerOptions } from '../fixtures/fake-chat-server.js';
import { kvEnvironment } from '../fixtures/kv-env.js';

const servers: FakeChatServer[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(options: FakeChatServerOptions): Promise<FakeChatServer> {
  const server = await startFakeChatServer(options);
  servers.push(server);
  return server;
}

function policyFor(server: FakeChatServer, options: Partial<OpenAIChatPolicyOptions> = {}): OpenAIChatPolicy {
  return new OpenAIChatPolicy({ model: 'fake-model', baseURL: server.url, apiKey: 'test-key', timeoutMs: 5_000, ...options });
}

/** A fresh KV episode and the context a collector would hand the policy at its first step. */
function firstStep(format = 'openai', seed = 1): { env: ToolEnv; ctx: PolicyContext } {
  const env = new ToolEnv(kvEnvironment, { actionFormat: format });
  const { observation, info } = env.reset({ seed });
  return { env, ctx: contextAt(env, observation, info.tallies, 0, seed) };
}

function contextAt(env: ToolEnv, observation: Observation, tallies: PolicyContext['tallies'], step: number, seed: number): PolicyContext {
  return { observation, instance: env.instance!, environment: env.environment, tallies, step, format: env.actionFormat, rng: rngStream(seed, 'policy', String(step)) };
}

/** Plays one episode with the policy; returns the last step. */
async function play(env: ToolEnv, policy: OpenAIChatPolicy, seed: number, split: string): Promise<StepResult> {
  let { observation, info } = env.reset({ seed, options: { split } });
  let tallies = info.tallies;
  for (let step = 0; ; step++) {
    const [action] = await policy.act(contextAt(env, observation, tallies, step, seed), 1);
    const result = env.step(action);
    if (result.terminated || result.truncated) return result;
    observation = result.observation;
    tallies = result.info.tallies;
  }
}

const assistantTurns = (body: ChatRequestBody) => body.messages.filter((m) => m.role === 'assistant').length;

describe('OpenAIChatPolicy through the openai client and a local chat server', () => {
  it('plays whole KV episodes with native tool calls to the full reward', async () => {
    let env!: ToolEnv;
    const server = await serve({
      respond: (body) => {
        const call = oraclePlan(kvEnvironment, env.instance!)[assistantTurns(body)]!;
        return { tool_calls: [{ name: call.tool, arguments: call.arguments }] };
      },
    });
    const policy = policyFor(server, { mode: 'tools' });
    let steps = 0;
    for (const split of ['train', 'test']) {
      env = new ToolEnv(kvEnvironment, { split, actionFormat: 'openai' });
      for (let seed = 0; seed < 6; seed++) {
        const last = await play(env, policy, seed, split);
        expect(last.info.answer?.correct, `${split}/${seed}: ${last.info.answer?.detail}`).toBe(true);
        expect(last.info.tallies.return).toBe(1);
        expect(last.info.tallies.errors).toEqual({ structure: 0, toolname: 0, arguments: 0, execution: 0 });
        steps += last.info.step;
      }
    }
    expect(server.requests).toHaveLength(steps);
    for (const { body, headers } of server.requests) {
      expect(headers['content-type']).toBe('application/json');
      expect(Object.keys(headers).filter((h) => h.startsWith('x-stainless'))).toEqual([]);
      expect(body.model).toBe('fake-model');
      expect(body.parallel_tool_calls).toBe(false);
      expect(body.tools!.map((t) => t.function.name).at(-1)).toBe('Finish');
      const toolMessages = body.messages.filter((m) => m.role === 'tool');
      expect(toolMessages.length).toBe(assistantTurns(body));
      for (const m of toolMessages) expect(Object.keys(m).sort()).toEqual(['content', 'role', 'tool_call_id']);
    }
    expect(policy.stats).toMatchObject({ requests: steps, retries: 0, failures: 0 });
    expect(policy.stats.promptTokens).toBeGreaterThan(0);
  });

  it('plays whole episodes in the xLAM and ReAct text formats, with no tools field and no tool messages', async () => {
    for (const mode of ['xlam', 'react'] as const) {
      let env!: ToolEnv;
      const server = await serve({
        respond: (body) => {
          const call = oraclePlan(kvEnvironment, env.instance!)[assistantTurns(body)]!;
          return { content: encodeAction(mode, [{ name: call.tool, arguments: call.arguments }], 0, 'looking it up') as string };
        },
      });
      const policy = policyFor(server, { mode });
      expect(policy.actionFormat).toBe(mode);
      env = new ToolEnv(kvEnvironment, { split: 'test', actionFormat: mode });
      for (let seed = 0; seed < 4; seed++) {
        const last = await play(env, policy, seed, 'test');
        expect(last.info.answer?.correct, `${mode}/${seed}`).toBe(true);
        expect(last.info.tallies.return).toBe(1);
      }
      for (const { body } of server.requests) {
        expect(body.tools).toBeUndefined();
        expect(body.messages.some((m) => m.role === 'tool')).toBe(false);
        const system = body.messages[0]!;
        expect(system.role).toBe('system');
        expect(system.content).toContain('You operate a key-value store');
        expect(system.content).toContain(mode === 'xlam' ? '"tool_calls"' : 'Action Input:');
        expect(system.content).toContain('"name":"Finish"');
        body.messages.slice(1).forEach((m, i) => expect(m.role).toBe(i % 2 === 0 ? 'user' : 'assistant'));
        if (assistantTurns(body) > 0) expect(body.messages.at(-1)!.content).toMatch(/^Observation: /);
        if (mode === 'react') expect(body.stop).toEqual(['\nObservation:']);
      }
    }
  });

  it('rewrites a native tool-call transcript for a text-mode model', async () => {
    const server = await serve({ respond: () => ({ content: 'Thought: done\nAction: Finish\nAction Input: {"answer": "1"}' }) });
    const { env } = firstStep('openai', 3);
    const call = oraclePlan(kvEnvironment, env.instance!)[0]!;
    const stepped = env.step(encodeAction('openai', [{ name: call.tool, arguments: call.arguments }], 1, 'first look'));
    expect(stepped.observation.messages.some((m) => m.role === 'tool')).toBe(true);
    const ctx = contextAt(env, stepped.observation, stepped.info.tallies, 1, 3);
    const [action] = await policyFor(server, { mode: 'react' }).act(ctx, 1);
    expect(action).toMatch(/^Thought: done/);
    const { messages } = server.requests[0]!.body;
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[2]!.content).toBe(`Thought: first look\nAction: ${call.tool}\nAction Input: ${JSON.stringify(call.arguments)}`);
    expect(messages[3]!.content).toBe(`Observation: ${(stepped.observation.messages.at(-1) as { content: string }).content}`);
  });

  it('follows the env action format when no mode is given', async () => {
    const server = await serve({ respond: () => ({ content: '{"thought": "", "tool_calls": [{"name": "Finish", "arguments": {"answer": "1"}}]}' }) });
    const { env, ctx } = firstStep('xlam');
    const [action] = await policyFor(server).act(ctx, 1);
    expect(typeof action).toBe('string');
    expect(server.requests[0]!.body.tools).toBeUndefined();
    expect(env.step(action).info.action.ok).toBe(true);
  });

  it('turns malformed tool arguments into a structure error, not a crash', async () => {
    const server = await serve({ script: [{ tool_calls: [{ name: 'get_value', arguments: '{"key": "key_0' }] }] });
    const { env, ctx } = firstStep();
    const [action] = await policyFor(server).act(ctx, 1);
    const result = env.step(action);
    expect(result.info.action.errorClass).toBe('structure');
    expect(result.info.action.message).toMatch(/not valid JSON/);
    expect(isFailedAction(action)).toBe(false);
  });

  it('retries a 429 (honouring Retry-After) and then plays the answer', async () => {
    const server = await serve({ failures: [{ status: 429, retryAfter: 0 }, { status: 503, retryAfter: 0 }], script: [{ tool_calls: [{ name: 'Finish', arguments: { answer: 'x' } }] }] });
    const { env, ctx } = firstStep();
    const policy = policyFor(server, { maxRetries: 2 });
    const [action] = await policy.act(ctx, 1);
    expect(server.requests).toHaveLength(3);
    expect(policy.stats).toMatchObject({ requests: 3, retries: 2, failures: 0 });
    expect(policy.lastError).toBeNull();
    expect(env.step(action).terminated).toBe(true);
  });

  it('gives up after its retries on repeated 500s with an action the env classifies', async () => {
    const server = await serve({ failures: Array.from({ length: 6 }, () => ({ status: 500, retryAfter: 0 })), script: [{ content: 'never reached' }] });
    const { env, ctx } = firstStep();
    const policy = policyFor(server, { maxRetries: 2 });
    const actions = await policy.act(ctx, 2);
    expect(server.requests).toHaveLength(6);
    expect(actions).toHaveLength(2);
    expect(actions.every(isFailedAction)).toBe(true);
    expect(policy.stats).toMatchObject({ requests: 6, retries: 4, failures: 2 });
    expect(policy.lastError).toMatchObject({ kind: 'http', status: 500, attempts: 3 });
    const result = env.step(actions[0]);
    expect(result.info.action.errorClass).toBe('structure');
    expect(result.terminated).toBe(false);
  });

  it('does not retry a 400 and throws on a configuration error', async () => {
    const bad = await serve({ failures: [{ status: 400, message: 'context too long' }] });
    const policy = policyFor(bad, { maxRetries: 3 });
    const [action] = await policy.act(firstStep().ctx, 1);
    expect(isFailedAction(action)).toBe(true);
    expect(bad.requests).toHaveLength(1);
    expect(policy.lastError?.message).toContain('context too long');
    const denied = await serve({ failures: [{ status: 401, message: 'bad key' }] });
    await expect(policyFor(denied).act(firstStep().ctx, 1)).rejects.toThrow(ChatConfigurationError);
  });

  it('treats a body that is not a completion as a failed request', async () => {
    const server = await serve({ script: [{ raw: 'upstream hiccup', status: 200 }] });
    const policy = policyFor(server);
    const [action] = await policy.act(firstStep().ctx, 1);
    expect(isFailedAction(action)).toBe(true);
    expect(policy.lastError?.kind).toBe('bad_response');
  });

  it('retries a reply slower than the timeout, or fails when no retry is allowed', async () => {
    const slowThenFast = await serve({ script: [{ content: 'late', delayMs: 3_000 }, { tool_calls: [{ name: 'Finish', arguments: { answer: '2' } }] }] });
    const patient = policyFor(slowThenFast, { timeoutMs: 150, maxRetries: 1 });
    const [ok] = await patient.act(firstStep().ctx, 1);
    expect(slowThenFast.requests).toHaveLength(2);
    expect((ok as { tool_calls: unknown[] }).tool_calls).toHaveLength(1);
    expect(patient.stats.retries).toBe(1);

    const slow = await serve({ script: [{ content: 'late', delayMs: 3_000 }] });
    const strict = policyFor(slow, { timeoutMs: 150, maxRetries: 0 });
    const [failed] = await strict.act(firstStep().ctx, 1);
    expect(isFailedAction(failed)).toBe(true);
    expect(strict.lastError).toMatchObject({ kind: 'timeout', attempts: 1 });
    expect(slow.requests).toHaveLength(1);
  });

  it('samples n candidates at temperatures[i % len], through `n` or through parallel requests', async () => {
    const respond = (body: ChatRequestBody, at: { choice: number }) => ({ content: `t=${body.temperature} c=${at.choice}` });
    const temperatures = [0, 0.5, 1];
    const expected = Array.from({ length: 7 }, (_, i) => temperatures[i % 3]);

    const viaN = await serve({ respond });
    const grouped = policyFor(viaN, { temperatures, useN: true });
    const a = (await grouped.act(firstStep().ctx, 7)) as { content: string }[];
    expect(a.map((x) => Number(/t=([\d.]+)/.exec(x.content)![1]))).toEqual(expected);
    expect(viaN.requests.map((r) => [r.body.temperature, r.body.n ?? 1]).sort()).toEqual([[0, 3], [0.5, 2], [1, 2]]);
    expect(a.filter((x) => x.content.startsWith('t=0 ')).map((x) => x.content)).toEqual(['t=0 c=0', 't=0 c=1', 't=0 c=2']);
    expect(Array.from({ length: 7 }, (_, i) => grouped.temperatureOf(i))).toEqual(expected);

    const parallel = await serve({ respond });
    const single = policyFor(parallel, { temperatures });
    const b = (await single.act(firstStep().ctx, 7)) as { content: string }[];
    expect(b.map((x) => x.content)).toEqual(expected.map((t) => `t=${t} c=0`));
    expect(parallel.requests).toHaveLength(7);
    expect(parallel.requests.every((r) => r.body.n === undefined)).toBe(true);
  });

  it('asks again for the candidates a server that ignores `n` left out', async () => {
    const server = await serve({ ignoreN: true, respond: (body) => ({ content: `t=${body.temperature}` }) });
    const policy = policyFor(server, { temperatures: [0, 1], useN: true });
    const actions = (await policy.act(firstStep().ctx, 5)) as { content: string }[];
    expect(actions.map((x) => x.content)).toEqual(['t=0', 't=1', 't=0', 't=1', 't=0']);
    expect(server.requests).toHaveLength(2 + 3);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    const server = await serve({ latencyMs: 30, respond: () => ({ content: 'x' }) });
    const policy = policyFor(server, { concurrency: 2, temperatures: [0, 1] });
    await Promise.all([policy.act(firstStep('openai', 1).ctx, 4), policy.act(firstStep('openai', 2).ctx, 4)]);
    expect(server.requests).toHaveLength(8);
    expect(server.maxInFlight).toBeLessThanOrEqual(2);
  });

  it('replays from the response cache with the server closed', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'lamsim-chat-cache-'));
    let counter = 0;
    const server = await serve({ respond: () => ({ tool_calls: [{ name: 'get_value', arguments: { key: `k${counter++}` } }] }) });
    const options = { cacheDir, temperatures: [0, 0.7], useN: true };
    const live = await policyFor(server, options).act(firstStep().ctx, 4);
    expect(server.requests).toHaveLength(2);
    expect(readdirSync(cacheDir).length).toBeGreaterThan(0);
    await server.close();

    const offline = policyFor(server, { ...options, maxRetries: 0 });
    const replayed = await offline.act(firstStep().ctx, 4);
    expect(replayed).toEqual(live);
    expect(offline.stats).toMatchObject({ cacheHits: 2, requests: 0, failures: 0 });

    const otherStep = await offline.act(firstStep('openai', 2).ctx, 1);
    expect(isFailedAction(otherStep[0])).toBe(true);
    expect(offline.lastError?.kind).toBe('network');
  });

  it('reads the key from OPENAI_API_KEY and sends a placeholder to a local server without one', async () => {
    const server = await serve({ respond: () => ({ content: 'x' }) });
    vi.stubEnv('OPENAI_API_KEY', 'from-env');
    await new OpenAIChatPolicy({ model: 'm', baseURL: server.url }).act(firstStep().ctx, 1);
    vi.stubEnv('OPENAI_API_KEY', '');
    vi.stubEnv('OPENAI_BASE_URL', server.url);
    const local = new OpenAIChatPolicy({ model: 'm' });
    expect(local.baseURL).toBe(server.url);
    await local.act(firstStep().ctx, 1);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer from-env', `Bearer ${PLACEHOLDER_API_KEY}`]);
    vi.stubEnv('OPENAI_BASE_URL', '');
    expect(() => new OpenAIChatPolicy({ model: 'm' })).toThrow(/OPENAI_API_KEY/);
  });

  it('rejects bad options at construction', () => {
    const base = { model: 'm', baseURL: 'http://127.0.0.1:9/v1' };
    expect(() => new OpenAIChatPolicy({ ...base, temperatures: [] })).toThrow(/temperatures/);
    expect(() => new OpenAIChatPolicy({ ...base, temperatures: [3] })).toThrow(/temperatures/);
    expect(() => new OpenAIChatPolicy({ ...base, mode: 'json' as never })).toThrow(/mode/);
    expect(() => new OpenAIChatPolicy({ ...base, concurrency: 0 })).toThrow(/concurrency/);
    expect(new OpenAIChatPolicy(base).name).toBe('openai:m');
  });
});
