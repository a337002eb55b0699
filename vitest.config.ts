import { defineConfig } from 'vitest/config';

// The `@gumbel/source` export condition points every @gumbel/* package at its TypeScript sources, so tests
// run against src without a build; the published `import` condition still points at dist.
export default defineConfig({
  resolve: { conditions: ['@gumbel/source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@gumbel/source', 'module', 'node', 'import', 'default'] } },
  test: {
    include: ['tests/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'bench/src/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
