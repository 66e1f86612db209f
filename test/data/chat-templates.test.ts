import { beforeAll, describe, expect, it } from 'vitest';
import { builtinEnvironments } from '../../envs/index.js';
import { NoisyOraclePolicy } from '../../src/rollout/noisy-oracle.js';
import { EXPORT_FORMATS, exportLines, type ExportFormat, type ExportOptions } from '../../src/data/export.js';
import { collectFile, type Collected } from '../fixtures/collected.js';
import { kvEnvironment } from '../fixtures/kv-env.js';
import { tempDir } from '../fixtures/memory-io.js';
import { chatsOf, DOUBLE_ENCODED, loadTemplates, render, TEMPLATE_DIR } from './template-rows.js';

const templates = loadTemplates();
if (!templates) throw new Error(`chat-template fixtures are absent: expected ${TEMPLATE_DIR} (../shared/fixtures beside the repo)`);

/** Real noisy-oracle collections: both built-in envs and the kv env, every action format, several seeds, with and without sampled candidates. */
const COLLECTIONS = [
  { name: 'builtin-openai', actionFormat: 'openai', seed: 11, samplesPerStep: 3 },
  { name: 'builtin-openai-errors', actionFormat: 'openai', seed: 29, samplesPerStep: 1 },
  { name: 'builtin-xlam', actionFormat: 'xlam', seed: 5, samplesPerStep: 2 },
  { name: 'builtin-react', actionFormat: 'react', seed: 17, samplesPerStep: 1 },
  { name: 'kv-openai', actionFormat: 'openai', seed: 3, samplesPerStep: 2, kv: true },
  { name: 'multi-turn-openai', actionFormat: 'openai', seed: 7, samplesPerStep: 3, multiTurn: true },
  { name: 'multi-turn-react', actionFormat: 'react', seed: 13, samplesPerStep: 2, multiTurn: true },
] as const;

/** Multi-turn conversations: the noisy oracle asks, answers too early and asks again, so user turns follow messages, answers and tool replies. */
const MULTI_TURN_NOISE = new NoisyOraclePolicy({ structure: 0.1, toolname: 0.08, arguments: 0.1, answer: 0.15, fix: 0.75, premature: 0.4, redundant: 0.15 });

const RUNS: { format: ExportFormat; options: Omit<ExportOptions, 'format'> }[] = [
  { format: 'trl-sft', options: { unfiltered: true, withErrors: true } },
  { format: 'trl-sft', options: {} },
  { format: 'trl-dpo', options: { level: 'step' } },
  { format: 'trl-dpo', options: { level: 'trajectory' } },
  { format: 'openai-sft', options: { unfiltered: true, withErrors: true } },
  { format: 'openai-dpo', options: { level: 'step' } },
  { format: 'sharegpt', options: { unfiltered: true, withErrors: true } },
  { format: 'sharegpt-dpo', options: { level: 'step' } },
];

const toolbench = builtinEnvironments.find((e) => e.id === 'ToolBench-v0')!;
const crmarena = builtinEnvironments.find((e) => e.id === 'CRMArena-v0')!;
const collected = new Map<string, Collected>();
beforeAll(async () => {
  const dir = tempDir();
  for (const c of COLLECTIONS) {
    if ('multiTurn' in c) {
      // the react collection also holds CRMArena's multi-turn split
      const targets = c.actionFormat === 'react' ? [{ environment: toolbench, split: 'multi-turn' }, { environment: crmarena, split: 'multi-turn' }] : [{ environment: toolbench, split: 'multi-turn' }];
      collected.set(c.name, await collectFile(dir, `${c.name}.jsonl`, { targets, actionFormat: c.actionFormat, seed: c.seed, samplesPerStep: c.samplesPerStep, episodes: targets.length > 1 ? 24 : 40, policy: MULTI_TURN_NOISE }));
      continue;
    }
    const targets = 'kv' in c ? [{ environment: kvEnvironment, split: 'test' }] : builtinEnvironments.map((environment) => ({ environment, split: environment.definition.defaultSplit }));
    collected.set(c.name, await collectFile(dir, `${c.name}.jsonl`, { targets, actionFormat: c.actionFormat, seed: c.seed, samplesPerStep: c.samplesPerStep, episodes: 'kv' in c ? 40 : 16 }));
  }
}, 300_000);

async function rows(path: string, format: ExportFormat, options: Omit<ExportOptions, 'format'>): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const line of exportLines(path, { format, ...options })) out.push(JSON.parse(line) as Record<string, unknown>);
  return out;
}

