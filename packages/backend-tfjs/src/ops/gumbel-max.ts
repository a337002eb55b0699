/**
 * Exact samples, no gradient: `gumbelMax` (one class per row, argmax(logits + G)) and
 * `gumbelTopK` (k classes without replacement, the k largest of logits + G, largest first).
 * Indices are int32 tensors, ready for `tf.oneHot` / `tf.gather`. Masked (−∞) logits stay −∞
 * after adding noise and are never chosen while an unmasked class remains.
 *
 * Unlike the `Backend<tf.Tensor>` kernel of the same name (`createTfjsBackend().gumbelMax`), which
 * returns the float32 one-hot `[batch, k]` every backend returns, this op returns indices: the tfjs
 * idiom (`tf.argMax`, `tf.multinomial`, `tf.topk`), for any rank and `axis`, and the same type as
 * `gumbelTopK`. `tf.oneHot(gumbelMax(logits, { noise }), k)` is the kernel's one-hot for the same
 * noise (other-ops.test.ts checks it). Why both exist: ARCHITECTURE.md, TensorFlow.js backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { GumbelRangeError, GumbelTypeError } from '@gumbel/core';
import type { CounterRng } from '@gumbel/core';
import { opAxis, opLogits, opNoise } from './op-args.js';

export interface GumbelMaxOptions {
  readonly seed?: number | CounterRng;
  /** The class axis (default −1); the result drops it. */
  readonly axis?: number;
  readonly noise?: tf.Tensor;
}

export function gumbelMax(logits: tf.Tensor, options: GumbelMaxOptions = {}): tf.Tensor {
  const l = opLogits(logits);
  const axis = opAxis(options.axis, l.rank);
  const noise = opNoise(options.noise, options.seed, l.shape, 'gumbel');
  try {
    return tf.tidy(() => tf.argMax(tf.add(l, noise), axis));
  } finally {
    noise.dispose();
  }
}

export interface GumbelTopKOptions {
  readonly seed?: number | CounterRng;
  readonly noise?: tf.Tensor;
}

/** The classes are along the last axis; the result has shape `[…, count]`. */
export function gumbelTopK(logits: tf.Tensor, count: number, options: GumbelTopKOptions = {}): tf.Tensor {
  const l = opLogits(logits);
  const k = l.shape[l.rank - 1] as number;
  if (typeof count !== 'number') throw new GumbelTypeError('count', count, 'a number');
  if (!(Number.isInteger(count) && count >= 1 && count <= k)) throw new GumbelRangeError('count', count, `an integer in [1, ${k}] (k)`);
  const noise = opNoise(options.noise, options.seed, l.shape, 'gumbel');
  try {
    return tf.tidy(() => tf.topk(tf.add(l, noise), count, true).indices);
  } finally {
    noise.dispose();
  }
}

