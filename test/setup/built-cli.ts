/**
 * dist/ as `npm run build` makes it: the tests that start the CLI as a child process start the built
 * `lamsim` (about a second less CPU per start than through tsx). Importing this module builds it first
 * whenever a source is newer than its output, so no test runs stale code, and a run of other tests
 * never waits for a build. Workers that find it stale at once build one at a time (a lock directory).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** The built CLI's entry point (the package's `bin`). */
export const builtCli = join(repo, 'dist', 'src', 'cli', 'main.js');

/** argv after `node` that runs `lamsim ARGS...` from the build. */
export const cliArgv = (...args: string[]): string[] => [builtCli, ...args];

const SOURCE_DIRS = ['src', 'envs'];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];
const LOCK = join(repo, '.build-lock');
/** A lock older than this was left by a build that died. */
const STALE_LOCK_MS = 5 * 60_000;

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if ((entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) || entry.name.endsWith('.json')) yield path;
  }
}

/** Why dist/ must be rebuilt (a missing or older output than its source or the build config), or null when it is current. */
export function staleBuild(): string | null {
  if (!existsSync(builtCli)) return `${relative(repo, builtCli)} is missing`;
  const configTime = Math.max(...CONFIGS.map((name) => statSync(join(repo, name)).mtimeMs));
  if (configTime > statSync(builtCli).mtimeMs) return `a build config (${CONFIGS.join(', ')}) is newer than ${relative(repo, builtCli)}`;
  for (const dir of SOURCE_DIRS) {
    for (const source of sources(join(repo, dir))) {
      const output = join(repo, 'dist', relative(repo, source).replace(/\.ts$/, '.js'));
      if (!existsSync(output)) return `${relative(repo, output)} is missing`;
      if (statSync(source).mtimeMs > statSync(output).mtimeMs) return `${relative(repo, source)} is newer than ${relative(repo, output)}`;
    }
  }
  return null;
}

function takeLock(): boolean {
  try {
    mkdirSync(LOCK);
    return true;
  } catch {
    const age = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
    return false;
  }
}

/** Builds dist/ when it is stale (`tsc -p tsconfig.build.json`, as `npm run build`); throws if it is still stale after. */
export async function ensureBuilt(): Promise<void> {
  while (staleBuild() !== null) {
    if (!takeLock()) {
      await new Promise((wake) => setTimeout(wake, 250));
      continue;
    }
    try {
      const why = staleBuild();
      if (why === null) return;
      process.stderr.write(`test setup: building dist/ (${why})\n`);
      const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
      const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: repo, encoding: 'utf8' });
      const still = staleBuild();
      if (still !== null) throw new Error(`test setup: dist/ is still stale after \`npm run build\` (${still}):\n${build.stdout}${build.stderr}`);
      // tsc emits despite type errors; the tests run on what it emitted, and `npm run typecheck` reports the errors
      if (build.status !== 0) process.stderr.write(`test setup: the build reported errors (dist/ was written):\n${build.stdout}${build.stderr}`);
      return;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

await ensureBuilt();
