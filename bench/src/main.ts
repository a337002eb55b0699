/**
 * `pnpm bench`: one run on this machine, warm-up then several samples per implementation, medians
 * and min–max, ratios measured in the same run. Writes bench/RESULTS.md and bench/scaling.svg.
 * `--quick` runs tiny sizes (the smoke test's path) and writes nothing unless `--out DIR` is given.
 * `--only noise` (or `--only stgs`) runs one suite at full size, prints its table and its target
 * ratios, and writes nothing: for measuring a kernel change without the ~10-minute full run.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBenchmarks } from './run.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outIndex = args.indexOf('--out');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;
if (only !== undefined && only !== 'noise' && only !== 'stgs') throw new Error(`--only takes noise or stgs, got ${String(only)}`);
const outDir = outIndex >= 0 ? args[outIndex + 1] : quick || only !== undefined ? undefined : join(dirname(fileURLToPath(import.meta.url)), '..');

const { markdown, svg } = await runBenchmarks({ quick, only, log: (line) => console.log(line) });
if (outDir !== undefined) {
  writeFileSync(join(outDir, 'RESULTS.md'), markdown);
  writeFileSync(join(outDir, 'scaling.svg'), svg);
  console.log(`wrote ${join(outDir, 'RESULTS.md')} and scaling.svg`);
}
