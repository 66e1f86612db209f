import { describe, expect, it, beforeAll } from 'vitest';
import { stableJson, ToolEnv } from '../../src/index.js';
import { trainingConversation, transcript, writtenAssistant } from '../../src/data/conversation.js';
import { EXPORT_FORMATS, exportLines, type ExportFormat, type ExportOptions } from '../../src/data/export.js';
import { openAiMessages } from '../../src/data/openai-finetune.js';
import { CallIds } from '../../src/data/call-ids.js';
import { instanceKey, stepPairs, trajectoryPairs } from '../../src/data/pairs.js';
import { trlMessages } from '../../src/data/trl.js';
import { FILTER_MODES, filterVerdict } from '../../src/rollout/filter.js';
import { callArguments, rawAction, type TrajectoryRecord } from '../../src/rollout/record.js';
import { collectFile, type Collected } from '../fixtures/collected.js';
import { kvEnvironment } from '../fixtures/kv-env.js';
import { tempDir } from '../fixtures/memory-io.js';
import { FORMAT_SCHEMAS } from './format-schemas.js';

async function exported(path: string, options: ExportOptions): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const line of exportLines(path, options)) out.push(JSON.parse(line));
  return out;
}

const FORMATS = ['openai', 'xlam', 'react'] as const;
const collections = new Map<string, Collected>();

beforeAll(async () => {
  const dir = tempDir();
  for (const format of FORMATS) collections.set(format, await collectFile(dir, `${format}.jsonl`, { actionFormat: format, episodes: 80 }));
});

