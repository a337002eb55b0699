/**
 * A training minibatch: `batch` digits drawn with replacement by the run's stream (one uniform per
 * digit), so the CLI, a resumed run and the browser panel draw the same digits from the same state.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CounterRng } from '@gumbel/core';
import { PIXELS } from './data.js';
import type { BinaryImages } from './data.js';

export function minibatchTensor(images: BinaryImages, rng: CounterRng, batch: number): tf.Tensor2D {
  const pixels = new Float32Array(batch * PIXELS);
  for (let i = 0; i < batch; i++) {
    const j = Math.floor(rng.next() * images.count);
    pixels.set(images.pixels.subarray(j * PIXELS, (j + 1) * PIXELS), i * PIXELS);
  }
  return tf.tensor2d(pixels, [batch, PIXELS]);
}
