import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JsonValue } from '../../src/core/json.js';
import type { Benchmark } from '../harness/benchmark.js';
import { callgrindFlags, callgrindMissing, perOp, readDumps, tally, type Tally } from '../harness/callgrind.js';
import { figure, type Figure } from '../harness/figure.js';
import { round2, spread } from '../harness/measure.js';
import { loadSubjects, type Family } from '../harness/subjects.js';

type Counts = Record<string, { episodes: number; steps: number; calls: number }>;
interface ChildReport {
  readonly counts: Counts;
  /** Garbage collections inside each region (labelled as its dump). */
  readonly gcs: Record<string, number>;
}

/** MB of each semi-space: a region's garbage (a few MB to tens of MB) then needs no scavenge. */
const SEMI_SPACE_MB = 128;

/** Runs the child under callgrind; resolves with its JSON line, rejects with the tail of its stderr. */
function runUnderCallgrind(repo: string, outFile: string, args: readonly string[]): Promise<ChildReport> {
  const heap = [`--min-semi-space-size=${SEMI_SPACE_MB}`, `--max-semi-space-size=${SEMI_SPACE_MB}`];
  const node = [process.execPath, '--predictable', '--expose-gc', ...heap, '--import', 'tsx', path.join(repo, 'benchmarks/children/count-instructions.ts'), ...args];
  const child = spawn('valgrind', [...callgrindFlags(outFile), ...node], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-6000)));
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('exit', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) done(JSON.parse(line) as ChildReport);
      else fail(new Error(`count-instructions under callgrind exited ${code}: ${stderr.split('\n').filter((l) => !l.startsWith('==')).slice(-8).join('\n')}`));
    });
  });
}

/** The per-operation tallies of one env and format in one repetition, from its four regions' dumps. */
function perRep(dumps: ReadonlyMap<string, Tally>, key: string, rep: number, counts: Counts[string]) {
  const region = (name: string) => {
    const found = dumps.get(`${key}:${name}:${rep}`);
    if (found === undefined) throw new Error(`no callgrind dump for ${key} ${name} (rep ${rep})`);
    return found;
  };
  const empty = region('empty');
  return {
    step: perOp(region('cycle'), region('resets'), counts.steps),
    floor: perOp(region('floor'), empty, counts.calls),
    reset: perOp(region('resets'), empty, counts.episodes),
    bracket: empty.instructions,
  };
}

const RATIO_TARGET: Partial<Record<Family, number>> = { toolbench: 1.5 };

