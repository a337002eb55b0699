/**
 * The categorical KL in tf ops, for `tfjsTape().kernels`: the formula and VJP of `kl.ts`'s host
 * computation (`categoricalKl`), evaluated on the device in float32 so a training step never syncs.
 * It is a second implementation of one rule, kept deliberately small and tested against the host
 * one (`categorical-kl.test.ts`: values, gradients, masks, broadcasting); change both together.
 *   KL = Σ_i p_i (log p_i − log q_i);  ∂/∂logits_p = p ⊙ (log p − log q − KL);  ∂/∂logits_q = q − p.
 * A class p masks contributes 0 (and gets gradient 0); a class q masks where p > 0 makes KL +∞,
 * and then the p-gradient is 0, as on the host.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CategoricalTensor } from '../tape.js';

/** Normalised log-probabilities from the caller's parameter (probs: logits = log probs). */
const logProbs = (p: CategoricalTensor<tf.Tensor>, x: tf.Tensor): tf.Tensor => tf.logSoftmax(p.kind === 'logits' ? x : tf.log(x));

/** A gradient wrt logits as one wrt the caller's parameter (probs: divide by probs; 0 at a zero). */
function toParam(p: CategoricalTensor<tf.Tensor>, x: tf.Tensor, g: tf.Tensor): tf.Tensor {
  if (p.kind === 'logits') return g;
  const xb = tf.broadcastTo(x, g.shape);
  const positive = tf.greater(xb, 0);
  return tf.where(positive, tf.div(g, tf.where(positive, xb, tf.onesLike(xb))), tf.zerosLike(g));
}

/** Sums a gradient computed at the broadcast shape back onto its input's shape. */
function sumTo(g: tf.Tensor, shape: readonly number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(shape as number[], g.shape);
  return axes.length === 0 ? g : tf.reshape(tf.sum(g, axes), shape as number[]);
}

export function categoricalKl(p: CategoricalTensor<tf.Tensor>, q: CategoricalTensor<tf.Tensor>): tf.Tensor {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [xp, xq, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    // log p and log q at the broadcast shape [...batch, k]. (customGrad runs this in a tidy and
    // keeps the saved tensors only while a gradient tape records.)
    const shape = tf.backend_util.assertAndGetBroadcastShape(xp.shape, xq.shape);
    const lp = tf.broadcastTo(logProbs(p, xp), shape);
    const lq = tf.broadcastTo(logProbs(q, xq), shape);
    const pp = tf.exp(lp);
    // The select keeps 0·(−∞ − log q) = NaN at a class p masks out of the sum.
    const value = tf.sum(tf.where(tf.greater(pp, 0), tf.mul(pp, tf.sub(lp, lq)), tf.zerosLike(pp)), -1);
    save([lp, lq, value]);
    return {
      value,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [slp, slq, kl] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const d = tf.expandDims(Array.isArray(dy) ? (dy[0] as tf.Tensor) : dy, -1);
        const pp = tf.exp(slp);
        // p > 0 and KL finite, as a float product (no boolean broadcasting: see ARCHITECTURE.md on tf.where and wasm).
        const active = tf.greater(tf.mul(pp, tf.expandDims(tf.cast(tf.less(kl, Infinity), 'float32'), -1)), 0);
        const gp = tf.where(active, tf.mul(d, tf.mul(pp, tf.sub(tf.sub(slp, slq), tf.expandDims(kl, -1)))), tf.zerosLike(pp));
        const gq = tf.mul(d, tf.sub(tf.exp(slq), pp));
        return [sumTo(toParam(p, xp, gp), xp.shape), sumTo(toParam(q, xq, gq), xq.shape)];
      },
    };
  });
  return op(p.tensor, q.tensor);
}
