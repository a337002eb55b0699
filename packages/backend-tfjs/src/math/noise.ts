/**
 * Noise. Uniforms follow the project's stream exactly: element i (row-major) is the float32 uniform
 * at position `offset + i` of the block reserved from the seed or `CounterRng`, generated on the
 * host by core's `fillUniforms` (Threefry-2x32-20) and uploaded as one tensor. The transforms to
 * Gumbel / logistic noise run as tf ops on the active tfjs backend, so they agree with the CPU
 * backend up to float32 rounding of the logs.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fillUniforms, reserveFrom } from '@gumbel/core';
import type { RandomSource } from '@gumbel/core';

export function hostUniforms(shape: readonly number[], source: RandomSource, argument = 'seed'): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  fillUniforms(data, reserveFrom(source, size, argument));
  return tf.tensor(data, [...shape], 'float32');
}

/**
 * −log(−log u): finite for every u in the open interval (0, 1). Near u = 1, −log u ≈ 1 − u is tiny
 * and a GPU's float32 log(u) (webgl) loses its digits (u = 1 − 2⁻²⁴ gave a wrong Gumbel), so there
 * −log u comes from the series v + v²/2 + v³/3 + v⁴/4 in v = 1 − u (exact for u ≥ ½); for
 * v < 0.01 the omitted terms are below v⁴/5 relative, far under float32 rounding.
 */
export function gumbelFromUniformsMath(u: tf.Tensor): tf.Tensor {
  const v = tf.sub(1, u);
  const series = tf.mul(v, tf.add(1, tf.mul(v, tf.add(0.5, tf.mul(v, tf.add(1 / 3, tf.mul(v, 0.25)))))));
  const negLogU = tf.where(tf.less(v, 0.01), series, tf.neg(tf.log(u)));
  return tf.neg(tf.log(negLogU));
}

/** log u − log(1 − u), with log1p keeping 1 − u exact for small u. */
export function logisticFromUniformsMath(u: tf.Tensor): tf.Tensor {
  return tf.sub(tf.log(u), tf.log1p(tf.neg(u)));
}
