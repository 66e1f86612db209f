import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinEnvironments } from '../../envs/index.js';
import { stableJson } from '../../src/core/json.js';
import { ToolEnv } from '../../src/core/tool-env.js';
import { mcpRoute } from '../../src/mcp/http.js';
import { callResult, mcpAction, mcpTools } from '../../src/mcp/tools.js';
import { LamsimClient, type RemoteSession } from '../../src/server/client.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { cliArgv } from '../setup/built-cli.js';
import { solvingCalls, textOf, type McpCall } from './episodes.js';

let server: RunningServer;
let lamsim: LamsimClient;
beforeAll(async () => {
  server = await startServer({ port: 0, routes: (state) => [mcpRoute(state)] });
  lamsim = new LamsimClient(server.url);
});
afterAll(async () => {
  lamsim.destroy();
  await server.close();
});

async function mcpClient(session: { id: string; token: string }, token = session.token): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/v1/sessions/${session.id}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } });
  const client = new Client({ name: 'vitest-http-client', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

type Move = { kind: 'next' } | { kind: 'unknown'; name: string } | { kind: 'arguments'; args: Record<string, unknown> };

const moves: fc.Arbitrary<Move> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Move>({ kind: 'next' }) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z_]{1,20}$/).map((name): Move => ({ kind: 'unknown', name: `x_${name}` })) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }).map((args): Move => ({ kind: 'arguments', args: JSON.parse(JSON.stringify(args)) as Record<string, unknown> })) },
);

describe('MCP over Streamable HTTP (lamsim serve) with the TypeScript SDK client', () => {
  it('answers every call byte-for-byte as the same action stepped in process, and leaves the same rewards, tallies and verdict on the control protocol', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(0, 1), fc.nat({ max: 5_000 }), fc.array(moves, { minLength: 1, maxLength: 10 }), async (which, seed, plan) => {
        const environment = builtinEnvironments[which]!;
        const split = environment.definition.defaultSplit;
        const local = new ToolEnv(environment, { actionFormat: 'openai' });
        local.reset({ seed, options: { split } });
        const { session } = await lamsim.createSession({ env: environment.id, seed, split, make: { actionFormat: 'openai' } });
        const client = await mcpClient(session);
        try {
          const solving = solvingCalls(environment, seed, split);
          expect((await client.listTools()).tools).toEqual(mcpTools(local.observation().tools));
          let passed = 0;
          for (const move of [...plan, ...solving.map((): Move => ({ kind: 'next' }))]) {
            const call: McpCall = move.kind === 'next' ? solving[Math.min(passed, solving.length - 1)]! : move.kind === 'unknown' ? { name: move.name, arguments: {} } : { name: solving[0]!.name, arguments: move.args };
            const before = local.observation().messages;
            const expected = local.step(mcpAction(call.name, call.arguments, before.filter((m) => m.role === 'assistant').length + 1));
            const got = await client.callTool(call);
            expect(stableJson(got)).toBe(stableJson(callResult(expected, before.length)));
            passed = expected.info.tallies.passed;
            if (expected.terminated || expected.truncated) break;
          }
          expect(await session.render('json')).toBe(local.render('json'));
        } finally {
          await client.close();
          await session.close();
        }
      }),
      { numRuns: 10 },
    );
  });

  it('plays an episode to a rewarded end, then refuses calls until the trainer resets, and serves the new episode\'s tools', async () => {
    const environment = builtinEnvironments[0]!;
    const { session, first } = await lamsim.createSession({ env: environment.id, seed: 21 });
    const client = await mcpClient(session);
    try {
      expect((await client.listTools()).tools).toEqual(mcpTools(first.observation.tools));
      expect(client.getInstructions()).toContain(first.observation.messages[1]!.content);
      const solving = solvingCalls(environment, 21, environment.definition.defaultSplit);
      for (const call of solving) expect((await client.callTool(call)).isError).toBe(false);
      const verdict = JSON.parse(await session.render('json')) as { terminated: boolean; answer: { correct: boolean }; tallies: { return: number; steps: number } };
      expect([verdict.terminated, verdict.answer.correct, verdict.tallies.steps]).toEqual([true, true, solving.length]);
      expect(verdict.tallies.return).toBeGreaterThan(0);
      await expect(client.callTool(solving[0]!)).rejects.toThrow(new RegExp(`episode is over .*POST /v1/sessions/${session.id}/reset`));
      const next = await session.reset({ seed: 22 });
      expect((await client.listTools()).tools).toEqual(mcpTools(next.observation.tools));
      const unknown = await client.callTool({ name: 'no_such_tool', arguments: {} });
      expect([unknown.isError, textOf(unknown)]).toEqual([true, expect.stringContaining('no_such_tool')]);
    } finally {
      await client.close();
    }
    const health = JSON.parse((await lamsim.request('GET', '/v1/health')).text) as { steps: number };
    expect(health.steps).toBeGreaterThanOrEqual(4);
    await session.close();
  });

  it('refuses a wrong token, a missing one and an unknown session with a JSON-RPC error the client shows', async () => {
    const { session } = await lamsim.createSession({ env: 'ToolBench-v0', seed: 1 });
    await expect(mcpClient(session, 'not-the-token')).rejects.toThrow(/forbidden: the token does not belong to session/);
    await expect(mcpClient({ id: 'A'.repeat(22), token: session.token })).rejects.toThrow(/session_not_found: /);
    const bare = await lamsim.request('POST', `/v1/sessions/${session.id}/mcp`, { jsonrpc: '2.0', id: 7, method: 'tools/list' });
    expect(bare.status).toBe(401);
    expect(JSON.parse(bare.text)).toEqual({ jsonrpc: '2.0', id: 7, error: { code: -32600, message: expect.stringMatching(/^unauthorized: send the session token/) } });
    expect((await lamsim.request('GET', `/v1/sessions/${session.id}/mcp`, undefined, session.token)).status).toBe(405);
    const garbled = await lamsim.request('POST', `/v1/sessions/${session.id}/mcp`, '{"jsonrpc":', session.token);
    expect([garbled.status, JSON.parse(garbled.text).error.message]).toEqual([400, expect.stringMatching(/^invalid_json: /)]);
    await session.close();
  });

  it('refuses a session whose env does not read tool calls in the openai format', async () => {
    const { session } = await lamsim.createSession({ env: 'ToolBench-v0', seed: 1, make: { actionFormat: 'react' } });
    await expect(mcpClient(session)).rejects.toThrow(/does not read openai tool calls/);
    await session.close();
  });

  it('is served by `lamsim serve` itself', async () => {
    const child = spawn(process.execPath, cliArgv('serve', '--port', '0'), { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const url = await new Promise<string>((done, fail) => {
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          if (text.includes('\n')) done((JSON.parse(text.split('\n')[0]!) as { url: string }).url);
        });
        child.once('exit', (code) => fail(new Error(`lamsim serve exited with ${code}`)));
      });
      const control = new LamsimClient(url);
      const { session, first } = await control.createSession({ env: 'CRMArena-v0', seed: 3 });
      const transport = new StreamableHTTPClientTransport(new URL(`${url}/v1/sessions/${session.id}/mcp`), { requestInit: { headers: { authorization: `Bearer ${session.token}` } } });
      const client = new Client({ name: 'vitest-serve-client', version: '1.0.0' });
      await client.connect(transport);
      expect((await client.listTools()).tools).toEqual(mcpTools(first.observation.tools));
      await client.close();
      control.destroy();
    } finally {
      child.kill('SIGTERM');
    }
  });
});
