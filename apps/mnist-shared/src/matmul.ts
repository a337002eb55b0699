/**
 * x·W with a gradient made of untransposed products: dx = dy·transpose(W), dW = transpose(x)·dy.
 * tfjs's own matMul gradient calls matMul with transposeA / transposeB, and tfjs-backend-wasm 4.22
 * takes a slow path for those (measured in Node, batch 100, 784×512: 85 ms for xᵀ·dy and 44 ms for
 * dy·Wᵀ against 4 ms untransposed; a physical transpose costs ~1 ms). That made the backward pass
 * ~30× the forward and a VAE training step ~0.5 s. Same values as tf.matMul's gradient (test in
 * apps/vae/src/vae.test.ts). Both MNIST apps' dense layers use it.
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
