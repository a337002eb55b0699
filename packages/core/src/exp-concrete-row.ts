/**
 * One row of the ExpConcrete log-density with its derivatives, float64 — the one computation that
 * core's `expConcreteLogProb`/`concreteLogProb`, backend-cpu's density kernels and
 * @gumbel/distributions' RelaxedOneHotCategorical all evaluate (Maddison, Mnih & Teh 2017, with the
 * −k exponent the summary formula drops). Over the k unmasked classes (logit −∞ is masked and
 * skipped), with a_i = l_i − τ·x_i and w = softmax(a), c_i = 1 − k·w_i (Σ c_i = 0):
 *   log p(x) = log Γ(k) + (k−1) log τ + Σ a_i − k·logsumexp(a)
 *   ∂/∂l_i = c_i,  ∂/∂x_i = −τ·c_i,  ∂/∂τ = (k−1)/τ − Σ (x_i − x̄) c_i
 * where x̄ (the row mean) may be subtracted because Σ c_i = 0; it keeps the sum small.
 * Σ a_i − k·logsumexp(a) is computed as Σ (a_i − max) − k·log Σ e^(a_i − max): the large common part
 * cancels exactly instead of rounding away.
 *
 * No validation here: callers check their arguments once (core's densities, the kernels' host
 * checks) and handle the boundary of the support (x_i = −∞ at an unmasked class, edge-limits.ts)
 * before calling; every unmasked x_i must be finite.
 */
import { logFactorialOfPredecessor } from './log-space.js';

export interface ExpConcreteRowValue {
  /** log p(x) of the row. */
  readonly value: number;
  /** ∂ log p / ∂τ. */
  readonly dTau: number;
  /** How many classes are unmasked. */
  readonly kEff: number;
}

/** The row's log-density with the sums its derivatives reuse (one pass for the max, one for the sums). */
function rowValue(
  logits: ArrayLike<number>, lo: number, x: ArrayLike<number>, xo: number, k: number, tau: number,
): { value: number; max: number; sum: number; mean: number; kEff: number } {
  let kEff = 0;
  let max = -Infinity;
  let mean = 0;
  for (let i = 0; i < k; i++) {
    const l = logits[lo + i] as number;
    if (l === -Infinity) continue;
    kEff++;
    const xi = x[xo + i] as number;
    mean += xi;
    const a = l - tau * xi;
    if (a > max) max = a;
  }
  mean /= kEff;
  let centred = 0;
  let sum = 0;
  for (let i = 0; i < k; i++) {
    const l = logits[lo + i] as number;
    if (l === -Infinity) continue;
    const a = l - tau * (x[xo + i] as number);
    centred += a - max;
    sum += Math.exp(a - max);
  }
  const value = logFactorialOfPredecessor(kEff) + (kEff - 1) * Math.log(tau) + centred - kEff * Math.log(sum);
  return { value, max, sum, mean, kEff };
}

/**
 * log p(x) of one row of k classes, logits read at `logits[lo + i]` and points at `x[xo + i]`, without
 * derivatives (the same value as `expConcreteRowVjp`'s, to the bit).
 *
 * @example
 * // k = 2, l = (0, 0), τ = 1, x = log(½, ½): log p = log Γ(2) + 0 + (log 2 + log 2) − 2·log(4) = −log 4
 * expConcreteRowLogProb([0, 0], 0, [-Math.LN2, -Math.LN2], 0, 2, 1); // −1.3862943611198906
 */
export function expConcreteRowLogProb(
  logits: ArrayLike<number>, lo: number, x: ArrayLike<number>, xo: number, k: number, tau: number,
): number {
  return rowValue(logits, lo, x, xo, k, tau).value;
}

/**
 * log p(x) of one row with ∂/∂τ; when `dl`/`dx` (length ≥ k) are given, ∂/∂l_i and ∂/∂x_i are written
 * at index i (0 at masked classes).
 *
 * @example
 * // k = 2, l = (0, 0), τ = 1, x = log(½, ½): log p = −log 4; at the mode ∂/∂τ = (k − 1)/τ − 0 = 1
 * expConcreteRowVjp([0, 0], 0, [-Math.LN2, -Math.LN2], 0, 2, 1); // { value: −1.3862943611198906, dTau: 1, kEff: 2 }
 */
export function expConcreteRowVjp(
  logits: ArrayLike<number>, lo: number, x: ArrayLike<number>, xo: number, k: number, tau: number,
  dl?: Float64Array, dx?: Float64Array,
): ExpConcreteRowValue {
  const { value, max, sum, mean, kEff } = rowValue(logits, lo, x, xo, k, tau);
  let tauSum = 0;
  for (let i = 0; i < k; i++) {
    if (dl !== undefined) dl[i] = 0;
    if (dx !== undefined) dx[i] = 0;
    const l = logits[lo + i] as number;
    if (l === -Infinity) continue;
    const xi = x[xo + i] as number;
    const c = 1 - kEff * (Math.exp(l - tau * xi - max) / sum);
    if (dl !== undefined) dl[i] = c;
    if (dx !== undefined) dx[i] = -tau * c;
    tauSum += (xi - mean) * c;
  }
  return { value, dTau: (kEff - 1) / tau - tauSum, kEff };
}
