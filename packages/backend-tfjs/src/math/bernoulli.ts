/**
 * Relaxed (BinConcrete) Bernoulli in tf ops, elementwise, τ one number or one per leading row:
 * t = (logit + noise)/τ, y = σ(t). VJP: dt = dy·σ(t)σ(−t) (the slope without forming 1 − y),
 * dL/dlogit = dt/τ, dL/dτ = −(1/τ) Σ_row dt·t. Logits of ±∞ (sure outcomes: y exactly 1 or 0,
 * gradients 0) skip the products (t = ±∞).
 *
 * With a finite logit the sample stays in the open interval [2⁻¹²⁶, 1 − 2⁻²⁴] of float32, so its
 * BinConcrete log-density is finite: σ(t) rounds to exactly 1 for t > 17 (τ = 0.5 and a logistic
 * draw of 8.5). 1 − 2⁻²⁴ is as faithful a rounding of σ(t) there as 1; 2⁻¹²⁶ (the smallest normal)
 * survives GPUs that flush subnormals. The VJP stays that of σ(t) (the clamp moves y by < 1 ulp).
 * The same rule as backend-cpu's bernoulli.ts; ARCHITECTURE.md says why not logit space.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Temperature } from '@gumbel/core';
import { rowSums, tauColumn, tauGradient, zeroMasked } from './tau.js';
import { tempered } from './relaxed.js';
import type { TfGradients } from './relaxed.js';

/** The float32 open interval a sample with a finite logit is kept in. */
export const OPEN_UNIT_F32 = { lo: 2 ** -126, hi: 1 - 2 ** -24 } as const;

/** σ(t) kept inside OPEN_UNIT_F32 where the logit is finite (±∞ logits keep their exact 1 / 0; NaN stays NaN). */
export function openUnitSample(logits: tf.Tensor, y: tf.Tensor): tf.Tensor {
  return tf.where(tf.isInf(logits), y, tf.clipByValue(y, OPEN_UNIT_F32.lo, OPEN_UNIT_F32.hi));
}

export function relaxedBernoulliMath(logits: tf.Tensor, noise: tf.Tensor | undefined, tau: Temperature<tf.Tensor>): tf.Tensor {
  return openUnitSample(logits, tf.sigmoid(tempered(logits, noise, tau)));
}

export function relaxedBernoulliVjpMath(logits: tf.Tensor, noise: tf.Tensor | undefined, tau: Temperature<tf.Tensor>, dy: tf.Tensor): TfGradients {
  const mask = tf.isInf(logits);
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
