/**
 * The browser benchmark command (`pnpm --filter @gumbel/backend-gpujs bench`): runs bench-page.ts in
 * headless Chromium and prints, per size, our time over tfjs-webgl's as a ratio. Under SwiftShader
 * (a CPU emulation of the GPU) only the ratio means anything; absolute times are printed for
 * context only. Arguments: `--sizes=4096x64,256x1024 --iterations=10 --rounds=9`.
 */
import { fileURLToPath } from 'node:url';
import { runPage } from '@gumbel/browser-testing';
import type { SizeResult } from './bench-page.js';

export type BenchRow = SizeResult;

export interface BenchResult {
  readonly fatal?: string;
  readonly mode: string;
  readonly tfjsBackend: string;
  readonly iterations: number;
  readonly rounds: number;
  readonly results: readonly BenchRow[];
  readonly tfjsTensorsLeft: number;
  readonly oursTensorsLeft: number;
}

export async function runBench(query: string, timeoutMs = 540_000): Promise<{ result: BenchResult; console: readonly string[] }> {
  return runPage<BenchResult>({ entry: fileURLToPath(new URL('./bench-page.ts', import.meta.url)), query, resultKey: '__gumbelBench', timeoutMs, minify: true, title: 'gumbel gpujs bench' });
}

export function formatBench(r: BenchResult): string {
  const lines = [
    `relaxed sample + VJP wrt logits and τ, gpujs (${r.mode}) vs tfjs (${r.tfjsBackend}) composing the same ops; ${r.rounds} rounds × ${r.iterations} steps`,
    'ratio = tfjs time / our time (≥ 1 = no slower); "median" from median rounds, "best" from each side\'s fastest round',
    'size          median   best    max |Δ| vs tfjs   dτ rel Δ',
  ];
  for (const x of r.results) {
    lines.push(
      `${`[${x.batch}, ${x.k}]`.padEnd(14)}${x.ratio.toFixed(2).padEnd(9)}${x.ratioOfMinimums.toFixed(2).padEnd(8)}${x.maxAbsDiff.toExponential(1).padEnd(18)}${x.tauRelDiff.toExponential(1)}`,
    );
  }
  return lines.join('\n');
}
