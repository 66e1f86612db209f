import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArgsError, parseArgs, USAGE } from './harness/args.js';
import type { Benchmark, BenchOutcome } from './harness/benchmark.js';
import { boxText, probeBox } from './harness/box-probe.js';
import { machineInfo } from './harness/machine.js';
import { resultFile, writeResult, type ResultFile } from './harness/results.js';
import { resultTable } from './harness/table.js';
import { adversarialBenchmark } from './cases/adversarial.js';
import { collectFakeServerBenchmark } from './cases/collect-fake-server.js';
import { collectOracleBenchmark } from './cases/collect-oracle.js';
import { episodeBenchmark } from './cases/episode.js';
import { memoryLiveEnvsBenchmark } from './cases/memory-live-envs.js';
import { memoryStreamBenchmark } from './cases/memory-stream.js';
import { resetBenchmark } from './cases/reset.js';
import { soqlBenchmark } from './cases/soql.js';
import { stepBenchmark } from './cases/step.js';
import { worldBenchmark } from './cases/world.js';

/** Every benchmark, in the order they run. */
export const BENCHMARKS: readonly Benchmark[] = [worldBenchmark, stepBenchmark, resetBenchmark, episodeBenchmark, soqlBenchmark, collectOracleBenchmark, collectFakeServerBenchmark, memoryStreamBenchmark, memoryLiveEnvsBenchmark, adversarialBenchmark];

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\nBenchmarks: ${BENCHMARKS.map((b) => b.name).join(', ')}\n`);
    return 0;
  }
  const unknown = args.only.filter((name) => !BENCHMARKS.some((b) => b.name === name));
  if (unknown.length > 0) throw new ArgsError(`unknown benchmark(s) ${unknown.join(', ')} (known: ${BENCHMARKS.map((b) => b.name).join(', ')})`);
  const selected = args.only.length === 0 ? BENCHMARKS : BENCHMARKS.filter((b) => args.only.includes(b.name));
  const out = args.out ?? path.join(here, 'results', ...(args.quick ? ['quick'] : []));
  const plan = { runs: args.runs ?? (args.quick ? 2 : 5), warmup: 1 };
  const machine = machineInfo(repo);
  const log = (line: string) => process.stderr.write(`  ${line}\n`);
  const results: ResultFile[] = [];
  let failed = 0;
  for (const benchmark of selected) {
    process.stderr.write(`[bench] ${benchmark.name}: ${benchmark.title}\n`);
    const before = probeBox(args.quick);
    log(`box before: ${boxText(before)}`);
    const startedAt = new Date().toISOString();
    const start = performance.now();
    let outcome: BenchOutcome | null = null;
    let error: string | undefined;
    try {
      outcome = await benchmark.run({ quick: args.quick, plan, repo, log });
    } catch (e) {
      error = (e as Error)?.stack ?? String(e);
      failed++;
      process.stderr.write(`[bench] ${benchmark.name} failed: ${error}\n`);
    }
    const durationMs = Math.round(performance.now() - start);
    const after = probeBox(args.quick);
    log(`box after: ${boxText(after)}`);
    const result = resultFile(
      { benchmark: benchmark.name, title: benchmark.title, mode: args.quick ? 'quick' : 'full', plan, machine, box: { before, after }, startedAt, durationMs, ...(error ? { error } : {}) },
      outcome,
    );
    writeResult(out, result);
    results.push(result);
  }
  process.stdout.write(`\n${resultTable(results)}\n\n`);
  process.stdout.write(`box before -> after (core ns/iteration, cache ns/load): ${results.map((r) => `${r.benchmark} ${r.box.before.coreNs}/${r.box.before.cacheNs} -> ${r.box.after.coreNs}/${r.box.after.cacheNs}`).join('; ')}\n`);
  process.stdout.write(`${machine.os}, ${machine.cpus} cpus (${machine.cpuModel}), node ${machine.node}, commit ${machine.commit}${machine.dirty ? ' (dirty)' : ''}, load ${machine.loadAverage} at start; results in ${path.relative(process.cwd(), out) || '.'}\n`);
  const misses = results.flatMap((r) => r.figures.filter((f) => f.verdict === 'MISS'));
  if (misses.length > 0) process.stdout.write(`${misses.length} target(s) missed: ${misses.map((f) => f.name).join('; ')}\n`);
  return failed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof ArgsError ? error.message : ((error as Error)?.stack ?? String(error))}\n`);
    if (error instanceof ArgsError) process.stderr.write(USAGE);
    process.exitCode = 2;
  },
);
