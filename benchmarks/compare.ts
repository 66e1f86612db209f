/**
 * This tree against an earlier revision, stepping the same oracle episodes in one process in
 * alternating rounds: on a shared box whose cache and cores swing with other tenants (see
 * harness/box-probe.ts), a figure from one run against a figure from another run minutes apart
 * says little; two trees measured side by side in the same minutes do.
 *
 *   npx tsx benchmarks/compare.ts --base REV [--env ID] [--format F] [--episodes N] [--rounds N] [--cycle] [--head-first] [--json]
 *
 * The base revision is checked out into a temporary git worktree (node_modules linked to this
 * tree's) and removed afterwards, or by the next run when this one was killed first. Each round times one pass of every episode in each tree, the
 * order of the trees swapping every round; the report gives each tree's median microseconds per
 * step and their ratio, with the box's state read between rounds.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { boxText, type BoxReading } from './harness/box-probe.js';
import { CompareArgsError, CompareError, COMPARE_USAGE, parseCompareArgs } from './harness/compare-args.js';
import { median, round2 } from './harness/measure.js';
import { alternate, loadStepped, SteppedError, type Stepped } from './harness/stepped.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function git(args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

const WORKTREE_PREFIX = 'lamsim-compare-';
const OWNER_FILE = 'owner.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the worktrees of earlier runs whose process is gone (killed before it could clean up,
 * e.g. by a signal a wrapper such as npx did not pass on); a running comparison's stays.
 */
function removeOrphans(): void {
  const listing = git(['worktree', 'list', '--porcelain']);
  for (const line of listing.split('\n')) {
    if (!line.startsWith('worktree ')) continue;
    const root = line.slice('worktree '.length);
    const parent = path.dirname(root);
    if (path.dirname(parent) !== path.resolve(os.tmpdir()) || !path.basename(parent).startsWith(WORKTREE_PREFIX)) continue;
    let owner = Number.NaN;
    try {
      owner = Number(readFileSync(path.join(parent, OWNER_FILE), 'utf8'));
    } catch {
      // no owner file: the run died between creating the folder and writing it
    }
    if (Number.isInteger(owner) && owner > 0 && alive(owner)) continue;
    git(['worktree', 'remove', '--force', root]);
    rmSync(parent, { recursive: true, force: true });
  }
  git(['worktree', 'prune']);
}

function checkout(rev: string): { root: string; sha: string; remove: () => void } {
  let sha: string;
  try {
    sha = git(['rev-parse', '--verify', `${rev}^{commit}`]);
  } catch {
    throw new CompareError(`--base ${rev} is not a commit of this repository`);
  }
  removeOrphans();
  const parent = mkdtempSync(path.join(os.tmpdir(), WORKTREE_PREFIX));
  writeFileSync(path.join(parent, OWNER_FILE), String(process.pid));
  const root = path.join(parent, sha.slice(0, 12));
  git(['worktree', 'add', '--detach', '--quiet', root, sha]);
  symlinkSync(path.join(repo, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return {
    root,
    sha,
    remove: () => {
      try {
        git(['worktree', 'remove', '--force', root]);
      } finally {
        rmSync(parent, { recursive: true, force: true });
      }
    },
  };
}

interface Report {
  readonly env: string;
  readonly format: string;
  readonly timed: 'step' | 'reset+step';
  readonly loadedFirst: 'base' | 'head';
  readonly episodes: number;
  readonly rounds: number;
  /** Whether both trees planned the same instances for the seeds (if not, they timed different work). */
  readonly samePlan: boolean;
  readonly base: { readonly rev: string; readonly sha: string; readonly us: number; readonly passes: readonly number[] };
  readonly head: { readonly dirty: boolean; readonly sha: string; readonly us: number; readonly passes: readonly number[] };
  /** head over base: below 1, this tree is cheaper per step. */
  readonly ratio: number;
  readonly box: readonly BoxReading[];
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseCompareArgs(argv);
  if (args.help) {
    process.stdout.write(COMPARE_USAGE);
    return 0;
  }
  const tty = process.stderr.isTTY === true;
  const say = (line: string) => {
    if (tty) process.stderr.write(`${line}\n`);
  };
  const base = checkout(args.base);
  // An interrupted run still removes its worktree; the listener stays while it does, so a second
  // signal (npx forwards the terminal's) does not kill the process halfway through.
  let leaving = false;
  const interrupted = () => {
    if (leaving) return;
    leaving = true;
    base.remove();
    process.exit(130);
  };
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);
  try {
    say(`compare: ${args.env} ${args.format ?? '(first format)'}, ${args.episodes} episodes, ${args.rounds} rounds; base ${base.sha.slice(0, 12)} in ${base.root}`);
    const loadBase = async () => (await loadStepped(`base ${args.base}`, base.root, args.env, [args.format], args.episodes))[0]!;
    const loadHead = async () => (await loadStepped('this tree', repo, args.env, [args.format], args.episodes))[0]!;
    let trees: readonly [Stepped, Stepped];
    if (args.headFirst) {
      const head = await loadHead();
      trees = [await loadBase(), head];
    } else {
      const first = await loadBase();
      trees = [first, await loadHead()];
    }
    const [a, b] = trees;
    const same = a.episodes.length === b.episodes.length && a.episodes.every((e, i) => e.instance.id === b.episodes[i]!.instance.id);
    if (!same) process.stderr.write('compare: the two trees plan different episodes for these seeds; the figures compare different work\n');
    const { times, box } = await alternate(trees, args.rounds, args.cycle, (round, last, reading) => {
      say(`  round ${round + 1}/${args.rounds}: base ${last[0]!.toFixed(2)} us, this ${last[1]!.toFixed(2)} us; box ${boxText(reading)}`);
    });
    const report: Report = {
      env: args.env,
      format: a.format,
      timed: args.cycle ? 'reset+step' : 'step',
      loadedFirst: args.headFirst ? 'head' : 'base',
      episodes: a.episodes.length,
      rounds: args.rounds,
      samePlan: same,
      base: { rev: args.base, sha: base.sha, us: round2(median(times[0]!)), passes: times[0]!.map(round2) },
      head: { dirty: git(['status', '--porcelain', '--untracked-files=no']) !== '', sha: git(['rev-parse', 'HEAD']), us: round2(median(times[1]!)), passes: times[1]!.map(round2) },
      ratio: Math.round((median(times[1]!) / median(times[0]!)) * 1000) / 1000,
      box,
    };
    if (args.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else process.stdout.write(`${report.env} ${report.format} ${report.timed}: base ${args.base} ${report.base.us} us, this tree ${report.head.us} us per step (median of ${report.rounds} rounds, ${report.episodes} episodes, ${report.loadedFirst} loaded first): ratio ${report.ratio}\n`);
    return 0;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    base.remove();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`compare: ${error instanceof CompareArgsError || error instanceof CompareError || error instanceof SteppedError ? error.message : ((error as Error)?.stack ?? String(error))}\n`);
    if (error instanceof CompareArgsError) process.stderr.write(COMPARE_USAGE);
    process.exitCode = 2;
  },
);
