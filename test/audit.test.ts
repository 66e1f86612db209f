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

/** A KV env whose answers are nearly always the same: a constant answer wins. */
const constantKv = defineEnvironment({
  ...fixedKv.definition,
  id: 'KeyValueConstant-v0',
  templates: [defineTemplate({ ...kvTemplates[0]!, answer: () => 7 })],
});

describe('lamsim audit', () => {
  it('flags a sprayable grader: the first number of a pasted tool output passes the KV number rule', () => {
    const report = auditEnv(kvEnvironment, { seeds: 12 });
    const spray = report.rows.find((r) => r.split === 'test' && r.template === 'read_one')!.exploits.find((e) => e.name === 'spray (tools)')!;
    expect(spray.flagged).toBe(true);
    expect(report.ok).toBe(false);
    expect(auditTable(report)).toMatch(/spray \(tools\) \d+%! \(limit 0%\)/);
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

  it('flags a template whose answer a constant gives', () => {
    const report = auditEnv(constantKv, { seeds: 12, splits: ['train'] });
    const best = report.rows[0]!.exploits.find((e) => e.name === 'best constant')!;
    expect(best).toMatchObject({ flagged: true, rate: 1, detail: 'learned:7' });
  });
});
