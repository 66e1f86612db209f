import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERROR_CLASSES } from '../../src/actions/errors.js';
import { filterVerdict } from '../../src/rollout/filter.js';
import type { Outcome, StepRecord } from '../../src/rollout/record.js';
import { formatStatsTable, StatsAccumulator } from '../../src/rollout/stats.js';
import { collectFile } from '../fixtures/collected.js';
import { tempDir } from '../fixtures/memory-io.js';
import { NoisyOraclePolicy } from '../../src/rollout/noisy-oracle.js';

const step = (ok: boolean, errorClass: StepRecord['errorClass'] = ok ? null : 'arguments'): StepRecord => ({
  assistant: { role: 'assistant', content: 'x' },
  observations: [],
  format: 'react',
  parsed: errorClass !== 'structure',
  ok,
  errorClass,
  message: ok ? null : 'bad',
  thought: null,
  calls: [],
  reward: 0,
});

const outcomes: Outcome[] = [
  { status: 'answered', answer: '1', correct: true, score: 1, detail: 'right' },
  { status: 'answered', answer: '2', correct: false, score: 0, detail: 'wrong' },
  { status: 'gave-up', answer: null, correct: false, score: 0, detail: 'gave up' },
  { status: 'truncated', answer: null, correct: false, score: 0, detail: 'no answer' },
];

describe('filter', () => {
  it('keeps exactly the right answers whose every failed action is followed by a passing one, naming every reason', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }), fc.constantFrom(...outcomes), (oks, outcome) => {
        const steps = oks.map((ok) => step(ok));
        const verdict = filterVerdict({ steps, outcome });
        const unfixed = oks.flatMap((ok, i) => (!ok && oks[i + 1] !== true ? [i] : []));
        expect(verdict.keep).toBe(outcome.correct && unfixed.length === 0);
        expect(verdict.reasons.filter((r) => r.code === 'unfixed-error').map((r) => r.step)).toEqual(unfixed);
        const answerReasons = verdict.reasons.filter((r) => r.code !== 'unfixed-error').map((r) => r.code);
        expect(answerReasons).toEqual(outcome.correct ? [] : [outcome.status === 'truncated' ? 'no-answer' : outcome.status === 'gave-up' ? 'gave-up' : 'wrong-answer']);
        for (const reason of verdict.reasons) expect(reason.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});

function stats(records: Parameters<StatsAccumulator['add']>[0][]): ReturnType<StatsAccumulator['report']> {
  const acc = new StatsAccumulator();
  for (const r of records) acc.add(r);
  return acc.report();
}

describe('statistics', () => {
  it('count what the records hold, per group, and add up to the total', async () => {
    const { records } = await collectFile(tempDir(), 'a.jsonl', { episodes: 80, samplesPerStep: 2, policy: new NoisyOraclePolicy({ structure: 0.1, toolname: 0.1, arguments: 0.1, answer: 0.2, fix: 0.7 }) });
    const stats = new StatsAccumulator();
    for (const r of records) stats.add(r);
    const report = stats.report();
    const steps = records.flatMap((r) => r.steps);
    expect(report.total.episodes).toBe(80);
    expect(report.total.solved).toBe(records.filter((r) => r.passed).length);
    expect(report.total.kept).toBe(records.filter((r) => filterVerdict(r).keep).length);
    expect(report.total.actions).toBe(steps.length);
    expect(report.total.actionsPassed).toBe(steps.filter((s) => s.ok).length);
    for (const cls of ERROR_CLASSES) expect(report.total.errors[cls]).toBe(steps.filter((s) => s.errorClass === cls).length);
    expect(report.total.candidates).toBe(2 * steps.length);
    expect(report.total.taskPassRate).toBeCloseTo(report.total.solved / 80, 3);
    const templates = report.rows.filter((r) => r.level === 'template');
    expect(templates.map((r) => r.template).sort()).toEqual(['copy_sum', 'read_one']);
    expect(templates.reduce((n, r) => n + r.episodes, 0)).toBe(80);
    expect(templates.reduce((n, r) => n + r.actions, 0)).toBe(steps.length);
    for (const t of templates) expect(t.episodes).toBe(records.filter((r) => r.instance.template === t.template).length);
    const table = formatStatsTable(report);
    expect(table).toMatch(/^group\s+episodes\s+task pass\s+own pass\s+action pass\s+structure\s+toolname\s+arguments\s+execution/);
    // the policy's own pass rate: solved while playing the first sample at every step
    expect(report.total.ownSolved).toBe(records.filter((r) => r.passed && r.steps.every((s) => s.chosen === 0)).length);
    expect(report.total.ownSolved).toBeLessThan(report.total.solved);
    expect(report.total.guidedSolved).toBe(0);
    expect(table).toContain('KeyValue-v0');
    expect(table.split('\n').at(-1)).toMatch(/^total\s+80\s/);
  });

  it('separates what the answer key rescued from what the policy solved', async () => {
    const noise = { structure: 0.05, toolname: 0.05, arguments: 0.05, answer: 0.4, fix: 0.8 };
    const guided = await collectFile(tempDir(), 'g.jsonl', { episodes: 80, seed: 9, samplesPerStep: 4, selection: 'answer-guided', policy: new NoisyOraclePolicy(noise) });
    const single = await collectFile(tempDir(), 's.jsonl', { episodes: 80, seed: 9, samplesPerStep: 1, policy: new NoisyOraclePolicy(noise) });
    const report = (records: typeof guided.records) => {
      const stats = new StatsAccumulator();
      for (const r of records) stats.add(r);
      return stats.report().total;
    };
    const g = report(guided.records);
    const one = report(single.records);
    expect(g.guidedSolved).toBeGreaterThan(0);
    expect(g.taskPassRate).toBeGreaterThan(g.ownPassRate);
    // the first sample of every step is what a one-sample run plays: an episode solved on first
    // samples alone is solved by the one-sample run too (own pass is a lower bound of its rate)
    const singleByEpisode = new Map(single.records.map((r) => [r.episode, r]));
    const own = guided.records.filter((r) => r.passed && r.steps.every((s) => s.chosen === 0));
    expect(own.length).toBe(g.ownSolved);
    for (const r of own) {
      const twin = singleByEpisode.get(r.episode)!;
      expect(twin.passed).toBe(true);
      expect(twin.steps.map((s) => s.assistant)).toEqual(r.steps.map((s) => s.assistant));
    }
    expect(g.ownSolved).toBeLessThanOrEqual(one.solved);
    expect(one.ownSolved).toBe(one.solved);
    expect(formatStatsTable(stats(guided.records))).toMatch(/own pass\s+guided/);
  });
});
