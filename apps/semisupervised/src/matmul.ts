/**
 * x·W with a gradient made only of untransposed products. A copy of apps/vae's `matMulPlainGrad`
 * (src/model.ts, where the measurement is): tfjs-backend-wasm 4.22 runs matMul with transposeA /
 * transposeB an order of magnitude slower than a plain product, and tfjs's own matMul gradient uses
 * both, so the backward pass would dominate every step and blur the marginal/Gumbel ratio.
 * Copied rather than imported because @gumbel/vae's entry loads the `mnist` package's 10,000 digits;
 * it belongs in a shared place (backend-tfjs) once both apps settle.
 */
import * as tf from '@tensorflow/tfjs-core';

export const matMulPlainGrad = tf.customGrad((x, w, save) => {
  const a = x as tf.Tensor2D;
  const b = w as tf.Tensor2D;
  (save as tf.GradSaveFunc)([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [tf.matMul(dy as tf.Tensor2D, tf.transpose(ws)), tf.matMul(tf.transpose(xs), dy as tf.Tensor2D)];
    },
  };
}) as (x: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D;
