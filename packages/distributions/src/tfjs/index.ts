/**
 * `@gumbel/distributions/tfjs`: the tape for tfjs. Every distribution method is a host computation
 * with an explicit VJP; `tfjsTape()` records it as one `tf.customGrad` op, so `logProb`, `rsample`,
 * `entropy`, `kl`… compose inside `tf.grad`, `tf.variableGrads` and `model.fit`.
 *
 *     const tape = tfjsTape();
 *     const g = tf.grad((l) => new RelaxedOneHotCategorical({ backend, tape, logits: l, temperature: 0.5 }).logProb(y).sum())(logits);
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tape } from '../tape.js';
import { categoricalKl } from './categorical-kl.js';

/**
 * The tape for tfjs. Besides recording host computations, it carries tensor-native kernels
 * (`kernels.categoricalKl`) that the distributions use where a training loop calls them every step.
 */
export function tfjsTape(): Tape<tf.Tensor> {
  return {
    kernels: { categoricalKl },
    record(inputs, forward, vjp) {
      if (inputs.length === 0) return forward();
      const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
        void args;
        return { value: forward(), gradFunc: (dy: tf.Tensor | tf.Tensor[]) => vjp(Array.isArray(dy) ? (dy[0] as tf.Tensor) : dy) };
      });
      return op(...inputs);
    },
  };
}
