/**
 * Uniform → Gumbel / logistic transforms as tf ops on the active tfjs backend: for uniforms the
 * caller hands in (`gumbelFromUniforms`), and for seeded noise where the host generator is plain JS
 * (host-noise.ts). They agree with the CPU backend up to float32 rounding of the logs.
 */
import * as tf from '@tensorflow/tfjs-core';

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
