/**
 * Slope-annealed straight-through (Chung, Ahn & Bengio 2016), the "Annealed ST" column of Jang, Gu &
 * Poole's Table 1: the forward value is a categorical sample z ~ Cat(softmax(logits)) as a one-hot
 * (drawn by Gumbel-max from the run's stream), the backward pass treats it as softmax(α·logits) with
 * a slope α that grows during training. We take α = 1/τ from the run's temperature schedule, so the
 * slope anneals exactly as the Gumbel-Softmax temperature does. Unlike ST Gumbel-Softmax, the
 * surrogate softmax carries no Gumbel noise.
 */
import * as tf from '@tensorflow/tfjs-core';
import { gumbelSoftmax } from '@gumbel/backend-tfjs';
import type { CounterRng } from '@gumbel/core';

/**
 * An op: one-hot categorical sample forward, ∂softmax(logits/τ) backward. The sample is drawn inside
 * the op's forward function, where tfjs records nothing on the tape, so no other gradient leaks in.
 */
export function annealedStraightThrough(logits: tf.Tensor2D, tau: number, rng: CounterRng): tf.Tensor2D {
  // customGrad passes the inputs, then the save function, as one rest list.
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const l = args[0] as tf.Tensor2D;
    const save = args[1] as tf.GradSaveFunc;
    const soft = tf.softmax(tf.div(l, tau));
    save([soft]);
    return {
      value: gumbelSoftmax(l, { hard: true, seed: rng }),
      // Softmax VJP at logits/τ: s ⊙ (dy − Σ_k dy·s) / τ.
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const s = saved[0] as tf.Tensor;
        return tf.div(tf.mul(s, tf.sub(dy, tf.sum(tf.mul(dy, s), -1, true))), tau);
      },
    };
  });
  return op(logits) as tf.Tensor2D;
}
