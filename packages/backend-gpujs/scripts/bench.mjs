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
  packages: 'external',
  outfile,
  logLevel: 'warning',
});
try {
  await import(pathToFileURL(outfile).href);
} finally {
  rmSync(outfile, { force: true });
}
