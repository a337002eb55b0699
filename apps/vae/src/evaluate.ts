/**
 * Held-out −ELBO with hard samples: for each image, m one-hot draws z ~ q(z | x) (Gumbel-max, the
 * forward value of ST Gumbel-Softmax), −ELBO = −log p(x | z) + KL(q ‖ uniform) averaged over the m
 * draws and the images. The noise comes from a fixed seed so successive evaluations (and estimators)
 * are compared on the same draws.
 */
import * as tf from '@tensorflow/tfjs-core';
import { gumbelSoftmax } from '@gumbel/backend-tfjs';
import { CounterRng } from '@gumbel/core';
import { PIXELS, type BinaryImages } from './data.js';
import { klToUniform, reconstructionNll } from './elbo.js';
import type { Vae } from './model.js';

export const EVAL_SEED = 7;
/** m, hard samples per held-out digit. */
export const EVAL_SAMPLES = 10;

export async function evaluateNegElbo(vae: Vae, images: BinaryImages, samples = EVAL_SAMPLES, chunk = 250): Promise<number> {
  const rng = CounterRng.fromSeed(EVAL_SEED);
  let total = 0;
  for (let start = 0; start < images.count; start += chunk) {
    const size = Math.min(chunk, images.count - start);
    const sum = tf.tidy(() => {
      const x = tf.tensor2d(images.pixels.subarray(start * PIXELS, (start + size) * PIXELS), [size, PIXELS]);
      const logits = vae.encode(x);
      const kl = klToUniform(logits, vae.latents);
      let acc = tf.mul(tf.sum(kl), samples);
      for (let s = 0; s < samples; s++) {
        const z = gumbelSoftmax(logits, { hard: true, seed: rng });
        acc = tf.add(acc, tf.sum(reconstructionNll(x, vae.decode(z))));
      }
      return acc;
    });
    total += (await sum.data())[0] as number;
    sum.dispose();
  }
  return total / (images.count * samples);
}
