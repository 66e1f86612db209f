/**
 * An environment's action formats stepped side by side in one process, alternating rounds: the
 * step case measures formats one after another, half a minute each, so on a shared box a gap
 * between formats within one run can be the box moving (see harness/box-probe.ts).
 *
 *   npx tsx benchmarks/compare-formats.ts [--env ID] [--formats F,F...] [--episodes N] [--rounds N] [--cycle] [--json]
 *
 * Reports each format's median microseconds per step (and steps per second) over the rounds.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { boxText } from './harness/box-probe.js';
import { CompareArgsError, FORMATS_USAGE, parseFormatsArgs } from './harness/compare-args.js';
import { median, round2 } from './harness/measure.js';
import { alternate, loadStepped, SteppedError } from './harness/stepped.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(argv: readonly string[]): Promise<number> {
  const args = parseFormatsArgs(argv);
  if (args.help) {
    process.stdout.write(FORMATS_USAGE);
    return 0;
  }
  const say = (line: string) => {
    if (process.stderr.isTTY === true) process.stderr.write(`${line}\n`);
  };
  const sides = await loadStepped('this tree', repo, args.env, args.formats, args.episodes);
  const { times, box } = await alternate(sides, args.rounds, args.cycle, (round, last, reading) => {
    say(`  round ${round + 1}/${args.rounds}: ${sides.map((s, i) => `${s.format} ${last[i]!.toFixed(2)} us`).join(', ')}; box ${boxText(reading)}`);
  });
  const rows = sides.map((side, i) => {
    const us = median(times[i]!);
    return { format: side.format, episodes: side.episodes.length, us: round2(us), stepsPerSecond: Math.round(1e6 / us), passes: times[i]!.map(round2) };
  });
  const report = { env: args.env, timed: args.cycle ? 'reset+step' : 'step', rounds: args.rounds, formats: rows, box };
  if (args.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else process.stdout.write(`${args.env} ${report.timed}, median of ${args.rounds} alternating rounds: ${rows.map((r) => `${r.format} ${r.us} us (${r.stepsPerSecond}/s, ${r.episodes} episodes)`).join('; ')}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const known = error instanceof CompareArgsError || error instanceof SteppedError;
    process.stderr.write(`compare-formats: ${known ? (error as Error).message : ((error as Error)?.stack ?? String(error))}\n`);
    if (error instanceof CompareArgsError) process.stderr.write(FORMATS_USAGE);
    process.exitCode = 2;
  },
);