describe.each(FORMATS)('exports of %s-format trajectories', (actionFormat) => {
  const data = () => collections.get(actionFormat)!;
  const runs: [ExportFormat, ExportOptions['level']][] = [];
  for (const [name, format] of Object.entries(EXPORT_FORMATS) as [ExportFormat, (typeof EXPORT_FORMATS)[ExportFormat]][]) {
    if (format.kind === 'sft') runs.push([name, undefined]);
    else for (const level of format.levels) runs.push([name, level]);
  }

  it.each(runs)('every %s line (level %s) fits the format', async (format, level) => {
    const lines = await exported(data().path, { format, ...(level ? { level } : {}) });
    // OpenAI DPO trains on text outputs only: tool-call actions (the openai format) give no rows
    if (format === 'openai-dpo' && actionFormat === 'openai') expect(lines).toHaveLength(0);
    else expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const result = FORMAT_SCHEMAS[format].safeParse(line);
      expect(result.success, `${JSON.stringify(result.error?.issues)}\n${JSON.stringify(line).slice(0, 400)}`).toBe(true);
    }
  });

  it('step-level pairs share the exact conversation up to the step, with the two candidates that were sampled there', async () => {
    const { records, path } = data();
    const trl = (await exported(path, { format: 'trl-dpo' })) as { prompt: unknown[]; chosen: unknown[]; rejected: unknown[] }[];
    const openai = (await exported(path, { format: 'openai-dpo' })) as { input: { messages: unknown[] }; preferred_output: unknown[]; non_preferred_output: unknown[] }[];
    let n = 0;
    let o = 0;
    for (const record of records) {
      const full = transcript(record);
      for (const pair of stepPairs(record)) {
        const k = pair.prompt.length;
        expect(pair.prompt).toEqual(full.slice(0, k));
        const step = pair.source.step!;
        const sampled = record.steps[step]!;
        // the chosen side is the played candidate when it passed, else the first that passed
        if (sampled.candidates![sampled.chosen!]!.passed) expect([...pair.prompt, ...pair.chosen]).toEqual(full.slice(0, k + 1));
        else expect(pair.chosen).toEqual([writtenAssistant(sampled.candidates!.find((c) => c.passed)!)]);
        expect(pair.source.kept).toBe(filterVerdict(record).keep);
        expect(stableJson(pair.chosen)).not.toBe(stableJson(pair.rejected));
        // the rejected side is what the env wrote for that candidate from the very same state
        const candidate = record.steps[step]!.candidates!.find((c) => stableJson(writtenAssistant(c)) === stableJson(pair.rejected[0]))!;
        expect(candidate.passed).toBe(false);
        const env = new ToolEnv(kvEnvironment, { actionFormat: record.acceptedFormats });
        env.reset({ seed: record.seed, options: { split: record.split } });
        for (const played of record.steps.slice(0, step)) env.step(rawAction(played));
        const result = env.step(rawAction(candidate));
        expect(result.observation.messages.slice(0, k + 1)).toEqual([...pair.prompt, ...pair.rejected]);
        // and the exported lines carry exactly that prefix
        const line = trl[n]!;
        expect([...line.prompt, ...line.chosen]).toEqual(trlMessages([...full.slice(0, k), ...pair.chosen], CallIds.forRow(record.hash)));
        expect(line.chosen).toHaveLength(1);
        expect((line as { from_kept_trajectory?: boolean }).from_kept_trajectory).toBe(pair.source.kept);
        expect(line.chosen).not.toEqual(line.rejected);
        const textOnly = [...pair.chosen, ...pair.rejected].every((m) => m.role !== 'assistant' || !m.tool_calls?.length);
        if (textOnly) {
          expect([...openai[o]!.input.messages, ...openai[o]!.preferred_output]).toEqual(openAiMessages([...full.slice(0, k), ...pair.chosen], CallIds.forRow(record.hash)));
          o++;
        }
        n++;
      }
    }
    expect(n).toBe(trl.length);
    expect(o).toBe(openai.length);
    expect(n).toBeGreaterThan(10);
  });

  it('trajectory-level pairs set a kept against a failed attempt at the same instance, after their common prefix', async () => {
    const { records, path } = data();
    const byHash = new Map(records.map((r) => [r.hash, r]));
    let pairs = 0;
    for await (const pair of trajectoryPairs(path)) {
      pairs++;
      const kept = byHash.get(pair.source.chosen)!;
      const failed = byHash.get(pair.source.rejected)!;
      expect(instanceKey(kept)).toBe(instanceKey(failed));
      expect(filterVerdict(kept).keep).toBe(true);
      expect(filterVerdict(failed).keep).toBe(false);
      const good = trainingConversation(kept);
      const bad = transcript(failed);
      expect([...pair.prompt, ...pair.chosen]).toEqual(good);
      expect(bad.slice(0, pair.prompt.length + pair.rejected.length)).toEqual([...pair.prompt, ...pair.rejected]);
      expect(pair.chosen[0]!.role).toBe('assistant');
      expect(pair.rejected[0]!.role).toBe('assistant');
      expect(stableJson(pair.chosen)).not.toBe(stableJson(pair.rejected));
    }
    const groups = new Map<string, TrajectoryRecord[]>();
    for (const r of records) groups.set(instanceKey(r), [...(groups.get(instanceKey(r)) ?? []), r]);
    const expected = [...groups.values()].filter((g) => g.some((r) => filterVerdict(r).keep)).reduce((n, g) => n + g.filter((r) => !filterVerdict(r).keep).length, 0);
    expect(pairs).toBe(expected);
    expect(pairs).toBeGreaterThan(0);
  });

  it('SFT data comes from kept trajectories, with their fixed errors unless asked to drop them', async () => {
    const { records, path } = data();
    const kept = records.filter((r) => filterVerdict(r).keep);
    const sft = (await exported(path, { format: 'trl-sft' })) as { messages: { role: string }[] }[];
    const clean = (await exported(path, { format: 'trl-sft', withErrors: false })) as { messages: { role: string }[] }[];
    const withErrors = (await exported(path, { format: 'openai-sft' })) as { messages: { role: string }[] }[];
    const xlam = (await exported(path, { format: 'xlam', withErrors: false })) as { answers: string; history: string }[];
    let row = 0;
    expect(sft).toHaveLength(kept.length);
    expect(kept.some((r) => r.steps.some((s) => !s.ok))).toBe(true);
    kept.forEach((record, i) => {
      const okSteps = record.steps.filter((s) => s.ok);
      expect(sft[i]!.messages.filter((m) => m.role === 'assistant')).toHaveLength(record.steps.length);
      expect(clean[i]!.messages.filter((m) => m.role === 'assistant')).toHaveLength(okSteps.length);
      expect(withErrors[i]!.messages.filter((m) => m.role === 'assistant')).toHaveLength(record.steps.length);
      // one xLAM row per passing step that made calls, with the earlier steps as its history
      okSteps.forEach((s, k) => {
        if (s.calls.length === 0) return;
        expect(JSON.parse(xlam[row]!.answers)).toEqual(s.calls.map((c, j) => ({ name: c.name, arguments: callArguments(s, j) })));
        expect(JSON.parse(xlam[row]!.history)).toHaveLength(k);
        row++;
      });
    });
    expect(xlam).toHaveLength(row);
    const all = await exported(path, { format: 'sharegpt', unfiltered: true });
    expect(all).toHaveLength(records.length);
    expect(await exported(path, { format: 'sharegpt', filter: 'none' })).toEqual(all);
  });

  it('exports each ablation variant: the filter mode picks the records, each a superset of the paper filter', async () => {
    const { records, path } = data();
    const counts: Record<string, number> = {};
    for (const filter of FILTER_MODES) {
      const lines = await exported(path, { format: 'trl-sft', filter });
      counts[filter] = lines.length;
      expect(lines).toHaveLength(records.filter((r) => filterVerdict(r, filter).keep).length);
    }
    expect(counts['none']).toBe(records.length);
    expect(counts['both']).toBeLessThan(counts['actions']!);
    expect(counts['both']).toBeLessThanOrEqual(counts['answer']!);
    for (const r of records) expect(filterVerdict(r, 'both').keep).toBe(filterVerdict(r, 'actions').keep && filterVerdict(r, 'answer').keep);
    const stepAll = (await exported(path, { format: 'trl-dpo' })) as { from_kept_trajectory: boolean }[];
    const stepKept = await exported(path, { format: 'trl-dpo', keptOnly: true });
    expect(stepAll.some((l) => !l.from_kept_trajectory)).toBe(true);
    expect(stepKept).toHaveLength(stepAll.filter((l) => l.from_kept_trajectory).length);
  });
});

