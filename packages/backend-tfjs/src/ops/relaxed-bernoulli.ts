/**
 * `relaxedBernoulli`: the BinConcrete sample y = σ((logits + L)/τ), L logistic noise, as a tfjs op
 * (kept in the open interval for finite logits, as math/bernoulli.ts explains) with a hand-written gradient: dt = dy·σ(t)σ(−t) (the slope without forming 1 − y, which rounds
 * to 0 near y = 1), dL/dlogits = dt/τ, dL/dτ = −Σ dt·t/τ. `hard: true` gives the 0/1 sample with
 * the relaxed gradient (straight-through). Masked (−∞) logits have t = −∞ and slope 0; their
 * products are zeroed rather than left as 0·∞.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CounterRng } from '@gumbel/core';
import { openUnitSample } from '../math/bernoulli.js';
import { customOp } from './custom-op.js';
import { opBoolean, opLogits, opNoise, opTau, reduceToTau, tauBroadcast } from './op-args.js';
import type { OpTemperature } from './op-args.js';

export interface RelaxedBernoulliOptions {
  /** A number (default 1), or a tensor / tf.Variable of shape `[]` or `[batch]`. */
  readonly tau?: OpTemperature;
  readonly hard?: boolean;
  readonly seed?: number | CounterRng;
  /** Logistic noise shaped like logits, instead of drawing it. */
  readonly noise?: tf.Tensor;
}

function zeroNaN(x: tf.Tensor): tf.Tensor {
  return tf.where(tf.isNaN(x), tf.zerosLike(x), x);
}

export function relaxedBernoulli(logits: tf.Tensor, options: RelaxedBernoulliOptions = {}): tf.Tensor {
  const l = opLogits(logits);
  const tau = opTau(options.tau, l);
  const hard = opBoolean(options.hard, 'hard', false);
  const noise = opNoise(options.noise, options.seed, l.shape, 'logistic');

  const run = (x: tf.Tensor, t: tf.Tensor | undefined, save: tf.GradSaveFunc) => {
    const col = t === undefined ? tau : tauBroadcast(t, x.rank);
    const s = tf.div(tf.add(x, noise), col);
    const y = openUnitSample(x, tf.sigmoid(s));
    save(t === undefined ? [s] : [s, t]);
    return {
      value: hard ? tf.cast(tf.greater(s, 0), 'float32') : y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const sv = saved[0] as tf.Tensor;
        const tv = saved[1];
        const c = tv === undefined ? tau : tauBroadcast(tv, sv.rank);
        const dt = zeroNaN(tf.mul(dy, tf.mul(tf.sigmoid(sv), tf.sigmoid(tf.neg(sv)))));
        const dLogits = tf.div(dt, c);
        if (tv === undefined) return [dLogits];
        return [dLogits, reduceToTau(tv, tf.neg(tf.div(zeroNaN(tf.mul(dt, sv)), c)))];
      },
    };
  };
  try {
    return customOp(typeof tau === 'number' ? [l] : [l, tau], ([x, t], save) => run(x as tf.Tensor, t, save));
  } finally {
    noise.dispose();
  }
}
