/**
 * The BinConcrete log-density and its VJP in tf ops, elementwise, with the limits at the edges of
 * its support (rules: core's edge-limits.ts; derivation of the interior formulas: backend-cpu's
 * bin-concrete.ts):
 *   interior  log p = log τ + l − (τ+1)(ℓ + m) − 2·logaddexp(l − τℓ, −τm), ℓ = log y, m = log(1 − y)
 *   y ∈ {0,1} log p = +∞ (τ < 1), −∞ (τ > 1), −l at 0 and l at 1 (τ = 1);
 *             ∂/∂l → ∓1, ∂/∂τ → −∞, ∂/∂y → the end's (τ − 1)/d (at τ = 1: 2 − 2e^(−l), 2e^l − 2)
 *   l = ±∞    a sure outcome: +∞ at the end l points to, −∞ elsewhere; every gradient 0
 * Every branch is computed on safe stand-ins (l = 0, y = ½) and selected with `where`, so no NaN
 * from a branch not taken leaks; a NaN input still gives NaN.
 */
import * as tf from '@tensorflow/tfjs-core';
import { rowSums, tauColumn, tauGradient } from './tau.js';
import type { Temperature } from '@gumbel/core';
import type { TfDensityGradients } from './densities.js';

/** log(e^a + e^b) without overflow. */
function logAddExp(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const m = tf.maximum(a, b);
  return tf.add(m, tf.log1p(tf.exp(tf.neg(tf.abs(tf.sub(a, b))))));
}

function full(like: tf.Tensor, value: number): tf.Tensor {
  return tf.fill(like.shape, value);
}

/** g·d, but 0 where g is 0 (an unused output has no gradient, even where d is infinite). */
function times(g: tf.Tensor, d: tf.Tensor): tf.Tensor {
  return tf.where(tf.equal(g, 0), tf.zerosLike(d), tf.mul(g, d));
}

interface Parts {
  readonly sure: tf.Tensor; // logit ±∞
  readonly end0: tf.Tensor;
  readonly end1: tf.Tensor;
  readonly atEnd: tf.Tensor;
  readonly l: tf.Tensor; // logits with ±∞ replaced by 0
  readonly y: tf.Tensor; // y with the ends replaced by ½
  readonly tau: tf.Tensor; // τ broadcast to the logits' shape
}

function parts(logits: tf.Tensor, y: tf.Tensor, tau: Temperature<tf.Tensor>): Parts {
  const sure = tf.isInf(logits);
  const end0 = tf.equal(y, 0);
  const end1 = tf.equal(y, 1);
  const atEnd = tf.logicalOr(end0, end1);
  const col = tauColumn(tau, logits.rank);
  return {
    sure,
    end0,
    end1,
    atEnd,
    l: tf.where(sure, tf.zerosLike(logits), logits),
    y: tf.where(atEnd, full(y, 0.5), y),
    tau: tf.mul(tf.onesLike(logits), col),
  };
}

export function binConcreteLogProbMath(logits: tf.Tensor, y: tf.Tensor, tau: Temperature<tf.Tensor>): tf.Tensor {
  const p = parts(logits, y, tau);
  const ly = tf.log(p.y);
  const m = tf.log1p(tf.neg(p.y));
  const interior = tf.sub(
    tf.sub(tf.add(p.l, tf.log(p.tau)), tf.mul(tf.add(p.tau, 1), tf.add(ly, m))),
    tf.mul(2, logAddExp(tf.sub(p.l, tf.mul(p.tau, ly)), tf.neg(tf.mul(p.tau, m)))),
  );
  const inf = full(logits, Infinity);
  const negInf = full(logits, -Infinity);
  const balanced = tf.where(p.end0, tf.neg(p.l), p.l);
  const atEnd = tf.where(tf.less(p.tau, 1), inf, tf.where(tf.greater(p.tau, 1), negInf, balanced));
  // (tf.where on bool tensors corrupts tfjs-backend-wasm's memory: its Select writes float-sized
  // elements, so the choice is spelled with logical ops.)
  const up = tf.greater(logits, 0);
  const pointsTo = tf.logicalOr(tf.logicalAnd(up, p.end1), tf.logicalAnd(tf.logicalNot(up), p.end0));
  const sure = tf.where(pointsTo, inf, negInf);
  return tf.where(p.sure, sure, tf.where(p.atEnd, atEnd, interior));
}

/** v = σ(l − τz), u = σ(τz − l), z = logit(y): ∂/∂l = u − v, ∂/∂τ = 1/τ − (u − v)z, ∂/∂y as in backend-cpu. */
export function binConcreteLogProbVjpMath(logits: tf.Tensor, y: tf.Tensor, tau: Temperature<tf.Tensor>, dOut: tf.Tensor): TfDensityGradients {
  const p = parts(logits, y, tau);
  const t = p.tau;
  const z = tf.sub(tf.log(p.y), tf.log1p(tf.neg(p.y)));
  const tz = tf.mul(t, z);
  const v = tf.sigmoid(tf.sub(p.l, tz));
  const u = tf.sigmoid(tf.sub(tz, p.l));
  const uv = tf.sub(u, v);
  const g = tf.where(p.sure, tf.zerosLike(dOut), dOut);
  const tp1 = tf.add(t, 1);
  const dyInterior = tf.sub(tf.div(tf.sub(tf.mul(tf.mul(2, t), v), tp1), p.y), tf.div(tf.sub(tf.mul(tf.mul(2, t), u), tp1), tf.sub(1, p.y)));
  // At the ends: ∂/∂l → −1 at 0, +1 at 1; ∂/∂y → (τ − 1)/y at 0 and −(τ − 1)/(1 − y) at 1.
  const sign = tf.where(p.end0, full(logits, -1), full(logits, 1));
  const divergent = tf.where(tf.less(t, 1), tf.mul(sign, Infinity), tf.mul(sign, -Infinity));
  const balanced = tf.where(p.end0, tf.sub(2, tf.mul(2, tf.exp(tf.neg(p.l)))), tf.sub(tf.mul(2, tf.exp(p.l)), 2));
  const dyEnd = tf.where(tf.equal(t, 1), balanced, divergent);
  const dLogits = tf.mul(g, tf.where(p.atEnd, sign, uv));
  const dValue = tf.where(p.atEnd, times(g, dyEnd), tf.mul(g, dyInterior));
  const tauTerm = tf.where(p.atEnd, times(g, full(logits, -Infinity)), tf.mul(g, tf.sub(tf.div(1, t), tf.mul(uv, z))));
  return { dLogits, dTau: tauGradient(tau, rowSums(tauTerm)), dValue };
}
