// Bundles the TypeScript bench driver for Node (next to its sources, so its relative paths hold),
// runs it, and removes the bundle.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const outfile = fileURLToPath(new URL('../src/browser/.bench-cli.bundle.mjs', import.meta.url));
await build({
  entryPoints: [fileURLToPath(new URL('../src/browser/bench-cli.ts', import.meta.url))],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // npm packages stay external; workspace packages are bundled from their TypeScript sources
  // (@gumbel/browser-testing ships no build, and Node cannot import .ts).
  conditions: ['@gumbel/source'],
  plugins: [
    {
      name: 'external-npm-packages',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (a) => (a.path.startsWith('@gumbel/') ? undefined : { path: a.path, external: true }));
      },
    },
  ],
  outfile,
  logLevel: 'warning',
});
try {
  await import(pathToFileURL(outfile).href);
} finally {
  rmSync(outfile, { force: true });
}
