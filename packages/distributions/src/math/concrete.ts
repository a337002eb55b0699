/**
 * One row of the ExpConcrete log-density and the relaxed sample, float64, with derivatives
 * (Maddison, Mnih & Teh 2017, with the −k exponent the summary formula drops):
 *   log p(x) = log Γ(k) + (k−1) log τ + Σ a_i − k·logsumexp(a),  a_i = l_i − τ x_i,
 * over the k unmasked classes. With w = softmax(a):
 *   ∂/∂l_i = 1 − k w_i,  ∂/∂x_i = −τ(1 − k w_i),  ∂/∂τ = (k−1)/τ − Σ x_i (1 − k w_i).
 */
import { lgamma } from './special.js';

export interface ExpConcreteRow {
  value: number;
  dTau: number;
}

/**
 * log p(x) for one row, writing ∂/∂l into dl and ∂/∂x into dx (length k, zero at masked classes).
 * `l` and `x` are read at offsets lo and xo.
 */
export function expConcreteRow(l: ArrayLike<number>, lo: number, x: ArrayLike<number>, xo: number, k: number, tau: number, dl: Float64Array, dx: Float64Array): ExpConcreteRow {
  let kk = 0;
  let max = -Infinity;
  for (let i = 0; i < k; i++) {
    dl[i] = 0;
    dx[i] = 0;
    const li = l[lo + i] as number;
    if (li === -Infinity) continue;
    kk++;
    const a = li - tau * (x[xo + i] as number);
    if (a > max) max = a;
  }
  let centred = 0;
  let sum = 0;
  for (let i = 0; i < k; i++) {
    const li = l[lo + i] as number;
    if (li === -Infinity) continue;
    const a = li - tau * (x[xo + i] as number);
    centred += a - max;
    sum += Math.exp(a - max);
  }
  const value = lgamma(kk) + (kk - 1) * Math.log(tau) + centred - kk * Math.log(sum);
  let dTau = (kk - 1) / tau;
  for (let i = 0; i < k; i++) {
    const li = l[lo + i] as number;
    if (li === -Infinity) continue;
    const xi = x[xo + i] as number;
    const w = Math.exp(li - tau * xi - max) / sum;
    const g = 1 - kk * w;
    dl[i] = g;
    dx[i] = -tau * g;
    dTau -= xi * g;
  }
  return { value, dTau };
}

/** x = log_softmax((l + g)/τ) for one row, into x (masked classes −∞); returns s = (l + g)/τ in s. */
export function relaxedLogRow(l: ArrayLike<number>, lo: number, g: ArrayLike<number>, go: number, k: number, tau: number, s: Float64Array, x: Float64Array, xo: number): void {
  let max = -Infinity;
  for (let i = 0; i < k; i++) {
    const v = ((l[lo + i] as number) + (g[go + i] as number)) / tau;
    s[i] = v;
    if (v > max) max = v;
  }
  let sum = 0;
  for (let i = 0; i < k; i++) sum += Math.exp((s[i] as number) - max);
  const lse = max + Math.log(sum);
  for (let i = 0; i < k; i++) x[xo + i] = (s[i] as number) - lse;
}
