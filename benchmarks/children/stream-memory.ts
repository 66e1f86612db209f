/**
 * A streamed collection in its own process (run with --expose-gc): the oracle plays EPISODES
 * episodes through the collector into a JSONL trajectory log, and memory is sampled as records
 * are written (RSS every 25 records; the heap after a full collection every LIVE_EVERY records,
 * which a caller comparing runs of different lengths keeps the same: each forced collection also
 * trims the heap, so runs forcing them at different rates have different peaks). Prints one JSON
 * line of figures.
 * Usage: node --expose-gc --import tsx benchmarks/children/stream-memory.ts ENV_ID EPISODES LIVE_EVERY
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collect } from '../../src/rollout/collector.js';
import { OraclePolicy } from '../../src/rollout/oracle.js';
import { TrajectoryLog } from '../../src/rollout/trajectory-log.js';
import { loadSubjects } from '../harness/subjects.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const [envId, count, liveEveryText] = process.argv.slice(2);
const episodes = Number(count);
const liveEvery = Number(liveEveryText);
if (!Number.isInteger(liveEvery) || liveEvery < 1) throw new Error('LIVE_EVERY must be a positive integer');
const { subjects } = await loadSubjects();
const subject = subjects.find((s) => s.environment.id === envId);
if (!subject) throw new Error(`no environment ${envId}`);
const { environment } = subject;
const split = environment.definition.defaultSplit;
environment.world();

const MB = 2 ** 20;
const dir = mkdtempSync(path.join(os.tmpdir(), 'lamsim-bench-'));
const file = path.join(dir, 'trajectories.jsonl');
try {
  gc();
  const baseline = process.memoryUsage();
  const { log } = await TrajectoryLog.open(file, false);
  const sampleEvery = 25;
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  // Peak RSS within each tenth of the run: a process that has warmed up keeps the same peak in every later tenth.
  const tenths = new Array<number>(10).fill(0);
  let written = 0;
  let steps = 0;
  const live: [number, number][] = [];
  const start = performance.now();
  const summary = await collect({
    targets: [{ environment, split }],
    episodes,
    seed: 0,
    policy: new OraclePolicy(),
    onRecord: (line, record) => {
      log.append(line);
      written++;
      steps += record.steps.length;
      if (written % sampleEvery === 0) {
        const m = process.memoryUsage();
        if (m.rss > peakRss) peakRss = m.rss;
        const tenth = Math.min(9, Math.floor(((written - 1) * 10) / episodes));
        if (m.rss > tenths[tenth]!) tenths[tenth] = m.rss;
        if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
      }
      if (written % liveEvery === 0) {
        gc();
        live.push([written, process.memoryUsage().heapUsed / MB]);
      }
    },
  });
  const ms = performance.now() - start;
  log.close();
  const bytes = statSync(file).size;
  process.stdout.write(
    `${JSON.stringify({
      env: envId,
      episodes: written,
      failed: summary.failed,
      steps,
      ms,
      fileMB: bytes / MB,
      baselineRssMB: baseline.rss / MB,
      baselineHeapMB: baseline.heapUsed / MB,
      peakRssMB: peakRss / MB,
      peakHeapMB: peakHeap / MB,
      peakRssByTenthMB: tenths.map((rss) => rss / MB),
      liveHeapMB: live,
    })}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