describe('export options', () => {
  it('refuses trajectory-level pairs in one-message formats and stray options', async () => {
    const { path } = collections.get('openai')!;
    await expect(exported(path, { format: 'openai-dpo', level: 'trajectory' })).rejects.toThrow(/only --level step/);
    await expect(exported(path, { format: 'sharegpt-dpo', level: 'trajectory' })).rejects.toThrow(/only --level step/);
    await expect(exported(path, { format: 'trl-sft', level: 'step' })).rejects.toThrow(/--level applies/);
    await expect(exported(path, { format: 'trl-dpo', unfiltered: true })).rejects.toThrow(/apply to SFT formats/);
  });
});

describe('assistant turns in exports', () => {
  it('are what the agent wrote, even where the env echoed a cut-short copy', () => {
    const long = JSON.stringify({ keys: Array.from({ length: 3000 }, (_, i) => `key_${i}`) });
    const raw = { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'sum_values', arguments: long } }] };
    const env = new ToolEnv(kvEnvironment, { split: 'test' });
    env.reset({ seed: 1 });
    const echoed = env.step(raw).observation.messages[2]!;
    expect(echoed.role).toBe('assistant');
    const echoedArgs = (echoed as { tool_calls: { function: { arguments: string } }[] }).tool_calls[0]!.function.arguments;
    expect(echoedArgs.length).toBeLessThan(long.length);
    const step = { assistant: echoed as Parameters<typeof writtenAssistant>[0]['assistant'], action: raw };
    expect(writtenAssistant(step).tool_calls![0]!.function.arguments).toBe(long);
    expect(writtenAssistant({ assistant: { role: 'assistant', content: 'short' }, action: 'x'.repeat(30_000) }).content).toHaveLength(30_000);
    expect(writtenAssistant({ assistant: { role: 'assistant', content: 'same' } })).toEqual({ role: 'assistant', content: 'same' });
  });
});
