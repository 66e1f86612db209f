import { eachFlag } from './flags.js';

/** The command line of `benchmarks/compare.ts`. */
export interface CompareArgs {
  /** The revision to compare against (anything `git rev-parse` takes). */
  readonly base: string;
  readonly env: string;
  /** The action format; null: the environment's first. */
  readonly format: string | null;
  readonly episodes: number;
  readonly rounds: number;
  /** Time reset and steps together rather than the steps alone. */
  readonly cycle: boolean;
  /** Load (and plan) this tree before the base, so a small difference can be read in both orders. */
  readonly headFirst: boolean;
  readonly json: boolean;
  readonly help: boolean;
}

/** A wrong flag: the message and the usage are printed. */
export class CompareArgsError extends Error {
  override name = 'CompareArgsError';
}

/** Something else that stops the comparison (a tree without the harness, an unknown env): one line. */
export class CompareError extends Error {
  override name = 'CompareError';
}

export const COMPARE_USAGE = `Usage: npx tsx benchmarks/compare.ts --base REV [--env ID] [--format F] [--episodes N] [--rounds N] [--cycle] [--head-first] [--json]

  --base REV      the revision to compare this tree against (a commit, branch or tag)
  --env ID        environment of the step case (default ToolBench-v0)
  --format F      action format (default: the environment's first)
  --episodes N    oracle episodes per pass, seeds 0..N-1 (default 1500)
  --rounds N      measured rounds, the trees' order swapping each round (default 6)
  --cycle         time reset + steps, not the steps alone
  --head-first    load this tree before the base (run both orders when the difference is small)
  --json          one JSON line on stdout (progress on a terminal only, on stderr)
`;

function count(flag: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new CompareArgsError(`${flag} must be an integer >= ${min}, got ${JSON.stringify(text)}`);
  return n;
}

export function parseCompareArgs(argv: readonly string[]): CompareArgs {
  let base: string | null = null;
  let env = 'ToolBench-v0';
  let format: string | null = null;
  let episodes = 1500;
  let rounds = 6;
  let cycle = false;
  let headFirst = false;
  let json = false;
  const help = eachFlag(argv, (message) => new CompareArgsError(message), (flag, value) => {
    switch (flag) {
      case '--base':
        base = value();
        break;
      case '--env':
        env = value();
        break;
      case '--format':
        format = value();
        break;
      case '--episodes':
        episodes = count(flag, value(), 1);
        break;
      case '--rounds':
        rounds = count(flag, value(), 1);
        break;
      case '--cycle':
        cycle = true;
        break;
      case '--head-first':
        headFirst = true;
        break;
      case '--json':
        json = true;
        break;
      default:
        return false;
    }
    return true;
  });
  if (base === null && !help) throw new CompareArgsError('--base REV is required');
  return { base: base ?? '', env, format, episodes, rounds, cycle, headFirst, json, help };
}
