/**
 * The log-densities at the boundary of their support, where the interior formulas meet log 0 and
 * ∞ − ∞. The answer there is the limit, not NaN. Shared by the reference functions and the CPU
 * backend; the GPU.js and tfjs kernels implement the same rules (tests compare them all to mpmath).
 *
 * BinConcrete at y ∈ {0, 1}: near an end the density behaves like d^(τ−1) (d the distance to it),
 * so log p → +∞ for τ < 1 and −∞ for τ > 1; at τ = 1, p(y) = α / (α(1 − y) + y)², which is 1/α at
 * y = 0 and α at y = 1. A logit of ±∞ is a sure outcome (probability 1 of the end it points to):
 * all mass sits there, log p = +∞ at that end and −∞ everywhere else.
 *
 * Concrete at a boundary point of the simplex (m ≥ 1 unmasked coordinates exactly 0 — e.g. a
 * float32 sample whose small entries underflowed): along any straight line into the simplex the m
 * zero coordinates shrink at a common rate ε, and p ∝ ε^e with e = τk − m(τ + 1) (k unmasked
 * classes). So the radial limit is −∞ for e > 0, +∞ for e < 0. In the balanced case e = 0 the limit
 * is finite and, for m ≥ 2, depends on the direction; we take equal rates for the zero coordinates:
 *   log Γ(k) + (k−1) log τ + Σ_i l_i − (τ+1) Σ_{y_i>0} log y_i − k·logsumexp_{y_i=0} l_i.
 * For k = 2 this is the BinConcrete rule above. The ExpConcrete density at x_i = −∞ (the same
 * point in log space) has exponent τ(k − m) > 0, so it is always −∞ there.
 */
import { logFactorialOfPredecessor } from './log-space.js';

/** BinConcrete log p at y ∈ {0, 1} exactly, for a finite logit (a ±∞ logit: `binConcreteSureLogProb`). */
export function binConcreteEndLogProb(y: 0 | 1, logit: number, tau: number): number {
  if (tau < 1) return Infinity;
  if (tau > 1) return -Infinity;
  return y === 0 ? -logit : logit;
}

/** BinConcrete log p for a logit of ±∞: +∞ at the end the logit points to, −∞ elsewhere. */
export function binConcreteSureLogProb(y: number, logit: number): number {
  return (logit === Infinity ? y === 1 : y === 0) ? Infinity : -Infinity;
}

/**
 * Concrete log p at a boundary point: `y` and `logits` are one row; masked classes (logit −∞) are
 * skipped; the caller has checked that at least one unmasked y_i is 0 and one is positive.
 */
export function concreteBoundaryLogProb(y: ArrayLike<number>, logits: ArrayLike<number>, tau: number): number {
  let k = 0;
  let m = 0;
  let maxZero = -Infinity;
  for (let i = 0; i < logits.length; i++) {
    const l = logits[i] as number;
    if (l === -Infinity) continue;
    k++;
    if (y[i] === 0) {
      m++;
      if (l > maxZero) maxZero = l;
    }
  }
  const e = tau * k - m * (tau + 1);
  if (e > 0) return -Infinity;
  if (e < 0) return Infinity;
  // Σ_i l_i − k·logsumexp_Z l, centred on the largest zero-coordinate logit so nothing large cancels.
  let centred = 0;
  let sumZero = 0;
  let logY = 0;
  for (let i = 0; i < logits.length; i++) {
    const l = logits[i] as number;
    if (l === -Infinity) continue;
    centred += l - maxZero;
    const v = y[i] as number;
    if (v === 0) sumZero += Math.exp(l - maxZero);
    else logY += Math.log(v);
  }
  return logFactorialOfPredecessor(k) + (k - 1) * Math.log(tau) + centred - k * Math.log(sumZero) - (tau + 1) * logY;
}
