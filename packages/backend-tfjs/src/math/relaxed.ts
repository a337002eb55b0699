/**
 * The relaxed categorical sample and its VJPs in tf ops, rows along the last axis of `[batch, k]`:
 * s = (logits + noise)/τ, log y = log_softmax(s), y = exp(log y). Masked classes (−∞ logits) give
 * log y = −∞, y = 0, and exactly-zero gradients: every product that would meet a −∞ is masked first.
 *
 *   log-space VJP: ds = g − y Σ g                (g = dL/dlog y, 0 at masked classes)
 *   simplex VJP:   ds = y (dy − Σ y dy)
 *   then dL/dlogits = ds/τ and dL/dτ = −(1/τ) Σ ds·log y per row; the last uses Σ ds = 0, so log y
 *   (s minus the row's logsumexp) replaces s and the large common offset never enters the sum.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Temperature } from '@gumbel/core';
import { maskOf, rowSums, tauColumn, tauGradient, zeroMasked } from './tau.js';

export function tempered(logits: tf.Tensor, noise: tf.Tensor | undefined, tau: Temperature<tf.Tensor>): tf.Tensor {
  const perturbed = noise === undefined ? logits : tf.add(logits, noise);
  return tf.div(perturbed, tauColumn(tau, logits.rank));
}

export function relaxedLogSampleMath(logits: tf.Tensor, noise: tf.Tensor | undefined, tau: Temperature<tf.Tensor>): tf.Tensor {
  return tf.logSoftmax(tempered(logits, noise, tau), -1);
}

export function relaxedSampleMath(logits: tf.Tensor, noise: tf.Tensor | undefined, tau: Temperature<tf.Tensor>): tf.Tensor {
  return tf.softmax(tempered(logits, noise, tau), -1);
}

export type TfGradients = {
  readonly dLogits: tf.Tensor;
  readonly dTau: tf.Tensor;
};

function finish(mask: tf.Tensor, ds: tf.Tensor, logY: tf.Tensor, tau: Temperature<tf.Tensor>): TfGradients {
  const col = tauColumn(tau, ds.rank);
  const dLogits = tf.div(ds, col);
  const perRow = tf.neg(tf.div(rowSums(zeroMasked(mask, tf.mul(ds, logY))), typeof tau === 'number' ? tau : tf.reshape(tau, [-1])));
  return { dLogits, dTau: tauGradient(tau, perRow as tf.Tensor1D) };
}

export function relaxedLogSampleVjpMath(logits: tf.Tensor, noise: tf.Tensor | undefined, tau: Temperature<tf.Tensor>, dLogY: tf.Tensor): TfGradients {
  const mask = maskOf(logits);
  const logY = relaxedLogSampleMath(logits, noise, tau);
  const g = zeroMasked(mask, dLogY);
  const ds = tf.sub(g, tf.mul(tf.exp(logY), tf.sum(g, -1, true)));
  return finish(mask, ds, logY, tau);
}

export function relaxedSampleVjpMath(logits: tf.Tensor, noise: tf.Tensor | undefined, tau: Temperature<tf.Tensor>, dy: tf.Tensor): TfGradients {
  const mask = maskOf(logits);
  const logY = relaxedLogSampleMath(logits, noise, tau);
  const y = tf.exp(logY);
  const g = zeroMasked(mask, dy);
  const ds = tf.mul(y, tf.sub(g, tf.sum(tf.mul(y, g), -1, true)));
  return finish(mask, ds, logY, tau);
}
