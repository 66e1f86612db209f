import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { ToolEnv, type QueryInstance } from '../../src/index.js';
import { checkVoice, UserVoice } from '../../src/users/voice.js';
import { startFakeChatServer, type ChatRequestBody, type FakeChatServer } from '../fixtures/fake-chat-server.js';
import { runCli, tempDir } from '../fixtures/memory-io.js';
import { playOracle } from '../fixtures/play.js';
import { env } from '../toolbench/helpers.js';

const servers: FakeChatServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function instances(count: number): QueryInstance[] {
  return Array.from({ length: count }, (_, i) => env.draw({ seed: 40 + i, split: 'multi-turn', world: env.world(env.worldSeedFor({ seed: 40 + i, split: 'multi-turn' })) }));
}

/** What the voice request asked: the message and the values to keep. */
function asked(body: ChatRequestBody): { message: string; keep: string[] } {
  const user = String(body.messages.find((m) => m.role === 'user')!.content);
  const [request, keepBlock = ''] = user.split('\nKeep verbatim:\n');
  return { message: request!.replace(/^Message: /, ''), keep: keepBlock.split('\n').filter(Boolean).map((l) => l.replace(/^- /, '')) };
}

describe('the LLM voice of the simulated user', () => {
  it('rewrites follow-ups and replies, refuses a lost value, an invented number or a stated answer, and the oracle still solves every instance', async () => {
    const batch = instances(12);
    const answers = batch.flatMap((i) => i.conversation!.intents.map((x) => x.answer));
    let call = 0;
    const server = await startFakeChatServer({
      respond: (body) => {
        const { message, keep } = asked(body);
        call++;
        if (call % 7 === 3) return { content: 'Something about 987654 of them.' };
        if (call % 7 === 5) return { content: `Is it ${answers[call % answers.length]}? ${keep.join(' ')}` };
        return { content: keep.length > 0 ? `Well, ${keep.join(' and ')} is what I have in mind.` : `So, ${message.toLowerCase()}` };
      },
    });
    servers.push(server);
    const dir = tempDir();
    const voice = new UserVoice({ model: 'voice', baseURL: server.url, cacheDir: join(dir, 'cache'), env: {} });
    const report = await voice.voice(batch);
    expect(report.rewritten).toBeGreaterThan(10);
    expect(report.rejected).toBeGreaterThan(2);
    const requests = server.requests.length;
    // Cached: a second run asks nothing and gives the same instances.
    const again = await new UserVoice({ model: 'voice', baseURL: server.url, cacheDir: join(dir, 'cache'), env: {} }).voice(batch);
    expect(server.requests.length).toBe(requests);
    expect(JSON.stringify(again.instances)).toBe(JSON.stringify(report.instances));
    const toolEnv = new ToolEnv(env, { split: 'multi-turn' });
    report.instances.forEach((out, i) => {
      const original = batch[i]!;
      expect({ ...out, conversation: undefined }).toEqual({ ...original, conversation: undefined });
      const conv = out.conversation!;
      expect(conv.intents.map((x) => [x.id, x.answer, x.calls, x.needs])).toEqual(original.conversation!.intents.map((x) => [x.id, x.answer, x.calls, x.needs]));
      for (const topic of conv.topics) for (const reply of topic.replies) expect(reply).toContain(topic.value);
      for (const text of [...conv.intents.slice(1).map((x) => x.text), ...conv.topics.flatMap((t) => t.replies)]) expect(text).not.toContain('987654');
    });
    for (const instance of report.instances) {
      const episode = await playOracle(toolEnv, instance.seed, { instance });
      expect(episode.correct, episode.detail).toBe(true);
    }
  });

  it('checkVoice keeps the facts: values verbatim, no new number, no answer', () => {
    const [instance] = instances(1);
    const conv = instance!.conversation!;
    const topic = conv.topics[0]!;
    expect(checkVoice(`Sure: ${topic.value}.`, `It is ${topic.value}.`, conv)).toBeNull();
    expect(checkVoice('Sure, that one.', `It is ${topic.value}.`, conv)).toMatch(/dropped/);
    expect(checkVoice(`Sure: ${topic.value}, 31337 times.`, `It is ${topic.value}.`, conv)).toMatch(/numbers/);
  });

  it('lamsim generate --voice-model writes voiced multi-turn instances', async () => {
    const server = await startFakeChatServer({ respond: (body) => ({ content: `Right: ${asked(body).keep.join(' ')} ${asked(body).message}`.trim() }) });
    servers.push(server);
    const dir = tempDir();
    const run = await runCli(['generate', '--env', 'ToolBench-v0', '--split', 'multi-turn', '--seed', '3', '--count', '6', '--voice-model', 'voice', '--base-url', server.url, '--out', join(dir, 'voiced.jsonl')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/voiced \d+ user texts/);
    const lines = readFileSync(join(dir, 'voiced.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as QueryInstance);
    expect(lines).toHaveLength(6);
    expect(lines.some((l) => l.conversation!.intents.slice(1).some((x) => x.text.startsWith('Right:')))).toBe(true);
  });
});
