/**
 * Concrete / ExpConcrete / BinConcrete log-densities and their VJPs in tf ops (formulas and their
 * derivations: backend-cpu's concrete-densities.ts and bin-concrete.ts). Masked classes (−∞
 * logits) are dropped: k counts the unmasked classes, and every term at a masked class is selected
 * away with `where` before it can meet a −∞ or a NaN from log y there.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Temperature } from '@gumbel/core';
import { maskOf, rowSums, tauColumn, tauGradient, zeroMasked } from './tau.js';

export type DensityForm = 'concrete' | 'expConcrete';

export type TfDensityGradients = {
  readonly dLogits: tf.Tensor;
  readonly dTau: tf.Tensor;
  readonly dValue: tf.Tensor;
};

/** log Γ(n) for n = 1..k, summed on the host in float64 (tf has no lgamma). */
function logGammaTable(k: number): tf.Tensor1D {
  const table = new Float32Array(k);
  let acc = 0;
  for (let n = 1; n <= k; n++) {
    table[n - 1] = acc;
    acc += Math.log(n);
  }
  return tf.tensor1d(table);
}

function tauRows(tau: Temperature<tf.Tensor>): number | tf.Tensor {
  return typeof tau === 'number' ? tau : tf.reshape(tau, [-1]);
}

interface DensityParts {
  readonly mask: tf.Tensor;
  readonly x: tf.Tensor; // log-space point, 0 at masked classes
  readonly logW: tf.Tensor; // log softmax(a) over unmasked classes, −∞ at masked
  readonly kEff: tf.Tensor1D; // unmasked classes per row (float)
  readonly logProb: tf.Tensor1D;
}

function densityParts(logits: tf.Tensor, value: tf.Tensor, tau: Temperature<tf.Tensor>, form: DensityForm): DensityParts {
  const mask = maskOf(logits);
  const k = logits.shape[1] as number;
  const x = zeroMasked(mask, form === 'concrete' ? tf.log(value) : value);
  const col = tauColumn(tau, 2);
  const a = tf.where(mask, tf.fill(logits.shape, -Infinity), tf.sub(logits, tf.mul(col, x)));
  const logW = tf.logSoftmax(a, -1);
  const kEff = tf.sum(tf.cast(tf.logicalNot(mask), 'float32'), -1) as tf.Tensor1D;
  const lgamma = tf.gather(logGammaTable(k), tf.cast(tf.sub(kEff, 1), 'int32'));
  const logTau = typeof tau === 'number' ? Math.log(tau) : tf.log(tauRows(tau) as tf.Tensor);
  let logProb = tf.add(tf.add(lgamma, tf.mul(tf.sub(kEff, 1), logTau)), tf.sum(zeroMasked(mask, logW), -1));
  if (form === 'concrete') logProb = tf.sub(logProb, tf.sum(x, -1));
  return { mask, x, logW, kEff, logProb: logProb as tf.Tensor1D };
}

export function densityLogProbMath(logits: tf.Tensor, value: tf.Tensor, tau: Temperature<tf.Tensor>, form: DensityForm): tf.Tensor1D {
  return densityParts(logits, value, tau, form).logProb;
}

/** With c = 1 − k·w (Σ c = 0): ∂/∂logits = c, ∂/∂x = −τc, ∂/∂y = (−τc − 1)/y, ∂/∂τ = (k−1)/τ − Σ (x − x̄) c. */
export function densityLogProbVjpMath(logits: tf.Tensor, value: tf.Tensor, tau: Temperature<tf.Tensor>, form: DensityForm, dOut: tf.Tensor): TfDensityGradients {
  const { mask, x, logW, kEff } = densityParts(logits, value, tau, form);
  const g = tf.reshape(dOut, [-1, 1]);
  const col = tauColumn(tau, 2);
  const c = zeroMasked(mask, tf.sub(1, tf.mul(tf.reshape(kEff, [-1, 1]), tf.exp(logW))));
  const dLogits = tf.mul(g, c);
  const dx = tf.neg(tf.mul(col, c));
  const dValue = zeroMasked(mask, tf.mul(g, form === 'concrete' ? tf.div(tf.sub(dx, 1), value) : dx));
  const mean = tf.div(tf.sum(x, -1, true), tf.reshape(kEff, [-1, 1]));
  const centred = zeroMasked(mask, tf.sub(x, mean));
  const perRow = tf.mul(tf.reshape(dOut, [-1]), tf.sub(tf.div(tf.sub(kEff, 1), tauRows(tau)), tf.sum(tf.mul(centred, c), -1))) as tf.Tensor1D;
  return { dLogits, dTau: tauGradient(tau, perRow), dValue };
}

/** log(e^a + e^b) without overflow. */
function logAddExp(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const m = tf.maximum(a, b);
  return tf.add(m, tf.log1p(tf.exp(tf.neg(tf.abs(tf.sub(a, b))))));
}

/** log p = log τ + l − (τ+1)(ℓ + m) − 2·logaddexp(l − τℓ, −τm), ℓ = log y, m = log(1 − y). */
export function binConcreteLogProbMath(logits: tf.Tensor, y: tf.Tensor, tau: Temperature<tf.Tensor>): tf.Tensor {
  const mask = maskOf(logits);
  const col = tauColumn(tau, logits.rank);
  const ly = tf.log(y);
  const m = tf.log1p(tf.neg(y));
  const logTau = typeof col === 'number' ? Math.log(col) : tf.log(col);
  const safeL = zeroMasked(mask, logits);
  const body = tf.sub(
    tf.sub(tf.add(safeL, logTau), tf.mul(tf.add(col, 1), tf.add(ly, m))),
    tf.mul(2, logAddExp(tf.sub(safeL, tf.mul(col, ly)), tf.neg(tf.mul(col, m)))),
  );
  return tf.where(mask, tf.fill(logits.shape, -Infinity), body);
}

/** v = σ(l − τz), u = σ(τz − l), z = logit(y): ∂/∂l = u − v, ∂/∂τ = 1/τ − (u − v)z, ∂/∂y as in backend-cpu. */
export function binConcreteLogProbVjpMath(logits: tf.Tensor, y: tf.Tensor, tau: Temperature<tf.Tensor>, dOut: tf.Tensor): TfDensityGradients {
  const mask = maskOf(logits);
  const col = tauColumn(tau, logits.rank);
  const z = tf.sub(tf.log(y), tf.log1p(tf.neg(y)));
  const safeL = zeroMasked(mask, logits);
  const tz = tf.mul(col, z);
  const v = tf.sigmoid(tf.sub(safeL, tz));
  const u = tf.sigmoid(tf.sub(tz, safeL));
  const uv = tf.sub(u, v);
  const g = zeroMasked(mask, dOut);
  const dLogits = tf.mul(g, uv);
  const tp1 = tf.add(col, 1);
  const dValue = zeroMasked(
    mask,
    tf.mul(g, tf.sub(tf.div(tf.sub(tf.mul(tf.mul(2, col), v), tp1), y), tf.div(tf.sub(tf.mul(tf.mul(2, col), u), tp1), tf.sub(1, y)))),
  );
  const perRow = rowSums(zeroMasked(mask, tf.mul(g, tf.sub(tf.div(1, col), tf.mul(uv, z)))));
  return { dLogits, dTau: tauGradient(tau, perRow), dValue };
}
