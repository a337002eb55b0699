/**
 * `pnpm bench:tfjs` (runs through vitest, whose transform makes tfjs-core's ESM-only
 * register_all_gradients loadable; plain Node cannot import it). Prints our gumbelSoftmax
 * forward+backward time over the hand-composed tf ops on tfjs cpu and wasm at [4096, 64] and
 * [256, 1024]. Target: the `op` ratio ≤ 1.05. `BENCH_ITERATIONS` sets the timed iterations.
 */
import { it } from 'vitest';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { opsHostNoise } from '../math/host-noise.js';
import { formatBenchRows, runGumbelSoftmaxBench } from './gumbel-softmax-bench.js';

it('gumbelSoftmax forward+backward vs hand-composed tf ops', async () => {
  const iterations = Number(process.env['BENCH_ITERATIONS'] ?? 40);
  const rows = await runGumbelSoftmaxBench({
    backends: ['cpu', 'wasm'],
    shapes: [
      [4096, 64],
      [256, 1024],
    ],
    iterations,
    warmup: 5,
  });
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  process.stdout.write(`\ntfjs ${tf.version_core}; wasm SIMD: ${String(simd)}; host noise: ${opsHostNoise()}; ${iterations} timed iterations each, medians\n${formatBenchRows(rows)}\n\n`);
});
