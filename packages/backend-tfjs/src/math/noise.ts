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

/** −log(−log u): finite for every u in the open interval (0, 1). */
export function gumbelFromUniformsMath(u: tf.Tensor): tf.Tensor {
  return tf.neg(tf.log(tf.neg(tf.log(u))));
}

/** log u − log(1 − u), with log1p keeping 1 − u exact for small u. */
export function logisticFromUniformsMath(u: tf.Tensor): tf.Tensor {
  return tf.sub(tf.log(u), tf.log1p(tf.neg(u)));
}
