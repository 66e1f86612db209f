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

/** The flags both scripts take: which env, how many episodes and rounds, what is timed, how it is printed. */
interface SideBySide {
  env: string;
  episodes: number;
  rounds: number;
  cycle: boolean;
  json: boolean;
}

/** Reads one of the shared flags into `into`; false for any other flag. */
function sideBySideFlag(into: SideBySide, flag: string, value: () => string): boolean {
  switch (flag) {
    case '--env':
      into.env = value();
      return true;
    case '--episodes':
      into.episodes = count(flag, value(), 1);
      return true;
    case '--rounds':
      into.rounds = count(flag, value(), 1);
      return true;
    case '--cycle':
      into.cycle = true;
      return true;
    case '--json':
      into.json = true;
      return true;
    default:
      return false;
  }
}

export function parseCompareArgs(argv: readonly string[]): CompareArgs {
  const common: SideBySide = { env: 'ToolBench-v0', episodes: 1500, rounds: 6, cycle: false, json: false };
  let base: string | null = null;
  let format: string | null = null;
  let headFirst = false;
  const help = eachFlag(argv, (message) => new CompareArgsError(message), (flag, value) => {
    if (flag === '--base') base = value();
    else if (flag === '--format') format = value();
    else if (flag === '--head-first') headFirst = true;
    else return sideBySideFlag(common, flag, value);
    return true;
  });
  if (base === null && !help) throw new CompareArgsError('--base REV is required');
  return { base: base ?? '', env: common.env, format, episodes: common.episodes, rounds: common.rounds, cycle: common.cycle, headFirst, json: common.json, help };
}

/** The command line of `benchmarks/compare-formats.ts`. */
export interface FormatsArgs {
  readonly env: string;
  /** Formats to step side by side; empty: every format the environment accepts. */
  readonly formats: readonly string[];
  readonly episodes: number;
  readonly rounds: number;
  readonly cycle: boolean;
  readonly json: boolean;
  readonly help: boolean;
}

export const FORMATS_USAGE = `Usage: npx tsx benchmarks/compare-formats.ts [--env ID] [--formats F,F...] [--episodes N] [--rounds N] [--cycle] [--json]

  --env ID        environment of the step case (default CRMArena-v0)
  --formats F,F   action formats to step side by side (default: every format the environment accepts)
  --episodes N    oracle episodes per pass, seeds 0..N-1 (default 800)
  --rounds N      measured rounds, the formats' order reversing every other round (default 9)
  --cycle         time reset + steps, not the steps alone
  --json          one JSON line on stdout (progress on a terminal only, on stderr)
`;

export function parseFormatsArgs(argv: readonly string[]): FormatsArgs {
  const common: SideBySide = { env: 'CRMArena-v0', episodes: 800, rounds: 9, cycle: false, json: false };
  const formats: string[] = [];
  const help = eachFlag(argv, (message) => new CompareArgsError(message), (flag, value) => {
    if (flag !== '--formats') return sideBySideFlag(common, flag, value);
    formats.push(...value().split(',').map((f) => f.trim()).filter((f) => f !== ''));
    return true;
  });
  return { ...common, formats, help };
}
