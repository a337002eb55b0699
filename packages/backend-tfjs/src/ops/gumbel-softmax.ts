/**
 * `gumbelSoftmax`: the Gumbel-Softmax (Concrete) sample as one tfjs op with a hand-written
 * gradient (`tf.customGrad`), so it composes inside `tf.grad`, `tf.variableGrads` and `model.fit`.
 *
 *   s = (logits + g)/τ,  y = softmax(s) along `axis`
 *   dL/ds = y ⊙ (dy − Σ y·dy),  dL/dlogits = dL/ds / τ,  dL/dτ = −(1/τ) Σ dL/ds · log y
 * (the last uses Σ dL/ds = 0 so the row's logsumexp, not s itself, enters the product). With
 * `hard: true` the value is the one-hot argmax and the gradient is the soft one (straight-through),
 * which is what tfjs cannot otherwise express, having no stopGradient.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CounterRng, Temperature } from '@gumbel/core';
import { customOp } from './custom-op.js';
import { alongLastAxis, opAxis, opBoolean, opLogits, opNoise, opTau, reduceToTau, tauBroadcast } from './op-args.js';

export interface GumbelSoftmaxOptions {
  /** Temperature: a number (default 1), or a tensor / tf.Variable of shape `[]` or `[batch]`. */
  readonly tau?: Temperature<tf.Tensor>;
  /** Straight-through: one-hot forward, soft gradient. Default false. */
  readonly hard?: boolean;
  /** A seed (integer in [0, 2^53 − 1]) or a `CounterRng`; omitted = a fresh seed. */
  readonly seed?: number | CounterRng;
  /** The class axis. Default −1 (the last). */
  readonly axis?: number;
  /** Gumbel noise shaped like logits, instead of drawing it (then `seed` must be omitted). */
  readonly noise?: tf.Tensor;
}

function oneHotAlong(y: tf.Tensor, axis: number): tf.Tensor {
  return alongLastAxis(y, axis, (t) => {
    const k = t.shape[t.rank - 1] as number;
    if (k === 1) return tf.onesLike(t);
    return tf.cast(tf.oneHot(tf.argMax(t, -1), k), 'float32');
  });
}

export function gumbelSoftmax(logits: tf.Tensor, options: GumbelSoftmaxOptions = {}): tf.Tensor {
  const l = opLogits(logits);
  const tau = opTau(options.tau, l);
  const hard = opBoolean(options.hard, 'hard', false);
  const axis = opAxis(options.axis, l.rank);
  const noise = opNoise(options.noise, options.seed, l.shape, 'gumbel');

  const forward = (s: tf.Tensor): tf.Tensor => alongLastAxis(s, axis, (t) => tf.softmax(t));
  const backward = (dy: tf.Tensor, y: tf.Tensor, s: tf.Tensor, tauT?: tf.Tensor): tf.Tensor[] => {
    const ds = tf.mul(y, tf.sub(dy, tf.sum(tf.mul(y, dy), axis, true)));
    const col = tauT === undefined ? tau : tauBroadcast(tauT, y.rank);
    const dLogits = tf.div(ds, col);
    if (tauT === undefined) return [dLogits];
    const logY = alongLastAxis(s, axis, (t) => tf.logSoftmax(t));
    const prod = tf.mul(ds, logY);
    // Masked classes: ds = 0 but log y = −∞; their product is 0, not NaN.
    const safe = tf.where(tf.isNaN(prod), tf.zerosLike(prod), prod);
    return [dLogits, reduceToTau(tauT, tf.neg(tf.div(safe, col)))];
  };

  try {
    const inputs = typeof tau === 'number' ? [l] : [l, tau];
    return customOp(inputs, ([x, t], save) => {
      const s = tf.div(tf.add(x as tf.Tensor, noise), t === undefined ? (tau as number) : tauBroadcast(t, l.rank));
      const y = forward(s);
      save(t === undefined ? [y, s] : [y, s, t]);
      return {
        value: hard ? oneHotAlong(y, axis) : y,
        gradFunc: (dy, saved) => backward(dy, saved[0] as tf.Tensor, saved[1] as tf.Tensor, saved[2]),
      };
    });
  } finally {
    noise.dispose();
  }
}
