import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

export const DEMO_HOST = '127.0.0.1';
export const DEMO_PORT = 4173;

// `@gumbel/source` makes Vite read the workspace packages' TypeScript sources, as the tests do, so the
// demo never runs against a stale dist of a package that is still changing.
export default defineConfig({
  base: './',
  resolve: {
    conditions: ['@gumbel/source', ...defaultClientConditions],
    // @gumbel/vae's data.ts imports the `mnist` package, whose entry inlines 21 MB of JSON: the page
    // gets a stand-in that fetches the same files on demand (src/mnist-digits.ts).
    alias: [{ find: /^mnist$/, replacement: fileURLToPath(new URL('./src/mnist-digits.ts', import.meta.url)) }],
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  // The MNIST worker (src/mnist-worker.ts) is a module worker, like the page's own code.
  worker: { format: 'es' },
  server: { host: DEMO_HOST },
  preview: { host: DEMO_HOST, port: DEMO_PORT, strictPort: true },
});
