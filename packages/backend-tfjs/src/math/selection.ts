/**
 * Hard selections in tf ops. Indices come back as float32 tensors, like the CPU backend's, so a
 * `Backend<tf.Tensor>` caller sees one dtype; the tfjs-native ops return int32 where tf expects it.
 * Ties: tf's argMax and topk keep the lowest index first on cpu, wasm and webgl (checked by the
 * conformance suite's tie cases).
 */
import * as tf from '@tensorflow/tfjs-core';

function perturbed(logits: tf.Tensor, noise: tf.Tensor | undefined): tf.Tensor {
  return noise === undefined ? logits : tf.add(logits, noise);
}

export function argmaxIndices(x: tf.Tensor): tf.Tensor1D {
  return tf.argMax(x, -1) as tf.Tensor1D;
}

/**
 * One-hot of the argmax along the last axis (any rank). tf.oneHot refuses depth 1; a single class
 * is always the argmax, so its one-hot is all ones.
 */
export function oneHotArgmaxMath(x: tf.Tensor): tf.Tensor {
  const k = x.shape[x.rank - 1] as number;
  if (k === 1) return tf.onesLike(x);
  // int32 then cast: tfjs-backend-wasm 4.22's oneHot with dtype float32 writes the integer bit
  // pattern of 1 (1.4e-45) instead of 1.0.
  return tf.cast(tf.oneHot(argmaxIndices(x), k), 'float32');
}

/** `hard` = one-hot argmax of logits + noise (no τ: the division only adds rounding). */
export function hardSampleMath(logits: tf.Tensor, noise: tf.Tensor | undefined): tf.Tensor {
  return oneHotArgmaxMath(perturbed(logits, noise));
}

export function topKIndices(logits: tf.Tensor, noise: tf.Tensor | undefined, count: number): tf.Tensor {
  return tf.topk(perturbed(logits, noise), count, true).indices;
}
