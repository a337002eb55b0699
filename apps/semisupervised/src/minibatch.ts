/**
 * One training minibatch of M2: `labelledBatch` digits of the labelled set with their labels and
 * `batch` digits of the unlabelled set, each drawn with replacement by the run's CounterRng
 * (labelled first, then unlabelled, digit by digit: the order a checkpointed stream replays).
 * Browser-safe: the CLI and the demo panel draw the same batches from the same stream.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CounterRng } from '@gumbel/core';
import type { BinaryImages } from '@gumbel/mnist-shared';
import type { LabelledSplit } from './labelled-split.js';
import { PIXELS } from './model.js';
import type { Minibatch } from './step.js';

function draw(d: BinaryImages, indices: readonly number[], rng: CounterRng, n: number, labels?: Float32Array): tf.Tensor2D {
  const pixels = new Float32Array(n * PIXELS);
  for (let i = 0; i < n; i++) {
    const j = indices[Math.floor(rng.next() * indices.length)] as number;
    pixels.set(d.pixels.subarray(j * PIXELS, (j + 1) * PIXELS), i * PIXELS);
    if (labels !== undefined) labels[i] = d.labels[j] as number;
  }
  return tf.tensor2d(pixels, [n, PIXELS]);
}

/** The caller disposes the three tensors. */
export function drawMinibatch(d: BinaryImages, split: LabelledSplit, rng: CounterRng, labelledBatch: number, batch: number): Minibatch {
  const labels = new Float32Array(labelledBatch);
  const labelledX = draw(d, split.labelled, rng, labelledBatch, labels);
  const unlabelledX = draw(d, split.unlabelled, rng, batch);
  return { labelledX, labels: tf.tensor1d(labels), unlabelledX };
}
