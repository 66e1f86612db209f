/**
 * Vitest global setup: rebuilds dist/ (`tsc -p tsconfig.build.json`, as `npm run build`) when it is missing
 * or older than a source, so the tests that spawn the built CLI never run stale code. CI builds it before
 * the tests (.ci/run), so there this only checks.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { staleBuild } from './built-cli.js';

export default function setup(): void {
  const why = staleBuild();
  if (why === null) return;
  process.stderr.write(`test setup: building dist/ (${why})\n`);
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8' });
  const still = staleBuild();
  if (still !== null) throw new Error(`test setup: dist/ is still stale after \`npm run build\` (${still}):\n${build.stdout}${build.stderr}`);
  // tsc emits despite type errors; the tests run on what it emitted, and `npm run typecheck` reports the errors
  if (build.status !== 0) process.stderr.write(`test setup: the build reported errors (dist/ was written):\n${build.stdout}${build.stderr}`);
}
