import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

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
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
