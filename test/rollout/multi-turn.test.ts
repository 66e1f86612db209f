import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinEnvironments } from '../../envs/index.js';
import { filterVerdict } from '../../src/rollout/filter.js';
import { recordHash, TrajectoryRecordSchema, userReplyOf, type TrajectoryRecord } from '../../src/rollout/record.js';
import { StatsAccumulator } from '../../src/rollout/stats.js';
import { startFakeModel, type FakeModel } from '../fixtures/fake-model.js';
import { runCli, tempDir } from '../fixtures/memory-io.js';

const toolbench = builtinEnvironments.find((e) => e.id === 'ToolBench-v0')!;
const TEMPLATES = toolbench.split('multi-turn').templates.length;
const lines = (path: string): string[] => readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
const recordsOf = (path: string): TrajectoryRecord[] => lines(path).map((l) => TrajectoryRecordSchema.parse(JSON.parse(l)));
const collect = (out: string, ...args: string[]) => runCli(['collect', '--env', 'ToolBench-v0', '--split', 'multi-turn', '--out', out, ...args]);

/** The agent's messages to the user: steps with no call that the simulated user read. */
const messages = (record: TrajectoryRecord) => record.steps.filter((s) => s.user !== undefined && s.calls.length === 0);

let dir: string;
let oracle: TrajectoryRecord[];
let noisy: TrajectoryRecord[];
let noisyPath: string;

beforeAll(async () => {
  dir = tempDir();
  const a = await collect(join(dir, 'oracle'), '--policy', 'oracle', '--episodes', String(3 * TEMPLATES), '--seed', '4', '--format', 'react');
  expect(a.code, a.stderr).toBe(0);
  oracle = recordsOf(join(dir, 'oracle', 'trajectories.jsonl'));
  const b = await collect(join(dir, 'noisy'), '--policy', 'noisy', '--noise', 'premature=0.4', '--noise', 'redundant=0.15', '--episodes', '60', '--seed', '9', '--samples-per-step', '3');
  expect(b.code, b.stderr).toBe(0);
  noisyPath = join(dir, 'noisy', 'trajectories.jsonl');
  noisy = recordsOf(noisyPath);
}, 240_000);

