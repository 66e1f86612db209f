import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ToolEnv, defineTemplate, ref, type QueryInstance } from '../../src/index.js';
import { checkParaphrase, paraphraseInstances, placeholderTexts } from '../../src/tasks/paraphrase.js';
import { startFakeChatServer, type ChatRequestBody, type FakeChatServer, type FakeChatServerOptions } from '../fixtures/fake-chat-server.js';
import { kvEnvironment } from '../fixtures/kv-env.js';
import { runCli, tempDir } from '../fixtures/memory-io.js';

const servers: FakeChatServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(options: FakeChatServerOptions): Promise<FakeChatServer> {
  const server = await startFakeChatServer(options);
  servers.push(server);
  return server;
}

function instances(count: number, split = 'test'): QueryInstance[] {
  const world = kvEnvironment.world(undefined, {});
  return Array.from({ length: count }, (_, i) => kvEnvironment.draw({ seed: 100 + i, split, world }));
}

/** What the paraphrase request asked: the query and the texts to keep. */
function asked(body: ChatRequestBody): { query: string; keep: string[] } {
  const user = String(body.messages.find((m) => m.role === 'user')!.content);
  const [request, keepBlock = ''] = user.split('\nKeep verbatim:\n');
  return { query: request!.replace(/^Request: /, ''), keep: keepBlock.split('\n').filter(Boolean).map((l) => l.replace(/^- /, '')) };
}

/** A model that rewords faithfully: it reorders around the values and keeps them all. */
const faithful = (body: ChatRequestBody) => {
  const { keep } = asked(body);
  return { content: `I need help with this, it involves ${keep.join(' and ')}; please handle it.` };
};

