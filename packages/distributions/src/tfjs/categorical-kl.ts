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

/**
 * Where a class is masked the log-probability is −∞ and its probability 0; the products below use
 * this finite stand-in instead, so 0·(−∞) never makes a NaN. Every log-probability of an unmasked
 * class is far above it (≥ log of the smallest float32, about −104), and it is far below the
 * float32 range, so sums with it stay finite.
 */
const MASKED = -1e30;

/** A gradient wrt logits as one wrt the caller's parameter (probs: divide by probs; 0 at a zero). */
function toParam(p: CategoricalTensor<tf.Tensor>, x: tf.Tensor, g: tf.Tensor): tf.Tensor {
  if (p.kind === 'logits') return g;
  const positive = tf.cast(tf.greater(x, 0), 'float32');
  return tf.mul(tf.div(g, tf.add(x, tf.sub(1, positive))), positive);
}

/** Sums a gradient computed at the broadcast shape back onto its input's shape. */
function sumTo(g: tf.Tensor, shape: readonly number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(shape as number[], g.shape);
  return axes.length === 0 ? g : tf.reshape(tf.sum(g, axes), shape as number[]);
}

/*
 * Every tensor keeps its own shape and the arithmetic broadcasts: an explicit broadcast (Tile) of
 * log q to the batch, and tf.where (which tiles its operands), made the first version 9× the cost of
 * the formula the VAE used to write by hand on tfjs-wasm.
 */
export function categoricalKl(p: CategoricalTensor<tf.Tensor>, q: CategoricalTensor<tf.Tensor>): tf.Tensor {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [xp, xq, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    // customGrad runs this in a tidy and keeps the saved tensors only while a gradient tape records.
    const lp = logProbs(p, xp);
    const lq = logProbs(q, xq);
    const pp = tf.exp(lp);
    const finite = tf.sub(tf.maximum(lp, MASKED), tf.maximum(lq, MASKED));
    const kl = tf.sum(tf.mul(pp, finite), -1);
    // p's mass on classes q masks: KL is +∞ there.
    const stranded = tf.sum(tf.mul(pp, tf.cast(tf.equal(lq, -Infinity), 'float32')), -1);
    const value = tf.where(tf.greater(stranded, 0), tf.fill(kl.shape, Infinity), kl);
    save([lp, lq, value]);
    return {
      value,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [slp, slq, v] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const d = Array.isArray(dy) ? (dy[0] as tf.Tensor) : dy;
        const spp = tf.exp(slp);
        // Rows with KL = +∞ get no p-gradient (as on the host): their upstream is zeroed and their KL replaced by a finite number.
        const isFinite = tf.cast(tf.less(v, Infinity), 'float32');
        const dFinite = tf.expandDims(tf.mul(d, isFinite), -1);
        const vFinite = tf.expandDims(tf.minimum(v, -MASKED), -1);
        const diff = tf.sub(tf.sub(tf.maximum(slp, MASKED), tf.maximum(slq, MASKED)), vFinite);
        const gp = tf.mul(dFinite, tf.mul(spp, diff));
        const gq = tf.mul(tf.expandDims(d, -1), tf.sub(tf.exp(slq), spp));
        return [sumTo(toParam(p, xp, gp), xp.shape), sumTo(toParam(q, xq, gq), xq.shape)];
      },
    };
  });
  return op(p.tensor, q.tensor);
}
