import { describe, expect, it } from 'vitest';
import { defineEnvironment, defineTemplate } from '../src/index.js';
import { auditEnv, auditTable } from '../src/testing/index.js';
import { kvEnvironment, kvTemplates } from './fixtures/kv-env.js';

/** The KV env with exact answers: a list of every value the tools returned no longer passes. */
const fixedKv = defineEnvironment({
  ...kvEnvironment.definition,
  id: 'KeyValueExact-v0',
  templates: kvTemplates.map((t) => defineTemplate({ ...t, compare: { kind: 'exact' } })),
});

/** The KV env with a loose grader on the sum: any text that mentions the sum somewhere passes. */
const sprayableKv = defineEnvironment({
  ...kvEnvironment.definition,
  id: 'KeyValueLoose-v0',
  templates: kvTemplates.map((t) => (t.id === 'copy_sum' ? defineTemplate({ ...t, compare: { kind: 'token-f1', threshold: 0.05, keyFacts: false } }) : t)),
});

/** A KV env whose answers are nearly always the same: a constant answer wins. */
const constantKv = defineEnvironment({
  ...fixedKv.definition,
  id: 'KeyValueConstant-v0',
  templates: [defineTemplate({ ...kvTemplates[0]!, answer: () => 7 })],
});

describe('lamsim audit', () => {
  it('flags a sprayable grader: a pasted tool output (the summed values among them) passes a loose token-F1 rule', () => {
    const report = auditEnv(sprayableKv, { seeds: 12, splits: ['test'] });
    const spray = report.rows.find((r) => r.template === 'copy_sum')!.exploits.find((e) => e.name === 'spray (tools)')!;
    expect(spray.flagged).toBe(true);
    expect(report.ok).toBe(false);
    expect(auditTable(report)).toMatch(/spray \(tools\) \d+%! \(limit 0%\)/);
  });

  it('does not count as a spray a pasted output that holds only the truth and what the query names', () => {
    // read_one's tool returns the asked key and its value: pasting it answers the question.
    const report = auditEnv(sprayableKv, { seeds: 12, splits: ['test'] });
    const spray = report.rows.find((r) => r.template === 'read_one')!.exploits.find((e) => e.name === 'spray (tools)')!;
    expect(spray.trials).toBe(0);
    expect(spray.flagged).toBe(false);
  });

  it('passes the same env with exact answers: oracle 100%, every exploit under its threshold', () => {
    const report = auditEnv(fixedKv, { seeds: 12 });
    for (const row of report.rows) {
      expect(row.oracle.rate).toBe(1);
      for (const e of row.exploits) expect(e.flagged, `${row.split}/${row.template}: ${e.name} ${e.rate}`).toBe(false);
    }
    expect(report.ok).toBe(true);
    const lookup = report.rows.filter((r) => r.split === 'test').map((r) => r.exploits.find((e) => e.name === 'lookup')!);
    expect(lookup.every((l) => l.trials === 12)).toBe(true);
  });

  it('holds a held-out lookup table to chance: the better of the best constant and a uniform guess, + 2 points', () => {
    const report = auditEnv(fixedKv, { seeds: 12 });
    const rows = report.rows.filter((r) => r.exploits.some((e) => e.name === 'lookup'));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const lookup = row.exploits.find((e) => e.name === 'lookup')!;
      const best = row.exploits.find((e) => e.name === 'best constant')!;
      expect(lookup.threshold).toBeCloseTo(Math.max(best.rate, 1 / row.possibleAnswers) + 0.02, 12);
    }
  });

  it('flags a template whose answer a constant gives', () => {
    const report = auditEnv(constantKv, { seeds: 12, splits: ['train'] });
    const best = report.rows[0]!.exploits.find((e) => e.name === 'best constant')!;
    expect(best).toMatchObject({ flagged: true, rate: 1, detail: 'learned:7' });
  });
});
