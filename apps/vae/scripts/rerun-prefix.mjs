#!/usr/bin/env node
// Reruns the first STEPS steps of a committed run from its config.json alone and compares the
// metrics rows (every column but the timings) with the run's metrics.csv: the check that a run is
// reproducible. Not a CI test (it trains for real); the CI version is src/rerun.test.ts on a slice.
//   node apps/vae/scripts/rerun-prefix.mjs apps/vae/results/paper-full/relaxed-gs 1000
// (build first: pnpm exec turbo run build --filter=@gumbel/vae). Exit 0 when every row matches, 1 if not, 2 on bad arguments.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rerunPrefix, sameRows } from '../dist/rerun.js';
import { useBackend } from '../dist/tf-setup.js';

const [dir, stepsArg] = process.argv.slice(2);
const steps = Number(stepsArg);
if (dir === undefined || !Number.isSafeInteger(steps) || steps < 1) {
  process.stderr.write(`usage: rerun-prefix.mjs RUN_DIR STEPS (STEPS an integer ≥ 1, got '${stepsArg}')\n`);
  process.exit(2);
}
await useBackend('wasm');
const out = mkdtempSync(join(tmpdir(), 'vae-rerun-prefix-'));
await rerunPrefix(join(dir, 'config.json'), steps, out);
const result = sameRows(join(dir, 'metrics.csv'), join(out, 'metrics.csv'));
process.stdout.write(`${JSON.stringify({ run: dir, steps, rerun: out, ...result })}\n`);
process.exit(result.mismatches.length === 0 && result.compared > 0 ? 0 : 1);
