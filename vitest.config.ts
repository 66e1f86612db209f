import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { LongestFirst } from './test/setup/sequencer.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // the package's own name, as its users import it (README examples are tested as written)
    alias: [
      { find: /^lamsim\/envs$/, replacement: here('./envs/index.ts') },
      { find: /^lamsim\/testing$/, replacement: here('./src/testing/index.ts') },
      { find: /^lamsim\/mcp$/, replacement: here('./src/mcp/index.ts') },
      { find: /^lamsim$/, replacement: here('./src/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // 2 workers share 2 cores (a property test took 158 s at load 9 in a clean-clone run): time limits are loose
    testTimeout: 300_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default in a run is one worker fewer than the cores, so one file at a time on CI's 2 cores
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: LongestFirst },
  },
});
