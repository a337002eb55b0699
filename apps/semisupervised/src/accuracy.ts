/** Test accuracy of M2's classifier (browser-safe: the CLI's runs and the demo panel both use it). */
import * as tf from '@tensorflow/tfjs-core';
import type { BinaryImages } from '@gumbel/mnist-shared';
import { PIXELS, type M2 } from './model.js';

/** Fraction of digits whose argmax q(y | x) is their label. */
export async function accuracy(m: M2, d: BinaryImages): Promise<number> {
  let right = 0;
  for (let start = 0; start < d.count; start += 500) {
    const n = Math.min(500, d.count - start);
    const argmax = tf.tidy(() => tf.argMax(m.classify(tf.tensor2d(d.pixels.subarray(start * PIXELS, (start + n) * PIXELS), [n, PIXELS])), 1));
    const predicted = await argmax.data();
    argmax.dispose();
    for (let i = 0; i < n; i++) if (predicted[i] === d.labels[start + i]) right++;
  }
  return right / d.count;
}
