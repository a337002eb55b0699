/**
 * `relaxedBernoulli`: the BinConcrete sample y = σ((logits + L)/τ), L logistic noise, as a tfjs op
 * with a hand-written gradient: the value and the VJP are ../math/bernoulli.ts, the math the
 * Backend runs (masked −∞ logits have slope 0 and exactly-zero gradients). `hard: true` gives the
 * 0/1 sample with the relaxed gradient (straight-through).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CounterRng, Temperature } from '@gumbel/core';
import { hardBernoulliMath, relaxedBernoulliMath, relaxedBernoulliVjpMath } from '../math/bernoulli.js';
import { customOp } from './custom-op.js';
import { opBoolean, opLogits, opNoise, opTau } from './op-args.js';

export interface RelaxedBernoulliOptions {
  /** A number (default 1), or a tensor / tf.Variable of shape `[]` or `[batch]`. */
  readonly tau?: Temperature<tf.Tensor>;
  readonly hard?: boolean;
  readonly seed?: number | CounterRng;
  /** Logistic noise shaped like logits, instead of drawing it. */
  readonly noise?: tf.Tensor;
}

export function relaxedBernoulli(logits: tf.Tensor, options: RelaxedBernoulliOptions = {}): tf.Tensor {
  const l = opLogits(logits);
  const tau = opTau(options.tau, l);
  const hard = opBoolean(options.hard, 'hard', false);
  const noise = opNoise(options.noise, options.seed, l.shape, 'logistic');
  try {
    return customOp(typeof tau === 'number' ? [l] : [l, tau], ([x, t], save) => {
      // logits + noise is saved rather than the noise, which is disposed when the op returns;
      // a masked logit stays −∞ after adding finite noise, so the VJP still sees the mask.
      const perturbed = tf.add(x as tf.Tensor, noise);
      save(t === undefined ? [perturbed] : [perturbed, t]);
      return {
        value: hard ? hardBernoulliMath(perturbed, undefined) : relaxedBernoulliMath(perturbed, undefined, t ?? (tau as number)),
        gradFunc: (dy, [p, ts]) => {
          const g = relaxedBernoulliVjpMath(p as tf.Tensor, undefined, ts ?? (tau as number), dy);
          return ts === undefined ? [g.dLogits] : [g.dLogits, g.dTau];
        },
      };
    });
  } finally {
    noise.dispose();
  }
}