describe('query paraphrase with a chat model', () => {
  it('rewrites queries, keeps every value verbatim, refuses one that drops a value, and never touches ground truth', async () => {
    const batch = instances(8);
    const dropQuery = batch[2]!.query;
    const sameQuery = batch[3]!.query;
    const quotedQuery = batch[4]!.query;
    const server = await serve({
      respond: (body) => {
        const { query, keep } = asked(body);
        if (query === dropQuery) return { content: `Please do the same for ${keep.slice(1).join(' and ')} and the other one.` };
        if (query === sameQuery) return { content: `  ${query}\n` };
        if (query === quotedQuery) return { content: `"Quoted: ${keep.join(', ')}"` };
        return faithful(body);
      },
    });
    const report = await paraphraseInstances(batch, { model: 'para', baseURL: server.url, environment: kvEnvironment, env: {} });
    expect(server.requests).toHaveLength(8);
    expect(report).toMatchObject({ paraphrased: 6, unchanged: 1, rejected: 1, failed: 0 });
    expect(report.problems).toEqual([{ id: batch[2]!.id, kind: 'rejected', reason: expect.stringContaining('dropped') }]);
    report.instances.forEach((out, i) => {
      const original = batch[i]!;
      expect({ ...out, query: '' }).toEqual({ ...original, query: '' });
      for (const text of placeholderTexts(original)) expect(out.query).toContain(text);
    });
    expect(report.instances[2]!.query).toBe(dropQuery);
    expect(report.instances[4]!.query.startsWith('Quoted: ')).toBe(true);
    expect(report.instances[0]!.query).not.toBe(batch[0]!.query);
    for (const { body } of server.requests) expect(body.messages[0]!.content).toContain('Keep verbatim');
  });

  it('plays a paraphrased instance to the same verdict as the original', async () => {
    const server = await serve({ respond: faithful });
    const [original] = instances(1, 'train');
    const { instances: [reworded] } = await paraphraseInstances([original!], { model: 'para', baseURL: server.url, env: {} });
    expect(reworded!.query).not.toBe(original!.query);
    const env = new ToolEnv(kvEnvironment);
    const { observation } = env.reset({ options: { instance: reworded } });
    expect(observation.messages[1]!.content).toBe(reworded!.query);
    const result = env.step({ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'Finish', arguments: JSON.stringify({ answer: original!.solution.answer }) } }] });
    expect(result.info.answer?.correct).toBe(true);
  });

  it('keeps originals when requests fail, and replays from the cache with the server closed', async () => {
    const batch = instances(3);
    const broken = await serve({ failures: Array.from({ length: 3 }, () => ({ status: 500, retryAfter: 0 })) });
    const failed = await paraphraseInstances(batch, { model: 'para', baseURL: broken.url, maxRetries: 0, env: {} });
    expect(failed).toMatchObject({ failed: 3, paraphrased: 0 });
    expect(failed.instances).toEqual(batch);

    const cacheDir = mkdtempSync(join(tmpdir(), 'lamsim-para-cache-'));
    const server = await serve({ respond: faithful });
    const live = await paraphraseInstances(batch, { model: 'para', baseURL: server.url, cacheDir, env: {} });
    await server.close();
    const replay = await paraphraseInstances(batch, { model: 'para', baseURL: server.url, cacheDir, maxRetries: 0, env: {} });
    expect(replay.instances).toEqual(live.instances);
    expect(replay.paraphrased).toBe(3);
  });

  it('finds values as the query writes them: formatted, list items, or absent', () => {
    const template = defineTemplate({
      id: 'fmt',
      text: 'Compare {city} in {year} for {items}',
      placeholders: {
        city: { schema: z.string(), description: 'a city', sample: () => 'Paris' },
        year: { schema: z.number(), description: 'a year', sample: () => 2024, format: (v) => `the year ${String(v)}` },
        items: { schema: z.array(z.string()), description: 'things', sample: () => ['rent', 'food'], format: (v) => (v as string[]).join(' and ') },
        hidden: { schema: z.string(), description: 'not in the text', sample: () => 'zzz' },
      },
      path: [{ tool: 'get_value', args: { key: ref.placeholder('city') } }],
      answer: () => null,
      compare: { kind: 'exact' },
    });
    const instance = { ...instances(1)[0]!, query: 'Compare Paris in the year 2024 for rent and food', values: { city: 'Paris', year: 2024, items: ['rent', 'food'], hidden: 'zzz' } };
    expect(placeholderTexts(instance, template)).toEqual(['Paris', 'the year 2024', 'rent', 'food']);
    expect(placeholderTexts(instance)).toEqual(['Paris', '2024', 'rent', 'food']);
    expect(checkParaphrase('In the year 2024, compare Paris for food and rent', instance.query, placeholderTexts(instance, template))).toBeNull();
    expect(checkParaphrase('Compare paris in the year 2024 for rent and food', instance.query, ['Paris'])).toMatch(/dropped "Paris"/);
    expect(checkParaphrase('', instance.query, [])).toMatch(/empty/);
    expect(checkParaphrase('x'.repeat(1000), instance.query, [])).toMatch(/too long/);
  });

  it('lamsim generate --paraphrase-model rewrites queries and nothing else', async () => {
    const plugin = resolve('test/fixtures/kv-plugin.ts');
    const dir = tempDir();
    const server = await serve({ respond: faithful });
    const plain = await runCli(['--plugin', plugin, 'generate', '--env', 'KeyValue-v0', '--seed', '5', '--count', '40', '--split', 'test', '--out', join(dir, 'plain.jsonl')]);
    const para = await runCli(['--plugin', plugin, 'generate', '--env', 'KeyValue-v0', '--seed', '5', '--count', '40', '--split', 'test', '--paraphrase-model', 'para', '--base-url', server.url, '--cache', join(dir, 'cache'), '--out', join(dir, 'para.jsonl')]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(para.code, para.stderr).toBe(0);
    expect(para.stderr).toContain('paraphrased 40 of 40 queries');
    const read = (name: string) => readFileSync(join(dir, name), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as QueryInstance);
    const [a, b] = [read('plain.jsonl'), read('para.jsonl')];
    expect(b).toHaveLength(40);
    b.forEach((inst, i) => {
      expect(inst.query).not.toBe(a[i]!.query);
      expect({ ...inst, query: '' }).toEqual({ ...a[i]!, query: '' });
    });
    expect(server.requests).toHaveLength(new Set(a.map((i) => i.query)).size);

    const stray = await runCli(['--plugin', plugin, 'generate', '--env', 'KeyValue-v0', '--base-url', server.url, '--out', join(dir, 'x.jsonl')]);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/go with --paraphrase-model/);
    const nokey = await runCli(['--plugin', plugin, 'generate', '--env', 'KeyValue-v0', '--paraphrase-model', 'gpt-4o', '--out', join(dir, 'y.jsonl')]);
    expect(nokey.code).toBe(2);
    expect(nokey.stderr).toMatch(/OPENAI_API_KEY/);
  });
});
