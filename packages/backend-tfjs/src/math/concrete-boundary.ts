/**
 * Concrete / ExpConcrete rows at a boundary point of the simplex (an unmasked y_i = 0, x_i = −∞),
 * as float32 samples at low τ produce by underflow: the limits along a straight line into the
 * simplex (rules: core's edge-limits.ts; the same as backend-cpu's concrete-boundary.ts). With Z
 * the zero coordinates (m of k unmasked classes), e = τk − m(τ + 1):
 *   log p      Concrete: −∞ (e > 0), +∞ (e < 0), and at e = 0
 *              log Γ(k) + (k−1) log τ + Σ l − k·logsumexp_Z l − (τ+1) Σ_{y>0} log y;
 *              ExpConcrete: −∞
 *   gradients  c = 1 − k·w with w = softmax over Z of l (0 off Z): ∂/∂l = c, ∂/∂τ → −∞,
 *              ∂/∂x = −τc, ∂/∂y = (−τc − 1)/y (±∞ on Z, 0 where that numerator is 0)
 * Rows that are not at the boundary get stand-in values here and are selected away by the caller.
 */
import * as tf from '@tensorflow/tfjs-core';

export type Form = 'concrete' | 'expConcrete';

export interface Boundary {
  /** [batch, k]: unmasked coordinates at 0 (y) or −∞ (x). */
  readonly zeroAt: tf.Tensor;
  /** [batch]: rows with at least one. */
  readonly rows: tf.Tensor;
  /** The point with those coordinates replaced by a harmless stand-in, for the interior formulas. */
  readonly safeValue: tf.Tensor;
}

export function findBoundary(mask: tf.Tensor, value: tf.Tensor, form: Form): Boundary {
  const zeroAt = tf.logicalAnd(tf.logicalNot(mask), tf.equal(value, form === 'concrete' ? 0 : -Infinity));
  const stand = tf.fill(value.shape, form === 'concrete' ? 0.5 : 0);
  return { zeroAt, rows: tf.any(zeroAt, -1), safeValue: tf.where(zeroAt, stand, value) };
}

/** w = softmax over Z of the logits (0 off Z; 0 in rows without Z). */
function zeroWeights(logits: tf.Tensor, b: Boundary): tf.Tensor {
  const lZ = tf.where(b.zeroAt, logits, tf.fill(logits.shape, -Infinity));
  const maxZ = tf.where(tf.reshape(b.rows, [-1, 1]), tf.max(lZ, -1, true), tf.zerosLike(tf.max(lZ, -1, true)));
  const e = tf.where(b.zeroAt, tf.exp(tf.sub(logits, maxZ)), tf.zerosLike(logits));
  const sum = tf.sum(e, -1, true);
  return tf.div(e, tf.where(tf.equal(sum, 0), tf.onesLike(sum), sum));
}

export function boundaryLogProb(
  logits: tf.Tensor,
  value: tf.Tensor,
  mask: tf.Tensor,
  b: Boundary,
  form: Form,
  parts: { readonly kEff: tf.Tensor1D; readonly lgamma: tf.Tensor; readonly tau: number | tf.Tensor; readonly logTau: number | tf.Tensor },
): tf.Tensor1D {
  const negInf = tf.fill([logits.shape[0] as number], -Infinity);
  if (form === 'expConcrete') return negInf as tf.Tensor1D;
  const unmasked = tf.logicalNot(mask);
  const m = tf.sum(tf.cast(b.zeroAt, 'float32'), -1);
  const e = tf.sub(tf.mul(parts.tau, parts.kEff), tf.mul(m, tf.add(parts.tau, 1)));
  // Σ (l − maxZ) − k·log Σ_Z e^(l − maxZ): centred so that large logits do not cancel.
  const lZ = tf.where(b.zeroAt, logits, tf.fill(logits.shape, -Infinity));
  const maxZ = tf.where(tf.reshape(b.rows, [-1, 1]), tf.max(lZ, -1, true), tf.zerosLike(tf.max(lZ, -1, true)));
  const centred = tf.sub(logits, maxZ);
  const sumL = tf.sum(tf.where(unmasked, centred, tf.zerosLike(centred)), -1);
  const sumZ = tf.sum(tf.where(b.zeroAt, tf.exp(centred), tf.zerosLike(centred)), -1);
  const positive = tf.logicalAnd(unmasked, tf.logicalNot(b.zeroAt));
  const logY = tf.sum(tf.where(positive, tf.log(tf.where(positive, value, tf.onesLike(value))), tf.zerosLike(value)), -1);
  const balanced = tf.sub(
    tf.sub(tf.add(tf.add(parts.lgamma, tf.mul(tf.sub(parts.kEff, 1), parts.logTau)), sumL), tf.mul(parts.kEff, tf.log(sumZ))),
    tf.mul(tf.add(parts.tau, 1), logY),
  );
  const inf = tf.fill(negInf.shape, Infinity);
  return tf.where(tf.greater(e, 0), negInf, tf.where(tf.less(e, 0), inf, balanced)) as tf.Tensor1D;
}

/** Per-entry dLogits, dValue and per-row dτ of boundary rows (g: dOut as [batch, 1]). */
export function boundaryVjp(
  logits: tf.Tensor,
  value: tf.Tensor,
  mask: tf.Tensor,
  b: Boundary,
  form: Form,
  kEff: tf.Tensor1D,
  col: number | tf.Tensor,
  g: tf.Tensor,
): { dLogits: tf.Tensor; dValue: tf.Tensor; dTauRows: tf.Tensor1D } {
  const zeros = tf.zerosLike(logits);
  const c = tf.where(mask, zeros, tf.sub(1, tf.mul(tf.reshape(kEff, [-1, 1]), zeroWeights(logits, b))));
  const gFull = tf.mul(g, tf.onesLike(logits));
  const dLogits = tf.mul(gFull, c);
  let dValue: tf.Tensor;
  const num = tf.sub(tf.neg(tf.mul(col, c)), form === 'concrete' ? 1 : 0);
  if (form === 'expConcrete') {
    dValue = tf.where(mask, zeros, tf.mul(gFull, num));
  } else {
    const signInf = tf.where(tf.greater(num, 0), tf.fill(logits.shape, Infinity), tf.where(tf.less(num, 0), tf.fill(logits.shape, -Infinity), zeros));
    const onZ = tf.where(tf.equal(gFull, 0), zeros, tf.mul(gFull, signInf));
    const offZ = tf.div(tf.mul(gFull, num), tf.where(b.zeroAt, tf.onesLike(value), value));
    dValue = tf.where(mask, zeros, tf.where(b.zeroAt, onZ, offZ));
  }
  const g1 = tf.reshape(g, [-1]);
  const dTauRows = tf.where(tf.equal(g1, 0), tf.zerosLike(g1), tf.mul(g1, -Infinity)) as tf.Tensor1D;
  return { dLogits, dValue, dTauRows };
}
