/**
 * How long the default CRMArena org takes to build: one cold build (fresh process, first call) and
 * several warm ones. Run: npx tsx benchmarks/crmarena-org-build.ts [runs]
 */
import { performance } from 'node:perf_hooks';
import { buildOrg } from '../envs/crmarena/index.js';

const runs = Number(process.argv[2] ?? 7);
const timings: number[] = [];
let sizes = '';
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  const org = buildOrg(0);
  timings.push(performance.now() - start);
  sizes = Object.entries(org.tables)
    .map(([name, rows]) => `${name} ${rows.length}`)
    .join(', ');
}
const warm = timings.slice(1).sort((a, b) => a - b);
console.log(`default org (seed 0): ${sizes}`);
console.log(`cold build ${timings[0]!.toFixed(0)} ms; warm median ${warm[Math.floor(warm.length / 2)]?.toFixed(0) ?? '-'} ms, min ${warm[0]?.toFixed(0) ?? '-'} ms over ${warm.length} runs`);
