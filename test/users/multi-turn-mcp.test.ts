import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { describe, expect, it } from 'vitest';
import { askFor, conversationMoves, ToolEnv } from '../../src/index.js';
import { episodeServer } from '../../src/mcp/episode-server.js';
import { RecordedEpisode } from '../../src/mcp/recorded-episode.js';
import { MCP_ACTION_FORMAT } from '../../src/mcp/tools.js';
import { env } from '../toolbench/helpers.js';

async function connect(split: string, seed: number): Promise<{ client: Client; episode: RecordedEpisode }> {
  const episode = new RecordedEpisode({ environment: env, split, seed, policyName: () => 'mcp:test' });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await episodeServer(episode).connect(serverSide);
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(clientSide);
  return { client, episode };
}

describe('multi-turn episodes over MCP', () => {
  it('offers message_user only in multi-turn episodes; an agent asks, gets the user reply, and solves the task', async () => {
    const single = await connect('train', 2);
    expect((await single.client.listTools()).tools.map((t) => t.name)).not.toContain('message_user');
    await single.client.close();

    const { client, episode } = await connect('multi-turn', 5);
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('message_user');
    const local = new ToolEnv(env, { split: 'multi-turn', actionFormat: MCP_ACTION_FORMAT });
    local.reset({ seed: 5, options: { split: 'multi-turn' } });
    const instance = local.instance!;
    for (const move of conversationMoves(env, instance)) {
      const result = move.kind === 'say'
        ? await client.callTool({ name: 'message_user', arguments: { text: move.text } })
        : await client.callTool({ name: move.call.tool, arguments: move.call.arguments });
      expect(result.isError, JSON.stringify(result.content)).toBe(false);
      if (move.kind === 'say') {
        const reply = (result.content as { text: string }[]).map((c) => c.text).join('\n');
        const withheld = instance.conversation!.topics.filter((t) => t.withheld);
        for (const topic of withheld) if (move.text === askFor(instance.conversation!, [topic.name])) expect(reply).toContain(topic.value);
      }
    }
    const record = await episode.finished;
    expect(record.outcome).toMatchObject({ status: 'answered', correct: true });
    expect(record.passed).toBe(true);
    await client.close();
  });
});
