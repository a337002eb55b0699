/**
 * Scalar float64 functions the closed forms need. Written for the limits: softplus never overflows,
 * xlogy(0, ·) is 0 (the 0·log 0 = 0 convention of entropies and KLs), and logSigmoid stays exact in
 * the tails where log(σ(t)) would round σ to 0 or 1 first.
 */

/** Euler–Mascheroni constant γ: the mean of a standard Gumbel. */
export const EULER_GAMMA = 0.5772156649015329;

export function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

export function sigmoid(t: number): number {
  return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
}

/** log σ(t) = −softplus(−t). */
export function logSigmoid(t: number): number {
  return -softplus(-t);
}

/** x · log y with 0 · log 0 = 0 (and 0 · −∞ = 0). */
export function xlogy(x: number, logY: number): number {
  return x === 0 ? 0 : x * logY;
}

// Lanczos approximation, g = 7, n = 9 (Numerical Recipes / Boost coefficients): ~1e-15 relative.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log |Γ(x)| for x > 0. */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ψ(x) = d/dx log Γ(x) for x > 0: recurrence up to x ≥ 6, then the asymptotic series. */
export function digamma(x: number): number {
  let result = 0;
  let v = x;
  while (v < 6) {
    result -= 1 / v;
    v += 1;
  }
  const f = 1 / (v * v);
  return result + Math.log(v) - 0.5 / v - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

/** Row logsumexp of `values[start .. start + k)`; −∞ entries are empty terms (all −∞ gives −∞). */
export function rowLogSumExp(values: ArrayLike<number>, start: number, k: number): number {
  let max = -Infinity;
  for (let i = start; i < start + k; i++) if ((values[i] as number) > max) max = values[i] as number;
  if (max === -Infinity || max === Infinity) return max;
  let sum = 0;
  for (let i = start; i < start + k; i++) sum += Math.exp((values[i] as number) - max);
  return max + Math.log(sum);
}

/** log_softmax of every row of length k (masked −∞ entries stay −∞). */
export function logSoftmaxRows(values: ArrayLike<number>, k: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let start = 0; start < values.length; start += k) {
    const lse = rowLogSumExp(values, start, k);
    for (let i = start; i < start + k; i++) out[i] = (values[i] as number) - lse;
  }
  return out;
}
