/**
 * Concrete / ExpConcrete rows at a boundary point of the simplex: some unmasked y_i = 0 (x_i = −∞),
 * as float32 relaxed samples at low τ produce by underflow. The interior formulas meet log 0 and
 * ∞ − ∞ there; these give the limits along a straight line into the simplex (the rules and their
 * derivation: core's edge-limits.ts). With Z the zero coordinates (m of k unmasked classes):
 *   log p       Concrete: core's concreteBoundaryLogProb (±∞, finite when τk = m(τ + 1));
 *               ExpConcrete: −∞ (its exponent τ(k − m) is positive)
 *   softmax(a)  → w_i = softmax over Z of the logits, 0 off Z; c_i = 1 − k·w_i
 *   ∂/∂logits_i = c_i (finite)
 *   ∂/∂τ        → −∞: Σ_i x_i c_i ~ (m − k)·log ε with m < k
 *   ∂/∂x_i      = −τ c_i (ExpConcrete, finite)
 *   ∂/∂y_i      = (−τ c_i − 1)/y_i: ±∞ on Z (0 where the numerator is 0), finite off Z.
 * An upstream of exactly 0 gives 0, not 0·∞.
 */
import { concreteBoundaryLogProb } from '@gumbel/core';
import type { Form, Prepared } from './concrete-densities.js';
import type { FloatArray } from './tensor.js';

/** Whether row b has an unmasked coordinate at the boundary (y_i = 0, or x_i = −∞). */
export function isBoundaryRow(p: Prepared, form: Form, b: number): boolean {
  const zero = form === 'concrete' ? 0 : -Infinity;
  for (let j = b * p.k; j < (b + 1) * p.k; j++) if (p.logits[j] !== -Infinity && p.value[j] === zero) return true;
  return false;
}

export function boundaryLogProb(p: Prepared, form: Form, b: number, tau: number): number {
  if (form === 'expConcrete') return -Infinity;
  const row = b * p.k;
  return concreteBoundaryLogProb(p.value.subarray(row, row + p.k), p.logits.subarray(row, row + p.k), tau);
}

/** g·d with g = 0 giving 0 (an unused output has no gradient, even where d is infinite). */
function times(g: number, d: number): number {
  return g === 0 ? 0 : g * d;
}

/** Writes row b of dLogits and dValue, returns the row's dτ. */
export function boundaryVjp(p: Prepared, form: Form, b: number, tau: number, g: number, dLogits: FloatArray, dValue: FloatArray): number {
  const row = b * p.k;
  const zero = form === 'concrete' ? 0 : -Infinity;
  let k = 0;
  let maxZero = -Infinity;
  for (let j = row; j < row + p.k; j++) {
    const l = p.logits[j] as number;
    if (l === -Infinity) continue;
    k++;
    if (p.value[j] === zero && l > maxZero) maxZero = l;
  }
  let sumZero = 0;
  for (let j = row; j < row + p.k; j++) if (p.logits[j] !== -Infinity && p.value[j] === zero) sumZero += Math.exp((p.logits[j] as number) - maxZero);
  for (let j = row; j < row + p.k; j++) {
    const l = p.logits[j] as number;
    if (l === -Infinity) continue;
    const onZ = p.value[j] === zero;
    const c = onZ ? 1 - (k * Math.exp(l - maxZero)) / sumZero : 1;
    dLogits[j] = g * c;
    if (form === 'expConcrete') {
      dValue[j] = -g * tau * c;
    } else {
      const num = -tau * c - 1;
      dValue[j] = onZ ? (num === 0 ? 0 : times(g, num > 0 ? Infinity : -Infinity)) : (g * num) / (p.value[j] as number);
    }
  }
  return times(g, -Infinity);
}