describe('exported rows render with the chat templates of popular tool-calling models', () => {
  it('every row of every chat format, from every collection, renders with every template, without double-encoded arguments', async () => {
    const rendered = new Map<string, number>();
    let malformed = 0;
    for (const c of COLLECTIONS) {
      const { path } = collected.get(c.name)!;
      for (const run of RUNS) {
        expect(EXPORT_FORMATS[run.format]).toBeDefined();
        const lines = await rows(path, run.format, run.options);
        for (const line of lines) {
          for (const chat of chatsOf(run.format, line)) {
            if (chat.messages.some((m) => m.role === 'assistant' && typeof m['content'] === 'string' && m['content'].startsWith('{"name": '))) malformed++;
            for (const { name, template } of templates) {
              let text: string;
              try {
                text = render(template, chat);
              } catch (error) {
                throw new Error(`${name} refused a ${run.format} row of ${c.name}: ${(error as Error).message}\n${JSON.stringify(chat.messages).slice(0, 1500)}`);
              }
              expect(DOUBLE_ENCODED.test(text), `${name}: double-encoded arguments in a ${run.format} row of ${c.name}`).toBe(false);
              rendered.set(name, (rendered.get(name) ?? 0) + 1);
            }
          }
        }
      }
    }
    for (const { name } of templates) expect(rendered.get(name)).toBeGreaterThan(1000);
    // the collections hold malformed calls, so the text form of one is exercised
    expect(malformed).toBeGreaterThan(0);
    console.log(`rendered conversations per template: ${[...rendered].map(([n, k]) => `${n} ${k}`).join(', ')}; with a malformed call written as text: ${malformed}`);
  }, 300_000);

  it('a malformed call is kept as exactly the text written, in TRL, OpenAI and ShareGPT rows', async () => {
    let checked = 0;
    for (const c of COLLECTIONS) {
      const { path, records } = collected.get(c.name)!;
      const written = new Set<string>();
      const played = new Set<string>();
      for (const record of records) {
        for (const step of [...record.steps, ...record.steps.flatMap((s) => s.candidates ?? [])]) {
          const isPlayed = record.steps.includes(step as never);
          const action = step.action as { tool_calls?: { function: { arguments: string } }[] } | undefined;
          for (const call of action?.tool_calls ?? step.assistant.tool_calls ?? []) {
            try {
              const parsed: unknown = JSON.parse(call.function.arguments);
              if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) continue;
            } catch {
              // malformed
            }
            written.add(call.function.arguments);
            if (isPlayed) played.add(call.function.arguments);
          }
        }
      }
      if (written.size === 0) continue;
      const trl = JSON.stringify(await rows(path, 'trl-dpo', { level: 'step' }));
      const openai = JSON.stringify(await rows(path, 'openai-sft', { unfiltered: true, withErrors: true }));
      const sharegpt = JSON.stringify(await rows(path, 'sharegpt-dpo', { level: 'step' }));
      for (const text of written) {
        const asText = JSON.stringify(`, "arguments": ${text}}`).slice(1, -1);
        // TRL and ShareGPT carry the call as text with the arguments verbatim; OpenAI as the arguments string itself
        if (trl.includes(asText)) {
          expect(sharegpt.includes(asText), text).toBe(true);
          checked++;
        }
        if (played.has(text)) {
          // every played step is in the unfiltered SFT file with its errors
          expect(openai.includes(`"arguments":${JSON.stringify(text)}`), text).toBe(true);
          expect(trl.includes(asText) || JSON.stringify(await rows(path, 'trl-sft', { unfiltered: true, withErrors: true })).includes(asText), text).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  }, 120_000);

  it('multi-turn rows: user turns are user messages, messages to the user are plain assistant text, and step pairs exist on such messages', async () => {
    for (const name of ['multi-turn-openai', 'multi-turn-react']) {
      const { path, records } = collected.get(name)!;
      const replies = records.flatMap((r) => r.steps.flatMap((s) => (s.user?.replied ? [s.observations.at(-1)!.content] : [])));
      const asked = records.flatMap((r) => r.steps.flatMap((s) => (s.user && s.calls.length === 0 && s.ok ? [s.assistant.content!] : [])));
      expect(replies.length, name).toBeGreaterThan(20);
      expect(asked.length, name).toBeGreaterThan(10);
      const sft = await rows(path, 'trl-sft', {});
      const messages = sft.flatMap((row) => row['messages'] as { role: string; content: string; tool_calls?: unknown[] }[]);
      const userText = messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');
      const assistantText = new Set(messages.filter((m) => m.role === 'assistant' && !m.tool_calls).map((m) => m.content));
      // every kept question is a plain assistant turn, and the user's answer to it a user turn
      const keptAsks = records.filter((r) => r.passed).flatMap((r) => r.steps.filter((s) => s.user && s.calls.length === 0 && s.ok));
      expect(keptAsks.length, name).toBeGreaterThan(0);
      for (const step of keptAsks) {
        expect(assistantText.has(step.assistant.content!), step.assistant.content!).toBe(true);
        expect(userText.includes(String(step.observations.at(-1)!.content))).toBe(true);
      }
      const sharegpt = await rows(path, 'sharegpt', {});
      for (const row of sharegpt) {
        const turns = row['conversations'] as { from: string }[];
        turns.forEach((t, i) => expect(['human', 'observation'].includes(t.from), `${name}: turn ${i} is ${t.from}`).toBe(i % 2 === 0));
      }
      const pairs = await rows(path, 'trl-dpo', { level: 'step' });
      const onMessages = pairs.filter((p) => (p['chosen'] as { tool_calls?: unknown[] }[]).every((m) => !m.tool_calls) || (p['rejected'] as { tool_calls?: unknown[] }[]).every((m) => !m.tool_calls));
      expect(onMessages.length, `${name}: step pairs where a side is a message to the user`).toBeGreaterThan(0);
    }
    const crm = collected.get('multi-turn-react')!.records.filter((r) => r.env.id === 'CRMArena-v0');
    expect(crm.length).toBe(24);
    expect(crm.filter((r) => r.steps.some((s) => s.user?.replied)).length).toBeGreaterThan(10);
  }, 120_000);
});
