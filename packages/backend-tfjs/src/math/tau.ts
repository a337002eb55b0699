/**
 * τ inside tf math: a number, or a `[]` or `[batch]` tensor broadcast along the leading axis. Pure tf, no
 * checks; callers validate and wrap in `tf.tidy`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Temperature } from '@gumbel/core';

/** τ shaped to broadcast against a tensor of the given rank (`[batch, 1, …, 1]`). */
export function tauColumn(tau: Temperature<tf.Tensor>, rank: number): number | tf.Tensor {
  if (typeof tau === 'number') return tau;
  if (tau.rank === 0) return tau;
  return tf.reshape(tau, [tau.shape[0] as number, ...new Array<number>(rank - 1).fill(1)]);
}

/** Sum a tensor over every axis but the leading one: `[batch, …]` → `[batch]`. */
export function rowSums(x: tf.Tensor): tf.Tensor1D {
  const batch = x.shape[0] as number;
  return tf.sum(tf.reshape(x, [batch, -1]), 1);
}

/** dL/dτ shaped like τ: per-row contributions for a `[batch]` τ, their sum for a shared τ. */
export function tauGradient(tau: Temperature<tf.Tensor>, perRow: tf.Tensor1D): tf.Tensor {
  if (typeof tau === 'number' || tau.rank === 0) return tf.sum(perRow);
  return perRow;
}

/** The −∞ (masked) entries of logits. */
export function maskOf(logits: tf.Tensor): tf.Tensor {
  return tf.equal(logits, tf.scalar(-Infinity));
}

/** `x` with the masked entries replaced by 0, so products with them cannot make NaN. */
export function zeroMasked(mask: tf.Tensor, x: tf.Tensor): tf.Tensor {
  return tf.where(mask, tf.zerosLike(x), x);
}
