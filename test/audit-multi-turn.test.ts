import { describe, expect, it } from 'vitest';
import { builtinEnvironments } from '../envs/index.js';
import { auditEnv } from '../src/audit/audit.js';
import { auditTable } from '../src/audit/report.js';

const toolbench = builtinEnvironments.find((e) => e.id === 'ToolBench-v0')!;
const crmarena = builtinEnvironments.find((e) => e.id === 'CRMArena-v0')!;

describe('lamsim audit on the multi-turn split', () => {
  it('answering without asking, constant last answers and asking everything never beat the oracle, which solves all', () => {
    const report = auditEnv(toolbench, { splits: ['multi-turn'], seeds: 8 });
    expect(report.ok, auditTable(report)).toBe(true);
    expect(report.rows.length).toBe(toolbench.split('multi-turn').templates.length);
    let noAsk = 0;
    for (const row of report.rows) {
      expect(row.oracle.rate).toBe(1);
      const by = new Map(row.exploits.map((e) => [e.name, e]));
      for (const name of ['answer without asking', 'constant (last intent)', 'ask everything > oracle']) expect(by.has(name), `${row.template}: ${name}`).toBe(true);
      expect(by.get('answer without asking')!.successes).toBe(0);
      expect(by.get('ask everything > oracle')!.successes).toBe(0);
      noAsk += by.get('answer without asking')!.trials;
    }
    // most templates keep a detail of the first request back, so answering at once is tried
    expect(noAsk).toBeGreaterThan(report.rows.length * 4);
    expect(auditTable(report)).toContain('no-ask');
  }, 120_000);

  it('CRMArena multi-turn split: nothing flagged, the oracle solves all, answering before asking never pays', () => {
    const report = auditEnv(crmarena, { splits: ['multi-turn'], seeds: 6 });
    expect(report.ok, auditTable(report)).toBe(true);
    expect(report.rows.length).toBe(crmarena.split('multi-turn').templates.length);
    let noAsk = 0;
    for (const row of report.rows) {
      expect(row.oracle.rate).toBe(1);
      const by = new Map(row.exploits.map((e) => [e.name, e]));
      expect(by.get('answer without asking')!.successes).toBe(0);
      expect(by.get('ask everything > oracle')!.successes).toBe(0);
      noAsk += by.get('answer without asking')!.trials;
    }
    expect(noAsk).toBeGreaterThan(report.rows.length * 2);
  }, 120_000);

  it('single-turn rows get none of the multi-turn exploits', () => {
    const report = auditEnv(toolbench, { splits: ['train'], seeds: 1 });
    expect(report.rows.every((r) => r.exploits.every((e) => !['answer without asking', 'constant (last intent)', 'ask everything > oracle'].includes(e.name)))).toBe(true);
    expect(auditTable(report)).not.toContain('no-ask');
  }, 120_000);
});
