/**
 * dist/ as `npm run build` makes it: the tests that start the CLI as a child process start the built
 * `lamsim` (about a second less CPU per start than through tsx). The global setup (test/setup/global.ts)
 * builds it first whenever a source is newer than its output, so no test runs stale code.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** The built CLI's entry point (the package's `bin`). */
export const builtCli = join(repo, 'dist', 'src', 'cli', 'main.js');

/** argv after `node` that runs `lamsim ARGS...` from the build. */
export const cliArgv = (...args: string[]): string[] => [builtCli, ...args];

const SOURCE_DIRS = ['src', 'envs'];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

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
