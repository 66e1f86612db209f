import path from 'node:path';
import { eachFlag } from './flags.js';

export interface BenchArgs {
  readonly quick: boolean;
  /** Benchmark names to run; empty means all. */
  readonly only: readonly string[];
  readonly runs: number | null;
  /** Where result files go. */
  readonly out: string | null;
  readonly help: boolean;
}

export class ArgsError extends Error {
  override name = 'ArgsError';
}

export const USAGE = `Usage: npm run bench -- [--quick] [--only NAME[,NAME]]... [--runs N] [--out DIR]

  --quick        tiny counts: checks the harness, measures nothing meaningful
                 (results go to benchmarks/results/quick/ unless --out is given)
  --only NAME    run only these benchmarks (repeatable or comma-separated)
  --runs N       measured runs per figure (default 5, quick 2); the median is reported
  --out DIR      write result files here instead of benchmarks/results/
`;

export function parseArgs(argv: readonly string[]): BenchArgs {
  let quick = false;
  let runs: number | null = null;
  let out: string | null = null;
  const only: string[] = [];
  const help = eachFlag(argv, (message) => new ArgsError(message), (flag, value) => {
    switch (flag) {
      case '--quick':
        quick = true;
        break;
      case '--only':
        only.push(...value().split(',').map((s) => s.trim()).filter((s) => s !== ''));
        break;
      case '--runs': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1) throw new ArgsError('--runs must be a positive integer');
        runs = n;
        break;
      }
      case '--out':
        out = path.resolve(value());
        break;
      default:
        return false;
    }
    return true;
  });
  return { quick, only, runs, out, help };
}
