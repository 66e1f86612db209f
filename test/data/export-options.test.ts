import { beforeAll, describe, expect, it } from 'vitest';
import { builtinEnvironments } from '../../envs/index.js';
import { emptyCounts, exportLines, type ExportOptions } from '../../src/data/export.js';
import { TokenCounter } from '../../src/data/token-budget.js';
import { collectFile, type Collected } from '../fixtures/collected.js';
import { tempDir } from '../fixtures/memory-io.js';

type Row = Record<string, unknown>;
async function exported(path: string, options: ExportOptions): Promise<{ rows: Row[]; counts: ReturnType<typeof emptyCounts> }> {
  const counts = emptyCounts();
  const rows: Row[] = [];
  for await (const line of exportLines(path, options, counts)) rows.push(JSON.parse(line) as Row);
  return { rows, counts };
}

type Msg = { role: string; content?: string; tool_calls?: { function: { name: string; arguments: string } }[] };
/** Tokens of an openai-sft row counted independently: o200k_base over contents, call names and arguments, tools; 4 per message. */
function rowTokens(counter: TokenCounter, row: Row): number {
  const messages = row['messages'] as Msg[];
  let total = counter.text(JSON.stringify(row['tools']));
  for (const m of messages) total += 4 + counter.text(m.content ?? '') + (m.tool_calls ?? []).reduce((n, c) => n + counter.text(c.function.name) + counter.text(c.function.arguments), 0);
  return total;
}

let openai: Collected;
let text: Collected;
beforeAll(async () => {
  const dir = tempDir();
  const targets = builtinEnvironments.map((environment) => ({ environment, split: environment.definition.defaultSplit }));
  openai = await collectFile(dir, 'openai.jsonl', { targets, seed: 41, samplesPerStep: 1, episodes: 24 });
  text = await collectFile(dir, 'xlam.jsonl', { targets, actionFormat: 'xlam', seed: 43, samplesPerStep: 3, episodes: 24 });
}, 300_000);

describe('export options trainers need', () => {
  it('--tools-as-json-string writes the same tools as a JSON string, for TRL formats only', async () => {
    const plain = await exported(openai.path, { format: 'trl-sft' });
    const asString = await exported(openai.path, { format: 'trl-sft', toolsAsJsonString: true });
    expect(asString.rows).toHaveLength(plain.rows.length);
    asString.rows.forEach((row, i) => {
      expect(typeof row['tools']).toBe('string');
      expect(JSON.parse(row['tools'] as string)).toEqual(plain.rows[i]!['tools']);
    });
    await expect(exported(openai.path, { format: 'openai-sft', toolsAsJsonString: true })).rejects.toThrow(/--tools-as-json-string applies to trl-sft and trl-dpo/);
  });

  it('--max-tokens drops or trims (at a step boundary) the rows over budget, and counts them', async () => {
    const counter = await TokenCounter.load();
    const full = await exported(openai.path, { format: 'openai-sft', unfiltered: true, withErrors: true });
    const sizes = full.rows.map((r) => rowTokens(counter, r)).sort((a, b) => a - b);
    const budget = sizes[Math.floor(sizes.length / 2)]!;
    const over = sizes.filter((s) => s > budget).length;
    const figures = [1024, 2048, 4096, 8192, 16_385].map((b) => `${sizes.filter((s) => s > b).length} over ${b}`);
    console.log(`openai-sft rows: ${sizes.length}, tokens ${sizes[0]}..${sizes.at(-1)}; ${figures.join(', ')}`);
    expect(over).toBeGreaterThan(0);

    const dropped = await exported(openai.path, { format: 'openai-sft', unfiltered: true, withErrors: true, maxTokens: budget });
    expect(dropped.counts.overBudget).toEqual({ dropped: over, trimmed: 0 });
    expect(dropped.rows).toHaveLength(sizes.length - over);
    for (const row of dropped.rows) expect(rowTokens(counter, row)).toBeLessThanOrEqual(budget);

    const trimmed = await exported(openai.path, { format: 'openai-sft', unfiltered: true, withErrors: true, maxTokens: budget, overBudget: 'trim' });
    expect(trimmed.counts.overBudget.dropped + trimmed.counts.overBudget.trimmed).toBe(over);
    expect(trimmed.counts.overBudget.trimmed).toBeGreaterThan(0);
    expect(trimmed.rows).toHaveLength(sizes.length - trimmed.counts.overBudget.dropped);
    for (const row of trimmed.rows) {
      expect(rowTokens(counter, row)).toBeLessThanOrEqual(budget);
      const messages = row['messages'] as Msg[];
      expect(messages.at(-1)!.role).toBe('assistant');
      // a trimmed row is a prefix of its full row, cut right after an assistant turn
      const source = full.rows.find((f) => JSON.stringify((f['messages'] as Msg[]).slice(0, messages.length)) === JSON.stringify(messages));
      expect(source).toBeDefined();
    }
    await expect(exported(openai.path, { format: 'trl-dpo', maxTokens: 100, overBudget: 'trim' })).rejects.toThrow(/trim applies to conversational SFT formats/);
  });

  it('openai-dpo keeps OpenAI limits: one text assistant message per side, within 65,536 tokens; the rest is counted', async () => {
    const trl = await exported(text.path, { format: 'trl-dpo' });
    const dpo = await exported(text.path, { format: 'openai-dpo' });
    expect(dpo.rows.length).toBeGreaterThan(0);
    for (const row of dpo.rows) {
      for (const side of ['preferred_output', 'non_preferred_output']) {
        const messages = row[side] as Msg[];
        expect(messages).toHaveLength(1);
        expect(messages[0]!.role).toBe('assistant');
        expect(messages[0]!.tool_calls).toBeUndefined();
        expect(typeof messages[0]!.content).toBe('string');
      }
    }
    const unfit = Object.values(dpo.counts.unfit).reduce((a, b) => a + b, 0);
    expect(dpo.rows.length + unfit + dpo.counts.overBudget.dropped).toBe(trl.rows.length);
    // tool-call actions give no OpenAI DPO rows, and say so
    const calls = await exported(openai.path, { format: 'openai-dpo' });
    expect(calls.rows).toHaveLength(0);
    const small = await exported(text.path, { format: 'openai-dpo', maxTokens: 600 });
    expect(small.counts.overBudget.dropped).toBeGreaterThan(0);
    console.log(`openai-dpo from xlam-format pairs: ${dpo.rows.length} rows of ${trl.rows.length} pairs; unfit ${JSON.stringify(dpo.counts.unfit)}; over 600 tokens ${small.counts.overBudget.dropped}`);
  });
});
