/**
 * M2's objective (Kingma et al. 2014, eq. 6–9), negated so it is minimised, everything in nats:
 *   labelled:    −L(x, y) = −log p(x | y, z) − log p(y) + KL(q(z | x, y) ‖ N(0, I)),  z = μ + σ·ε
 *   unlabelled:  −U(x) = Σ_y q(y | x)·(−L(x, y)) − H[q(y | x)]
 *   total:       mean over the labelled batch of −L + α·(−log q(y | x)), plus mean over the unlabelled batch of −U
 * p(y) is uniform over k (−log p(y) = log k), the KL is analytic, one z per (x, y).
 *
 * The unlabelled term, two ways (Jang, Gu & Poole 2017 §4.3):
 *  - `marginal`: the exact sum over k classes — every digit through the y-dependent encoder layers and
 *    the decoder k times (batched as k·batch rows);
 *  - `relaxed-gs` / `st-gs`: one sample ỹ ~ GumbelSoftmax(q(y | x), τ) (straight-through: one-hot
 *    forward, soft gradient) with −L(x, ỹ) − H[q]: one pass, and the gradient reaches the classifier
 *    through ỹ (our tfjs op `gumbelSoftmax`) as well as through the analytic entropy.
 * Both use the same ε for every class of a digit (common random numbers), so the sample's
 * expectation over ỹ is the marginal objective exactly as τ → 0.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createTfjsBackend, gumbelSoftmax } from '@gumbel/backend-tfjs';
import { Categorical } from '@gumbel/distributions';
import { tfjsTape } from '@gumbel/distributions/tfjs';
import { GumbelRangeError, type RandomSource } from '@gumbel/core';
import type { M2 } from './model.js';

export const METHODS = ['marginal', 'relaxed-gs', 'st-gs'] as const;
export type Method = (typeof METHODS)[number];

export function checkMethod(method: string): Method {
  if (!(METHODS as readonly string[]).includes(method)) throw new GumbelRangeError('method', method, `one of ${METHODS.join(', ')}`);
  return method as Method;
}

/** −L(x, y) per row, [rows], for hx = encoderInput(x), y one-hot or relaxed [rows, k], ε [rows, latent]. */
export function labelledNegBound(m: M2, hx: tf.Tensor2D, x: tf.Tensor2D, y: tf.Tensor2D, eps: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const { mean, logVar } = m.encode(hx, y);
    const z = tf.add(mean, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)) as tf.Tensor2D;
    const logits = m.decode(y, z);
    const nll = tf.sum(tf.sub(tf.softplus(logits), tf.mul(x, logits)), 1);
    const kl = tf.mul(tf.sum(tf.sub(tf.add(tf.square(mean), tf.exp(logVar)), tf.add(logVar, 1)), 1), 0.5);
    return tf.add(tf.add(nll, kl), Math.log(m.classes)) as tf.Tensor1D;
  });
}

// q(y | x) as @gumbel/distributions' Categorical on the tfjs tape (as apps/vae's KL): its entropy is
// differentiated by tfjs with the rest of the objective. No content checks inside training steps
// (the classifier's logits are finite by construction).
const backend = createTfjsBackend({ validateContents: false });
const tape = tfjsTape();

/** Σ_y q log q = −H[q(y | x)] per row, from the classifier's logits. */
export function negEntropy(logits: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.neg(new Categorical({ backend, tape, logits, validateArgs: false }).entropy()) as tf.Tensor1D);
}

export interface UnlabelledOptions {
  readonly method: Method;
  /** Gumbel-Softmax temperature (ignored by `marginal`). */
  readonly tau: number;
  /** Noise for ỹ (ignored by `marginal`). */
  readonly seed?: RandomSource;
}

/** −U(x) per digit, [batch], for ε [batch, latent]. */
export function unlabelledNegBound(m: M2, x: tf.Tensor2D, eps: tf.Tensor2D, options: UnlabelledOptions): tf.Tensor1D {
  const method = checkMethod(options.method);
  return tf.tidy(() => {
    const logits = m.classify(x);
    const hx = m.encoderInput(x);
    if (method !== 'marginal') {
      const y = gumbelSoftmax(logits, { tau: options.tau, hard: method === 'st-gs', ...(options.seed === undefined ? {} : { seed: options.seed }) }) as tf.Tensor2D;
      return tf.add(labelledNegBound(m, hx, x, y, eps), negEntropy(logits)) as tf.Tensor1D;
    }
    const k = m.classes;
    const batch = x.shape[0];
    // Row c·batch + i is digit i with class c.
    const tile = (t: tf.Tensor2D): tf.Tensor2D => tf.tile(t, [k, 1]);
    const classes = tf.oneHot(tf.tensor1d(Array.from({ length: k * batch }, (_, r) => Math.floor(r / batch)), 'int32'), k) as tf.Tensor2D;
    const perClass = tf.reshape(labelledNegBound(m, tile(hx), tile(x), tf.cast(classes, 'float32') as tf.Tensor2D, tile(eps)), [k, batch]);
    const expected = tf.sum(tf.mul(tf.transpose(tf.softmax(logits)), perClass), 0);
    return tf.add(expected, negEntropy(logits)) as tf.Tensor1D;
  });
}

export interface LossOptions extends UnlabelledOptions {
  /** Weight of the labelled classification loss −log q(y | x) (Kingma et al.'s α). */
  readonly alpha: number;
  /**
   * Weight of the unlabelled term (default 1, M2). 0 leaves it out (not computed): q(y | x) then
   * learns from the labelled cross-entropy alone, since the labelled bound never reaches it — the
   * supervised baseline that M2's unlabelled digits have to beat.
   */
  readonly unlabelledWeight?: number;
}

/** The minibatch objective (a scalar to minimise); labels are class indices. ε for both batches from `noise`. */
export function semiSupervisedLoss(
  m: M2,
  batch: { readonly labelledX: tf.Tensor2D; readonly labels: tf.Tensor1D; readonly unlabelledX: tf.Tensor2D },
  epsLabelled: tf.Tensor2D,
  epsUnlabelled: tf.Tensor2D,
  options: LossOptions,
): tf.Scalar {
  if (!(Number.isFinite(options.alpha) && options.alpha >= 0)) throw new GumbelRangeError('alpha', options.alpha, 'finite and ≥ 0');
  const unlabelledWeight = options.unlabelledWeight ?? 1;
  if (!(Number.isFinite(unlabelledWeight) && unlabelledWeight >= 0)) throw new GumbelRangeError('unlabelledWeight', unlabelledWeight, 'finite and ≥ 0');
  return tf.tidy(() => {
    const y = tf.cast(tf.oneHot(tf.cast(batch.labels, 'int32'), m.classes), 'float32') as tf.Tensor2D;
    const labelled = tf.mean(labelledNegBound(m, m.encoderInput(batch.labelledX), batch.labelledX, y, epsLabelled));
    const classification = tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(m.classify(batch.labelledX))), 1)));
    const supervised = tf.add(labelled, tf.mul(classification, options.alpha)) as tf.Scalar;
    if (unlabelledWeight === 0) return supervised;
    const unlabelled = tf.mean(unlabelledNegBound(m, batch.unlabelledX, epsUnlabelled, options));
    return tf.add(supervised, unlabelledWeight === 1 ? unlabelled : tf.mul(unlabelled, unlabelledWeight)) as tf.Scalar;
  });
}
