/**
 * BinConcrete log-density, elementwise, τ one number or one per row of the leading axis:
 *   p(y) = τ α y^(−τ−1) (1−y)^(−τ−1) / (α y^(−τ) + (1−y)^(−τ))²,  α = e^logit, y ∈ (0, 1)
 * which is the two-class Concrete density read off its first coordinate. In logs, with
 * ℓ = log y, m = log(1 − y) (log1p, exact for small y) and z = ℓ − m = logit(y):
 *   log p = log τ + logit − (τ+1)(ℓ + m) − 2·logaddexp(logit − τℓ, −τm)
 * Derivatives, with v = σ(logit − τz) (the weight of the first logaddexp term):
 *   ∂/∂logit = 1 − 2v
 *   ∂/∂τ     = 1/τ − (1 − 2v) z
 *   ∂/∂y     = (2τv − τ − 1)/y − (2τ(1 − v) − τ − 1)/(1 − y)
 * y is checked on the host to lie in [0, 1]. At the ends y ∈ {0, 1} the values are the limits
 * (core's edge-limits.ts): log p = +∞ / −∞ for τ < 1 / τ > 1, ∓logit at τ = 1; ∂/∂logit → ∓1,
 * ∂/∂τ → −∞ (log p ~ (τ − 1)·log d, d the distance to the end), ∂/∂y → the limit of (τ − 1)/d
 * with the end's sign (at τ = 1: 2 − 2e^(−logit) at 0, 2e^logit − 2 at 1).
 * A logit of ±∞ is a sure outcome: all mass at 1 (+∞) or 0 (−∞), log p = +∞ there and −∞
 * elsewhere, and every gradient is 0. An upstream of exactly 0 gives 0, never 0·∞.
 */
import { binConcreteEndLogProb, binConcreteSureLogProb, validateUnitInterval } from '@gumbel/core';
import type { FloatPrecision } from '@gumbel/core';
import { argsObject, elementwiseLogits, like, resolveTau, tauAt, tauGradient } from './args.js';
import { logAddExp } from '@gumbel/core';
import { sigmoid } from './scalar-math.js';
import { allocate, makeTensor } from './tensor.js';
import type { CpuTensor } from './tensor.js';

function prepare(args: unknown) {
  const a = argsObject(args);
  const { tensor, batch, rowSize } = elementwiseLogits(a['logits']);
  const y = like(a['y'], 'y', tensor.shape, 'logits');
  const tau = resolveTau(a['tau'], batch);
  validateUnitInterval(y.data, 'y');
  return { a, logits: tensor.data, y: y.data, tau, batch, rowSize, shape: tensor.shape };
}

export function binConcreteLogProb(precision: FloatPrecision, args: unknown): CpuTensor {
  const p = prepare(args);
  const out = allocate(precision, p.logits.length);
  for (let b = 0; b < p.batch; b++) {
    const tau = tauAt(p.tau, b);
    for (let i = b * p.rowSize; i < (b + 1) * p.rowSize; i++) {
      const l = p.logits[i] as number;
      const y = p.y[i] as number;
      if (!Number.isFinite(l)) {
        out[i] = binConcreteSureLogProb(y, l);
        continue;
      }
      if (y === 0 || y === 1) {
        out[i] = binConcreteEndLogProb(y, l, tau);
        continue;
      }
      const ly = Math.log(y);
      const m = Math.log1p(-y);
      out[i] = Math.log(tau) + l - (tau + 1) * (ly + m) - 2 * logAddExp(l - tau * ly, -tau * m);
    }
  }
  return makeTensor(out, p.shape);
}

export function binConcreteLogProbVjp(
  precision: FloatPrecision,
  args: unknown,
): { dLogits: CpuTensor; dTau: CpuTensor; dValue: CpuTensor } {
  const p = prepare(args);
  const dOut = like(p.a['dOut'], 'dOut', p.shape, 'logits').data;
  const dLogits = allocate(precision, p.logits.length);
  const dValue = allocate(precision, p.logits.length);
  const dTauRows = new Float64Array(p.batch);
  for (let b = 0; b < p.batch; b++) {
    const tau = tauAt(p.tau, b);
    let acc = 0;
    for (let i = b * p.rowSize; i < (b + 1) * p.rowSize; i++) {
      const l = p.logits[i] as number;
      if (!Number.isFinite(l)) continue;
      const g = dOut[i] as number;
      const y = p.y[i] as number;
      if (y === 0 || y === 1) {
        const end = endGradients(y, l, tau);
        dLogits[i] = g * end.dLogit;
        dValue[i] = times(g, end.dY);
        acc += times(g, -Infinity);
        continue;
      }
      const z = Math.log(y) - Math.log1p(-y);
      // v and 1 − v each from their own sigmoid, so neither is a rounded difference from 1.
      const v = sigmoid(l - tau * z);
      const u = sigmoid(tau * z - l);
      dLogits[i] = g * (u - v);
      dValue[i] = g * ((2 * tau * v - tau - 1) / y - (2 * tau * u - tau - 1) / (1 - y));
      acc += g * (1 / tau - (u - v) * z);
    }
    dTauRows[b] = acc;
  }
  return {
    dLogits: makeTensor(dLogits, p.shape),
    dTau: tauGradient(p.tau, dTauRows, precision),
    dValue: makeTensor(dValue, p.shape),
  };
}

/** g·d with g = 0 giving 0 (an unused output has no gradient, even where d is infinite). */
function times(g: number, d: number): number {
  return g === 0 ? 0 : g * d;
}

/** The limits of ∂/∂logit and ∂/∂y at y ∈ {0, 1} for a finite logit (∂/∂τ is always −∞ there). */
function endGradients(y: 0 | 1, logit: number, tau: number): { dLogit: number; dY: number } {
  // (τ − 1)/d with d = y at 0 and d = 1 − y at 1 (whose y-derivative has the opposite sign).
  const sign = y === 0 ? 1 : -1;
  const dY = tau === 1 ? (y === 0 ? 2 - 2 * Math.exp(-logit) : 2 * Math.exp(logit) - 2) : sign * (tau < 1 ? -Infinity : Infinity);
  return { dLogit: y === 0 ? -1 : 1, dY };
}