export const instructionsBenchmark: Benchmark = {
  name: 'instructions',
  title: 'instructions and simulated cache misses per step, floor call and reset (callgrind: the same on any box, unlike time)',
  async run(ctx) {
    const missing = callgrindMissing();
    if (missing !== null) {
      ctx.log(`skipped: ${missing}`);
      return { figures: [], details: {}, skipped: [`instructions: ${missing}`] };
    }
    const { subjects, missing: notLoaded } = await loadSubjects();
    // Quick mode checks the harness on the baseline env alone: the real envs' worlds take minutes to build under valgrind.
    const measured = ctx.quick ? subjects.filter((s) => s.family === 'baseline') : subjects;
    const pairs = measured.flatMap((s) => (ctx.quick ? [s.environment.formats[0]!] : s.environment.formats).map((format) => ({ subject: s, format, key: `${s.environment.id}:${format}` })));
    const episodes = ctx.quick ? 8 : 300;
    const warm = ctx.quick ? 1 : 12;
    const reps = ctx.quick ? 1 : 3;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lamsim-callgrind-'));
    try {
      ctx.log(`callgrind: ${pairs.length} env/format pairs, ${episodes} oracle episodes each, ${warm} warm-up passes, ${reps} measured repetitions, one process per environment (minutes: valgrind runs the warm-up ~10x and the measured regions ~100x slower)`);
      const counts: Counts = {};
      const gcs: Record<string, number> = {};
      const byLabel = new Map<string, Tally>();
      const engine: Record<string, { all: number; engine: number }> = {};
      let caches: Record<string, string> = {};
      // One process per environment: a heap holding only its own worlds, and no other env's code in its JIT's feedback.
      for (const subject of measured) {
        const keys = pairs.filter((p) => p.subject === subject).map((p) => p.key);
        const outFile = path.join(dir, `${subject.environment.id}.out`);
        const report = await runUnderCallgrind(ctx.repo, outFile, [String(episodes), String(warm), String(reps), ...keys]);
        Object.assign(counts, report.counts);
        Object.assign(gcs, report.gcs);
        const read = readDumps(outFile);
        for (const d of read.dumps) {
          byLabel.set(d.label, tally(d.counts, d.engine));
          engine[d.label] = { all: d.counts.Ir ?? 0, engine: d.engine.Ir ?? 0 };
        }
        caches = read.caches;
        ctx.log(`${subject.environment.id}: counted`);
      }
      const figures: Figure[] = [];
      const details: Record<string, JsonValue> = { caches, episodes, warmPasses: warm, reps, semiSpaceMB: SEMI_SPACE_MB };
      for (const { subject, format, key } of pairs) {
        const c = counts[key]!;
        const rows = Array.from({ length: reps }, (_, rep) => perRep(byLabel, key, rep, c));
        const pick = (f: (r: (typeof rows)[number]) => number) => spread(rows.map(f));
        const step = pick((r) => r.step.instructions);
        const floor = pick((r) => r.floor.instructions);
        const ratio = pick((r) => r.step.instructions / r.floor.instructions);
        const reset = pick((r) => r.reset.instructions);
        const stepLl = pick((r) => r.step.llMisses);
        const floorLl = pick((r) => r.floor.llMisses);
        const name = `${subject.environment.id} ${format}`;
        const targeted = subject.stepPlan(format).targeted ? RATIO_TARGET[subject.family] : undefined;
        figures.push(figure({ name: `${name} step instructions`, value: Math.round(step.median), min: Math.round(step.min), max: Math.round(step.max), unit: 'instructions/step' }));
        figures.push(figure({ name: `${name} floor instructions`, value: Math.round(floor.median), min: Math.round(floor.min), max: Math.round(floor.max), unit: 'instructions/call' }));
        figures.push(
          figure({
            name: `${name} step/floor (instructions)`,
            value: round2(ratio.median),
            min: round2(ratio.min),
            max: round2(ratio.max),
            unit: 'ratio',
            ...(targeted !== undefined ? { target: { op: '<=' as const, value: targeted, label: `step/floor <= ${targeted}, counted in instructions (issue 15)` } } : {}),
          }),
        );
        figures.push(figure({ name: `${name} reset instructions`, value: Math.round(reset.median), min: Math.round(reset.min), max: Math.round(reset.max), unit: 'instructions/reset' }));
        figures.push(figure({ name: `${name} step LL misses`, value: round2(stepLl.median), min: round2(stepLl.min), max: round2(stepLl.max), unit: 'misses/step', note: `floor ${round2(floorLl.median)} per call; simulated last-level cache ${caches.LL ?? '?'}` }));
        const collected = Object.entries(gcs).filter(([label, n]) => label.startsWith(`${key}:`) && n > 0);
        const regions = Object.entries(engine).filter(([label]) => label.startsWith(`${key}:`));
        details[key] = {
          ...c,
          gcsInRegions: Object.fromEntries(collected),
          // each region's instructions in all, and of them V8's compilers' and GC's (left out of the figures)
          regionInstructions: Object.fromEntries(regions.map(([label, v]) => [label.slice(key.length + 1), [v.all, v.engine]])),
          perRep: rows.map((r) => ({
            step: roundTally(r.step),
            floor: roundTally(r.floor),
            reset: roundTally(r.reset),
            bracketInstructions: r.bracket,
          })),
        };
        ctx.log(`${name}: step ${Math.round(step.median)} instructions (${round2(stepLl.median)} LL misses), floor ${Math.round(floor.median)} per call: ${round2(ratio.median)}x; reset ${Math.round(reset.median)}; GCs inside regions: ${collected.length === 0 ? 'none' : collected.map(([l, n]) => `${l} ${n}`).join(', ')}`);
      }
      return { figures, details, skipped: [...notLoaded] };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

function roundTally(t: Tally): Record<string, number> {
  return { instructions: Math.round(t.instructions), dataRefs: Math.round(t.dataRefs), l1Misses: round2(t.l1Misses), llMisses: round2(t.llMisses), instructionL1Misses: round2(t.instructionL1Misses) };
}
