import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinEnvironments } from '../../envs/index.js';
import { stableJson } from '../../src/core/json.js';
import { ToolEnv } from '../../src/core/tool-env.js';
import { mcpRoute } from '../../src/mcp/http.js';
import { callResult, mcpAction, mcpTools, MESSAGE_USER, messageAction, messageUserTool } from '../../src/mcp/tools.js';
import { conversationMoves } from '../../src/rollout/conversation-plan.js';
import { moveAction } from '../../src/rollout/oracle.js';
import { LamsimClient } from '../../src/server/client.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { encodeMessage } from '../../src/users/plain-message.js';

const toolbench = builtinEnvironments.find((e) => e.id === 'ToolBench-v0')!;
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

async function mcpClient(session: { id: string; token: string }): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/v1/sessions/${session.id}/mcp`), { requestInit: { headers: { authorization: `Bearer ${session.token}` } } });
  const client = new Client({ name: 'vitest-multi-turn', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

describe('multi-turn episodes over MCP and HTTP', () => {
  it('an MCP agent talks to the user with message_user: same replies as in process, and the oracle solves the episode', async () => {
    for (const seed of [3, 8, 15]) {
      const local = new ToolEnv(toolbench, { actionFormat: 'openai' });
      local.reset({ seed, options: { split: 'multi-turn' } });
      const { session } = await lamsim.createSession({ env: toolbench.id, seed, split: 'multi-turn', make: { actionFormat: 'openai' } });
      const client = await mcpClient(session);
      try {
        const tools = (await client.listTools()).tools;
        expect(tools).toEqual([...mcpTools(local.observation().tools), messageUserTool]);
        expect(tools.at(-1)!.name).toBe(MESSAGE_USER);
        const moves = conversationMoves(toolbench, local.instance!);
        expect(moves.some((m) => m.kind === 'say')).toBe(true);
        // a redundant question first (penalised, an MCP tool error carrying the user's reminder), then the oracle
        const said = local.instance!.conversation!.topics.find((t) => !t.withheld && t.saidBy === 0);
        const calls = [...(said ? [{ name: MESSAGE_USER, arguments: { text: `Sorry, which ${said.label} was it again?` } }] : []), ...moves.map((m) => (m.kind === 'say' ? { name: MESSAGE_USER, arguments: { text: m.text } } : { name: m.call.tool, arguments: m.call.arguments as Record<string, unknown> }))];
        let last;
        for (const call of calls) {
          const before = local.observation().messages;
          const action = call.name === MESSAGE_USER ? messageAction(call.arguments) : mcpAction(call.name, call.arguments, before.filter((m) => m.role === 'assistant').length + 1);
          last = local.step(action);
          const got = await client.callTool(call);
          expect(stableJson(got)).toBe(stableJson(callResult(last, before.length)));
          if (call.name === MESSAGE_USER) expect((got.content as { text: string }[])[0]!.text).toBe(last.info.user!.reply);
        }
        expect(last!.terminated).toBe(true);
        expect(last!.info.answer!.correct).toBe(true);
        expect(await session.render('json')).toBe(local.render('json'));
      } finally {
        await client.close();
        await session.close();
      }
    }
  });

  it('single-turn sessions list no message_user, and calling it there is an unknown tool', async () => {
    const { session, first } = await lamsim.createSession({ env: toolbench.id, seed: 2 });
    const client = await mcpClient(session);
    try {
      const tools = (await client.listTools()).tools;
      expect(tools).toEqual(mcpTools(first.observation.tools));
      expect(tools.some((t) => t.name === MESSAGE_USER)).toBe(false);
      const got = await client.callTool({ name: MESSAGE_USER, arguments: { text: 'hi' } });
      expect(got.isError).toBe(true);
    } finally {
      await client.close();
      await session.close();
    }
  });

  it('HTTP: a plain message steps the user, info.user comes back, and a snapshot taken mid-conversation restores the user where it was', async () => {
    const local = new ToolEnv(toolbench, { split: 'multi-turn', actionFormat: 'react' });
    // the first seed whose episode asks the user something after a first move
    let seed = 0;
    for (; ; seed++) {
      local.reset({ seed });
      if (conversationMoves(toolbench, local.instance!).some((m) => m.kind === 'say')) break;
    }
    const { session } = await lamsim.createSession({ env: toolbench.id, seed, split: 'multi-turn', make: { actionFormat: 'react' } });
    try {
      const moves = conversationMoves(toolbench, local.instance!);
      const ask = moves.findIndex((m) => m.kind === 'say');
      expect(ask).toBeGreaterThanOrEqual(0);
      const play = async (i: number) => {
        const m = moves[i]!;
        const action = m.kind === 'say' ? encodeMessage('react', m.text) : moveAction({ format: 'react', step: i, environment: toolbench }, m);
        const remote = await session.step(action);
        const here = local.step(action);
        expect(remote.info.user).toEqual(here.info.user);
        expect(remote.reward).toBe(here.reward);
        return remote;
      };
      for (let i = 0; i <= ask; i++) await play(i);
      const snapshot = await session.snapshot();
      const rest: unknown[] = [];
      for (let i = ask + 1; i < moves.length; i++) rest.push((await play(i)).info.user ?? null);
      // back to just after the question: the user has given what was asked, and replays the same turns
      await session.restore(snapshot);
      const again = await session.step(encodeMessage('react', (moves[ask] as { text: string }).text));
      expect(again.info.user!.penalty).toBe('redundantQuestion');
      await session.restore(snapshot);
      for (let i = ask + 1; i < moves.length; i++) {
        const m = moves[i]!;
        const action = moveAction({ format: 'react', step: i, environment: toolbench }, m);
        const r = await session.step(action);
        expect(r.info.user ?? null).toEqual(rest[i - ask - 1]);
        if (i === moves.length - 1) expect(r.info.answer!.correct).toBe(true);
      }
    } finally {
      await session.close();
    }
  });
});