describe('rollouts of multi-turn episodes', () => {
  it('the oracle solves every multi-turn episode, asks only for what is missing, and every trajectory is kept', () => {
    expect(oracle).toHaveLength(3 * TEMPLATES);
    expect(new Set(oracle.map((r) => r.instance.template)).size).toBeGreaterThanOrEqual(TEMPLATES - 2);
    for (const record of oracle) {
      expect(record.passed, record.outcome.detail).toBe(true);
      expect(record.tallies.return).toBe(1);
      expect(filterVerdict(record).keep).toBe(true);
      expect(recordHash(record)).toBe(record.hash);
      for (const step of messages(record)) {
        expect(step.ok).toBe(true);
        expect(step.user!.revealed.length).toBeGreaterThan(0);
        expect(userReplyOf(step)).toBeDefined();
      }
      // every intent graded right, one step each, in order
      const graded = record.steps.flatMap((s) => (s.user?.graded ? [s.user.graded] : []));
      expect(graded.map((g) => g.id)).toEqual(record.instance.conversation!.intents.map((i) => i.id));
      expect(graded.every((g) => g.correct)).toBe(true);
    }
    expect(oracle.reduce((n, r) => n + messages(r).length, 0)).toBeGreaterThan(TEMPLATES);
  });

  it('noisy multi-turn records: penalised messages are failed actions, candidates carry penalties, intent answers are step finals', () => {
    const penalties = noisy.flatMap((r) => r.steps.flatMap((s) => (s.user?.penalty ? [s.user.penalty] : [])));
    expect(new Set(penalties)).toEqual(new Set(['redundantQuestion', 'prematureAnswer']));
    for (const record of noisy) {
      expect(recordHash(record)).toBe(record.hash);
      for (const step of record.steps) {
        if (step.user?.penalty) {
          expect(step.ok).toBe(false);
          expect(step.errorClass).toBeNull();
          expect(step.message).toBeTruthy();
        }
        if (step.user?.graded) expect(step.final).toEqual({ answer: expect.anything(), gaveUp: false, correct: step.user.graded.correct });
        for (const c of step.candidates ?? []) if (c.penalty) expect(c.ok && c.passed).toBe(false);
      }
    }
    // candidates sampled at a step that is a message: some were penalised, and a passing one was played
    const messageSteps = noisy.flatMap((r) => messages(r).filter((s) => s.candidates && s.candidates.some((c) => c.penalty) && s.ok));
    expect(messageSteps.length).toBeGreaterThan(0);
  });

  it('filter: a penalised message fixed by the next action is kept; the reasons name the penalty', () => {
    const verdicts = noisy.map((r) => ({ record: r, verdict: filterVerdict(r) }));
    const keptWithPenalty = verdicts.filter(({ record, verdict }) => verdict.keep && record.steps.some((s) => s.user?.penalty));
    expect(keptWithPenalty.length).toBeGreaterThan(0);
    for (const { record } of keptWithPenalty) {
      record.steps.forEach((s, i) => {
        if (s.user?.penalty) expect(record.steps[i + 1]?.ok).toBe(true);
      });
    }
    const reasons = verdicts.flatMap(({ verdict }) => verdict.reasons.map((r) => r.message));
    for (const { record, verdict } of verdicts) {
      const unfixed = record.steps.findIndex((s, i) => s.user?.penalty && (record.steps[i + 1] === undefined || !record.steps[i + 1]!.ok));
      if (unfixed >= 0) expect(verdict.reasons.some((r) => r.code === 'unfixed-error' && r.step === unfixed), `${record.hash}: ${JSON.stringify(verdict.reasons)}`).toBe(true);
    }
    expect(reasons.length).toBeGreaterThan(0);
  });

  it('stats: per-intent results and questions asked; penalties are not counted as structure errors', () => {
    const stats = new StatsAccumulator();
    for (const r of noisy) stats.add(r);
    const { total, rows } = stats.report();
    const c = total.conversation!;
    expect(c.episodes).toBe(noisy.length);
    expect(c.intents).toBe(noisy.reduce((n, r) => n + r.instance.conversation!.intents.length, 0));
    expect(c.intentsSolved).toBeGreaterThan(noisy.filter((r) => r.passed).length);
    expect(c.intentsSolved).toBeLessThanOrEqual(c.intentsAnswered);
    expect(c.redundantQuestions + c.prematureAnswers).toBeGreaterThan(0);
    const structure = noisy.reduce((n, r) => n + r.steps.filter((s) => !s.ok && s.errorClass === 'structure').length, 0);
    expect(total.errors.structure).toBe(structure);
    expect(rows.filter((r) => r.level === 'template').every((r) => r.conversation !== undefined)).toBe(true);
    const single = new StatsAccumulator();
    expect(single.report().total.conversation).toBeUndefined();
  });

  it('the CLI pipeline: filter, stats table, every export format, render (text and HTML) with user turns', async () => {
    const f = await runCli(['filter', noisyPath, '--out', join(dir, 'kept.jsonl'), '--rejected', join(dir, 'rejected.jsonl')]);
    expect(f.code, f.stderr).toBe(0);
    const s = await runCli(['stats', noisyPath]);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toContain('intent pass');
    expect(s.stdout).toContain('premature');
    for (const [format, extra] of [['trl-sft', []], ['openai-sft', []], ['sharegpt', []], ['xlam', []], ['trl-dpo', []], ['trl-dpo', ['--level', 'trajectory']], ['openai-dpo', ['--level', 'step']], ['sharegpt-dpo', []]] as [string, string[]][]) {
      const out = join(dir, `${format}${extra.join('')}.jsonl`);
      const run = await runCli(['export', noisyPath, '--format', format, ...extra, '--out', out]);
      expect(run.code, `${format}: ${run.stderr}`).toBe(0);
      if (extra.length === 0 || format === 'openai-dpo') expect(lines(out).length, format).toBeGreaterThan(0);
    }
    // xLAM history keeps the user's turns apart from tool output
    const history = lines(join(dir, 'xlam.jsonl')).flatMap((l) => JSON.parse(JSON.parse(l).history) as { thought: string; user_input?: string }[]);
    expect(history.some((h) => (h.user_input ?? '') !== '')).toBe(true);
    const index = noisy.findIndex((r) => messages(r).length > 0);
    const reply = userReplyOf(messages(noisy[index]!)[0]!)!;
    const text = await runCli(['render', noisyPath, '--index', String(index)]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(reply);
    const html = join(dir, 'episode.html');
    const page = await runCli(['render', noisyPath, '--index', String(index), '--html', html]);
    expect(page.code, page.stderr).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain(reply.replaceAll("'", '&#39;'));
  }, 120_000);

  it('--resume after a cut mid-line finishes with exactly the records of the uninterrupted run', async () => {
    const out = join(dir, 'resume');
    const args = ['--policy', 'noisy', '--noise', 'premature=0.4', '--noise', 'redundant=0.15', '--episodes', '60', '--seed', '9', '--samples-per-step', '3'];
    expect((await collect(out, ...args)).code).toBe(0);
    // records are appended as episodes finish, so the order may differ between runs; the set may not
    const whole = lines(noisyPath).sort();
    const first = lines(join(out, 'trajectories.jsonl'));
    expect([...first].sort()).toEqual(whole);
    writeFileSync(join(out, 'trajectories.jsonl'), `${first.slice(0, 23).join('\n')}\n${first[23]!.slice(0, 200)}`);
    const resumed = await collect(out, ...args, '--resume');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/cut a torn last line/);
    expect(lines(join(out, 'trajectories.jsonl')).sort()).toEqual(whole);
  }, 120_000);

  it('eval reports the multi-turn split per template: the oracle passes all', async () => {
    const out = join(dir, 'eval.json');
    const run = await runCli(['eval', '--env', 'ToolBench-v0', '--split', 'multi-turn', '--episodes', String(TEMPLATES), '--seeds', '2', '--policy', 'oracle', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.total.passRate).toBe(1);
    expect(report.total.actionPassRate).toBe(1);
    expect(report.rows.filter((r: { level: string }) => r.level === 'template').length).toBeGreaterThan(1);
  }, 120_000);
});

describe('rollouts of CRMArena multi-turn episodes', () => {
  const CRM_TEMPLATES = builtinEnvironments.find((e) => e.id === 'CRMArena-v0')!.split('multi-turn').templates.length;
  const crmCollect = (out: string, ...args: string[]) => runCli(['collect', '--env', 'CRMArena-v0', '--split', 'multi-turn', '--out', out, ...args]);

  it('oracle (xlam) passes and is kept; noisy records filter, count, export and render with user turns', async () => {
    const a = await crmCollect(join(dir, 'crm-oracle'), '--policy', 'oracle', '--episodes', String(3 * CRM_TEMPLATES), '--seed', '2', '--format', 'xlam');
    expect(a.code, a.stderr).toBe(0);
    const crmOracle = recordsOf(join(dir, 'crm-oracle', 'trajectories.jsonl'));
    expect(crmOracle).toHaveLength(3 * CRM_TEMPLATES);
    expect(new Set(crmOracle.map((r) => r.instance.template)).size).toBe(CRM_TEMPLATES);
    for (const record of crmOracle) {
      expect(record.passed, record.outcome.detail).toBe(true);
      expect(record.tallies.return).toBe(1);
      expect(filterVerdict(record).keep).toBe(true);
      const graded = record.steps.flatMap((s) => (s.user?.graded ? [s.user.graded] : []));
      expect(graded.map((g) => g.id)).toEqual(record.instance.conversation!.intents.map((i) => i.id));
    }
    expect(crmOracle.reduce((n, r) => n + messages(r).length, 0)).toBeGreaterThan(CRM_TEMPLATES);

    const path = join(dir, 'crm-noisy', 'trajectories.jsonl');
    const b = await crmCollect(join(dir, 'crm-noisy'), '--policy', 'noisy', '--noise', 'premature=0.4', '--noise', 'redundant=0.2', '--episodes', '24', '--seed', '3', '--samples-per-step', '2');
    expect(b.code, b.stderr).toBe(0);
    const crmNoisy = recordsOf(path);
    const penalties = new Set(crmNoisy.flatMap((r) => r.steps.flatMap((s) => (s.user?.penalty ? [s.user.penalty] : []))));
    expect(penalties.has('prematureAnswer')).toBe(true);
    expect(crmNoisy.some((r) => filterVerdict(r).keep && r.steps.some((s) => s.user?.penalty))).toBe(true);
    const stats = new StatsAccumulator();
    for (const r of crmNoisy) stats.add(r);
    expect(stats.report().total.conversation!.intents).toBe(crmNoisy.reduce((n, r) => n + r.instance.conversation!.intents.length, 0));
    const s = await runCli(['stats', path]);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toContain('intent pass');
    for (const format of ['trl-sft', 'xlam', 'sharegpt']) {
      const out = join(dir, `crm-${format}.jsonl`);
      const run = await runCli(['export', path, '--format', format, '--out', out]);
      expect(run.code, `${format}: ${run.stderr}`).toBe(0);
      expect(lines(out).length, format).toBeGreaterThan(0);
    }
    const index = crmNoisy.findIndex((r) => messages(r).some((m) => m.ok));
    const reply = userReplyOf(messages(crmNoisy[index]!).find((m) => m.ok)!)!;
    const text = await runCli(['render', path, '--index', String(index)]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(reply);
  }, 240_000);
});

describe('the openai policy in multi-turn episodes (loopback fake model)', () => {
  let model: FakeModel;
  beforeAll(async () => {
    model = await startFakeModel({ environments: [toolbench], seeds: { from: 0, to: 40 }, noise: { premature: 0.3, redundant: 0.1, answer: 0.05 } });
  }, 120_000);

  it('the model plain text is a message to the user; its reply comes back as a user turn in the next request', async () => {
    const out = join(dir, 'openai');
    const run = await collect(out, '--policy', 'openai', '--model', 'fake', '--base-url', model.url, '--api-key', 'x', '--episodes', '30', '--seed', '0', '--samples-per-step', '2', '--temperatures', '0,1');
    expect(run.code, run.stderr).toBe(0);
    const records = recordsOf(join(out, 'trajectories.jsonl'));
    expect(records).toHaveLength(30);
    const asked = records.flatMap((r) => messages(r));
    expect(asked.length).toBeGreaterThan(10);
    expect(asked.every((s) => typeof s.assistant.content === 'string' && s.assistant.tool_calls === undefined)).toBe(true);
    // About half pass under this noise; the count moves with the instances drawn (15 of 30 since answer-first generation).
    expect(records.filter((r) => r.passed).length).toBeGreaterThanOrEqual(12);
    // the user's reply reached the model as a user message
    const replies = new Set(asked.flatMap((s) => (s.ok ? [userReplyOf(s)!] : [])));
    const sent = new Set(model.server.requests.flatMap((q) => q.body.messages.filter((m) => m.role === 'user').map((m) => String(m.content))));
    expect([...replies].filter((r) => sent.has(r)).length).toBeGreaterThan(0);
    await model.close();
  }, 240_000);
});
