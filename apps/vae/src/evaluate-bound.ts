/**
 * The multi-sample (importance-weighted) bound the paper evaluates with (Jang, Gu & Poole 2017, §4.2:
 * "we use a multi-sample bound for evaluation with m = 1000"; Burda et al. 2016):
 *   log p(x) ≥ L_m(x) = log (1/m) Σ_s p(x | z_s) p(z_s) / q(z_s | x),   z_s ~ q(z | x) one-hot,
 * with p(z) uniform over the K^N codes. L_1 in expectation is the ELBO that evaluate.ts reports;
 * L_m rises towards log p(x) with m, so −L_m is the lower (better) number. Reported as −L_m in nats.
 */
import * as tf from '@tensorflow/tfjs-core';
import { gumbelSoftmax } from '@gumbel/backend-tfjs';
import { CounterRng } from '@gumbel/core';
import { PIXELS, type BinaryImages } from './data.js';
import { reconstructionNll } from './elbo.js';
import { EVAL_SEED } from './evaluate.js';
import type { Vae } from './model.js';

/** Mean over images of −L_m; samples are drawn in blocks of `block` per image (one decoder call per block). */
export async function evaluateMultiSampleBound(vae: Vae, images: BinaryImages, samples: number, options: { chunk?: number; block?: number; seed?: number } = {}): Promise<number> {
  if (!Number.isSafeInteger(samples) || samples < 1) throw new RangeError(`samples must be an integer ≥ 1, got ${samples}`);
  const chunk = options.chunk ?? 100;
  const block = Math.min(options.block ?? 10, samples);
  const rng = CounterRng.fromSeed(options.seed ?? EVAL_SEED);
  const n = vae.latents;
  const logPrior = -n * Math.log(vae.classes);
  let total = 0;
  for (let start = 0; start < images.count; start += chunk) {
    const size = Math.min(chunk, images.count - start);
    const x = tf.tensor2d(images.pixels.subarray(start * PIXELS, (start + size) * PIXELS), [size, PIXELS]);
    const logQ = tf.tidy(() => tf.logSoftmax(vae.encode(x))); // [size·N, K]
    // Running log Σ_s w_s per image, [size].
    let acc: tf.Tensor1D = tf.fill([size], -Infinity);
    for (let done = 0; done < samples; done += block) {
      const b = Math.min(block, samples - done);
      const next = tf.tidy(() => {
        // b copies of the chunk, sample-major: rows (s·size + i)·N + n.
        const logQRep = tf.tile(logQ, [b, 1]) as tf.Tensor2D;
        const z = gumbelSoftmax(logQRep, { hard: true, seed: rng });
        const logQz = tf.sum(tf.reshape(tf.sum(tf.mul(z, logQRep), 1), [b * size, n]), 1);
        const logPx = tf.neg(reconstructionNll(tf.tile(x, [b, 1]) as tf.Tensor2D, vae.decode(z)));
        const logW = tf.reshape(tf.add(tf.sub(logPx, logQz), logPrior), [b, size]);
        return tf.logSumExp(tf.concat([tf.reshape(acc, [1, size]), logW], 0), 0) as tf.Tensor1D;
      });
      acc.dispose();
      acc = next;
    }
    const sum = tf.tidy(() => tf.sum(tf.sub(Math.log(samples), acc)));
    total += (await sum.data())[0] as number;
    tf.dispose([x, logQ, acc, sum]);
  }
  return total / images.count;
}
