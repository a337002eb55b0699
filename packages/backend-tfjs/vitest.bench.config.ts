import { defineConfig } from 'vitest/config';

// `pnpm bench:tfjs`: the benchmark is a command, kept out of `pnpm test` (the root config only
// collects *.test.ts).
const conditions = ['@gumbel/source', 'module', 'node', 'import', 'default'];
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: { include: ['src/bench/*.run.ts'], testTimeout: 1_800_000, silent: false },
});
