import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const NAMES = ['world', 'step', 'reset', 'episode', 'soql', 'collect-oracle', 'collect-fake-server', 'memory-stream', 'memory-live-envs', 'adversarial'];

interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: { op: string; value: number; label: string };
  verdict?: string;
}

/**
 * The harness in quick mode (tiny counts), as `npm run bench -- --quick` runs it. Timings are not
 * checked: only that every benchmark ran and wrote a result file of the documented shape.
 */
describe('benchmark harness, quick mode', () => {
  let out: string;
  let stdout: string;
  beforeAll(async () => {
    out = mkdtempSync(path.join(os.tmpdir(), 'lamsim-bench-smoke-'));
    ({ stdout } = await run(process.execPath, ['--import', 'tsx', 'benchmarks/run.ts', '--quick', '--out', out], { cwd: repo, maxBuffer: 16 * 2 ** 20 }));
    // generous: it shares 2 cores with another test file (and, in CI, the type and install checks)
  }, 600_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes one result file per benchmark', () => {
    expect(readdirSync(out).sort()).toEqual(NAMES.map((n) => `${n}.json`).sort());
  });

  it('records the machine, the mode and the figures of each benchmark, without errors', () => {
    for (const name of NAMES) {
      const result = JSON.parse(readFileSync(path.join(out, `${name}.json`), 'utf8'));
      expect(result.error, `${name}: ${result.error}`).toBeUndefined();
      expect(result.benchmark).toBe(name);
      expect(result.mode).toBe('quick');
      expect(result.plan.runs).toBeGreaterThanOrEqual(1);
      expect(Object.keys(result.machine).sort()).toEqual(['arch', 'commit', 'cpuModel', 'cpus', 'dirty', 'loadAverage', 'node', 'os', 'totalMemoryMB', 'v8'].sort());
      expect(result.machine.node).toBe(process.version);
      for (const when of ['before', 'after']) {
        const reading = result.box[when];
        expect(Object.keys(reading).sort()).toEqual(['cacheNs', 'coreNs']);
        expect(reading.coreNs > 0 && Number.isFinite(reading.coreNs), `${name} box ${when}`).toBe(true);
        // a chase load cannot be cheaper than an integer loop step on any box
        expect(reading.cacheNs, `${name} box ${when}`).toBeGreaterThan(reading.coreNs);
      }
      expect(result.figures.length, name).toBeGreaterThan(0);
      for (const f of result.figures as Figure[]) {
        expect(typeof f.name).toBe('string');
        expect(Number.isFinite(f.value), `${name}: ${f.name} = ${f.value}`).toBe(true);
        expect(f.unit).not.toBe('');
        if (f.target) {
          const meets = f.target.op === '>=' ? f.value >= f.target.value : f.value <= f.target.value;
          expect(f.verdict).toBe(meets ? 'PASS' : 'MISS');
        } else {
          expect(f.verdict).toBeUndefined();
        }
      }
    }
  });

  it('measures a step floor for every step figure and checks the KeyValue baseline in every format', () => {
    const step = JSON.parse(readFileSync(path.join(out, 'step.json'), 'utf8'));
    const names = (step.figures as Figure[]).map((f) => f.name);
    for (const format of ['openai', 'xlam', 'react']) {
      for (const kind of ['step', 'floor (parse+zod+handler)', 'step/floor', 'floor + observation JSON + grading', 'step/(floor + observation JSON + grading)', 'step+reset cycle']) expect(names).toContain(`KeyValue-v0 ${format} ${kind}`);
    }
    const steps = names.filter((n) => n.endsWith(' step'));
    for (const s of steps) expect(names).toContain(`${s}/floor`);
    for (const s of steps) expect(names).toContain(`${s}/(floor + observation JSON + grading)`);
    for (const s of steps) {
      const items = step.details[s.slice(0, -' step'.length)].perItemMedians;
      expect(items.stepUs).toBeGreaterThan(0);
      expect(items.floorUs).toBeGreaterThan(0);
      expect(Number.isFinite(items.ratio) && items.ratio > 0).toBe(true);
    }
  });

  it('prints the table with a verdict column', () => {
    expect(stdout).toMatch(/benchmark\s+figure\s+value\s+unit/);
    expect(stdout).toMatch(/box before -> after \(core ns\/iteration, cache ns\/load\): world [\d.]+\/[\d.]+ -> [\d.]+\/[\d.]+; step /);
    expect(stdout).toMatch(/memory-live-envs .*sharing their world.s object .* (PASS|MISS)/);
  });
});
