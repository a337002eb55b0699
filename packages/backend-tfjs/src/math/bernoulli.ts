/**
 * Relaxed (BinConcrete) Bernoulli in tf ops, elementwise, τ one number or one per leading row:
 * t = (logit + noise)/τ, y = σ(t). VJP: dt = dy·σ(t)σ(−t) (the slope without forming 1 − y),
 * dL/dlogit = dt/τ, dL/dτ = −(1/τ) Σ_row dt·t. Masked logits (−∞) skip the products (t = −∞).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Temperature } from '@gumbel/core';
import { maskOf, rowSums, tauColumn, tauGradient, zeroMasked } from './tau.js';
import { tempered } from './relaxed.js';
import type { TfGradients } from './relaxed.js';

export function relaxedBernoulliMath(logits: tf.Tensor, noise: tf.Tensor | undefined, tau: Temperature<tf.Tensor>): tf.Tensor {
  return tf.sigmoid(tempered(logits, noise, tau));
}

export function relaxedBernoulliVjpMath(logits: tf.Tensor, noise: tf.Tensor | undefined, tau: Temperature<tf.Tensor>, dy: tf.Tensor): TfGradients {
  const mask = maskOf(logits);
  const t = tempered(logits, noise, tau);
  const dt = zeroMasked(mask, tf.mul(dy, tf.mul(tf.sigmoid(t), tf.sigmoid(tf.neg(t)))));
  const tauRows = typeof tau === 'number' ? tau : tf.reshape(tau, [-1]);
  const dLogits = tf.div(dt, tauColumn(tau, logits.rank));
  const perRow = tf.neg(tf.div(rowSums(zeroMasked(mask, tf.mul(dt, t))), tauRows)) as tf.Tensor1D;
  return { dLogits, dTau: tauGradient(tau, perRow) };
}

export function hardBernoulliMath(logits: tf.Tensor, noise: tf.Tensor | undefined): tf.Tensor {
  const perturbed = noise === undefined ? logits : tf.add(logits, noise);
  return tf.cast(tf.greater(perturbed, 0), 'float32');
}
