/**
 * Concrete / ExpConcrete / BinConcrete log-densities and their VJPs in tf ops (formulas and their
 * derivations: backend-cpu's concrete-densities.ts and bin-concrete.ts). Masked classes (−∞
 * logits) are dropped: k counts the unmasked classes, and every term at a masked class is selected
 * away with `where` before it can meet a −∞ or a NaN from log y there. Rows at a boundary point
 * of the simplex (an unmasked y_i = 0, x_i = −∞) take their limits from ./concrete-boundary.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Temperature } from '@gumbel/core';
import { boundaryLogProb, boundaryVjp, findBoundary } from './concrete-boundary.js';
import type { Boundary } from './concrete-boundary.js';
import { maskOf, tauColumn, tauGradient, zeroMasked } from './tau.js';

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
  readonly boundary: Boundary;
  readonly x: tf.Tensor; // log-space point, 0 at masked classes (stand-ins at boundary coordinates)
  readonly logW: tf.Tensor; // log softmax(a) over unmasked classes, −∞ at masked
  readonly kEff: tf.Tensor1D; // unmasked classes per row (float)
  readonly logProb: tf.Tensor1D;
}

function densityParts(logits: tf.Tensor, value: tf.Tensor, tau: Temperature<tf.Tensor>, form: DensityForm): DensityParts {
  const mask = maskOf(logits);
  const boundary = findBoundary(mask, value, form);
  const k = logits.shape[1] as number;
  const x = zeroMasked(mask, form === 'concrete' ? tf.log(boundary.safeValue) : boundary.safeValue);
  const col = tauColumn(tau, 2);
  const a = tf.where(mask, tf.fill(logits.shape, -Infinity), tf.sub(logits, tf.mul(col, x)));
  const logW = tf.logSoftmax(a, -1);
  const kEff = tf.sum(tf.cast(tf.logicalNot(mask), 'float32'), -1) as tf.Tensor1D;
  const lgamma = tf.gather(logGammaTable(k), tf.cast(tf.sub(kEff, 1), 'int32'));
  const logTau = typeof tau === 'number' ? Math.log(tau) : tf.log(tauRows(tau) as tf.Tensor);
  let logProb = tf.add(tf.add(lgamma, tf.mul(tf.sub(kEff, 1), logTau)), tf.sum(zeroMasked(mask, logW), -1));
  if (form === 'concrete') logProb = tf.sub(logProb, tf.sum(x, -1));
  const atBoundary = boundaryLogProb(logits, value, mask, boundary, form, { kEff, lgamma, tau: tauRows(tau), logTau });
  return { mask, boundary, x, logW, kEff, logProb: tf.where(boundary.rows, atBoundary, logProb) as tf.Tensor1D };
}

export function densityLogProbMath(logits: tf.Tensor, value: tf.Tensor, tau: Temperature<tf.Tensor>, form: DensityForm): tf.Tensor1D {
  return densityParts(logits, value, tau, form).logProb;
}

/** With c = 1 − k·w (Σ c = 0): ∂/∂logits = c, ∂/∂x = −τc, ∂/∂y = (−τc − 1)/y, ∂/∂τ = (k−1)/τ − Σ (x − x̄) c. */
export function densityLogProbVjpMath(logits: tf.Tensor, value: tf.Tensor, tau: Temperature<tf.Tensor>, form: DensityForm, dOut: tf.Tensor): TfDensityGradients {
  const { mask, boundary, x, logW, kEff } = densityParts(logits, value, tau, form);
  const g = tf.reshape(dOut, [-1, 1]);
  const col = tauColumn(tau, 2);
  const c = zeroMasked(mask, tf.sub(1, tf.mul(tf.reshape(kEff, [-1, 1]), tf.exp(logW))));
  const dLogits = tf.mul(g, c);
  const dx = tf.neg(tf.mul(col, c));
  const dValue = zeroMasked(mask, tf.mul(g, form === 'concrete' ? tf.div(tf.sub(dx, 1), boundary.safeValue) : dx));
  const mean = tf.div(tf.sum(x, -1, true), tf.reshape(kEff, [-1, 1]));
  const centred = zeroMasked(mask, tf.sub(x, mean));
  const perRow = tf.mul(tf.reshape(dOut, [-1]), tf.sub(tf.div(tf.sub(kEff, 1), tauRows(tau)), tf.sum(tf.mul(centred, c), -1))) as tf.Tensor1D;
  const edge = boundaryVjp(logits, value, mask, boundary, form, kEff, col, g);
  // The row condition spread over [batch, k] in float and compared: tfjs-backend-wasm mishandles
  // bool tensors in broadcasts and selects (see bin-concrete.ts).
  const rows = tf.greater(tf.mul(tf.reshape(tf.cast(boundary.rows, 'float32'), [-1, 1]), tf.onesLike(logits)), 0);
  return {
    dLogits: tf.where(rows, edge.dLogits, dLogits),
    dTau: tauGradient(tau, tf.where(boundary.rows, edge.dTauRows, perRow) as tf.Tensor1D),
    dValue: tf.where(rows, edge.dValue, dValue),
  };
}

export { binConcreteLogProbMath, binConcreteLogProbVjpMath } from './bin-concrete.js';
