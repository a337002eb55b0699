/**
 * `gumbelSoftmax`: the Gumbel-Softmax (Concrete) sample as one tfjs op with a hand-written
 * gradient (`tf.customGrad`), so it composes inside `tf.grad`, `tf.variableGrads` and `model.fit`.
 * The value and the gradient are ../math/relaxed.ts, the math the Backend runs: y = softmax((logits
 * + g)/τ) along `axis`, its VJP wrt logits and τ, with masked (−∞) classes giving exactly-zero
 * gradients. With `hard: true` the value is the one-hot argmax and the gradient is the soft one
 * (straight-through), which is what tfjs cannot otherwise express, having no stopGradient.
 */
import * as tf from '@tensorflow/tfjs-core';
import { GumbelTypeError } from '@gumbel/core';
import type { CounterRng, Temperature } from '@gumbel/core';
import { relaxedSampleMath, relaxedSampleVjpMath } from '../math/relaxed.js';
import { oneHotArgmaxMath } from '../math/selection.js';
import { customOp } from './custom-op.js';
import { opAxis, opBoolean, opLogits, opNoise, opTau, swapWithLast } from './op-args.js';

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

export function gumbelSoftmax(logits: tf.Tensor, options: GumbelSoftmaxOptions = {}): tf.Tensor {
  const l = opLogits(logits);
  const tau = opTau(options.tau, l);
  const hard = opBoolean(options.hard, 'hard', false);
  const axis = opAxis(options.axis, l.rank);
  // The math reduces along the last axis and applies a [batch] τ along the leading one: a class
  // axis of 0 (of a rank ≥ 2 tensor) would make the "rows" of τ classes.
  if (axis === 0 && l.rank >= 2 && typeof tau !== 'number' && tau.rank === 1) {
    throw new GumbelTypeError('tau', tau.shape, 'a number or a [] tensor when the class axis is the leading axis', `shape [${tau.shape.join(', ')}]`);
  }
  const noise = opNoise(options.noise, options.seed, l.shape, 'gumbel');
  // Classes moved to the last axis and back (a no-op when axis is already last).
  const toLast = (x: tf.Tensor): tf.Tensor => swapWithLast(x, axis);

  try {
    const inputs = typeof tau === 'number' ? [l] : [l, tau];
    return customOp(inputs, ([x, t], save) => {
      // logits + noise is saved rather than the noise, which is disposed when the op returns;
      // a masked logit stays −∞ after adding finite noise, so the VJP still sees the mask.
      const perturbed = tf.add(toLast(x as tf.Tensor), toLast(noise));
      const tauNow = t ?? (tau as number);
      const y = relaxedSampleMath(perturbed, undefined, tauNow);
      save(t === undefined ? [perturbed] : [perturbed, t]);
      return {
        value: toLast(hard ? oneHotArgmaxMath(y) : y),
        gradFunc: (dy, [p, ts]) => {
          const g = relaxedSampleVjpMath(p as tf.Tensor, undefined, ts ?? (tau as number), toLast(dy));
          return ts === undefined ? [toLast(g.dLogits)] : [toLast(g.dLogits), g.dTau];
        },
      };
    });
  } finally {
    noise.dispose();
  }
}
