/**
 * Goodness-of-fit helpers for the statistical cases: the one-sample Kolmogorov–Smirnov statistic
 * and its large-n critical value, and Pearson's χ² statistic with the χ² survival function.
 * Pure functions on host arrays, unit-tested in stats.test.ts.
 */

/** Standard Gumbel CDF exp(−e^(−x)). */
export function gumbelCdf(x: number): number {
  return Math.exp(-Math.exp(-x));
}

/** Standard logistic CDF 1 / (1 + e^(−x)). */
export function logisticCdf(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * D = sup_x |F_n(x) − F(x)| for the sample against a continuous CDF F. Sorts a copy.
 * At the i-th order statistic (1-based) the empirical CDF jumps from (i−1)/n to i/n.
 */
export function ksStatistic(sample: ArrayLike<number>, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(sample).sort();
  const n = sorted.length;
  if (n === 0) throw new RangeError('ksStatistic needs a non-empty sample');
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i] as number);
    if (Number.isNaN(f)) return NaN;
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/**
 * Critical value of D at significance α for large n: Kolmogorov's limit P(√n·D > c) → α with
 * c(α) = sqrt(−ln(α/2) / 2) (the leading term of 2Σ(−1)^(j−1) e^(−2j²c²)). For α = 0.001,
 * c = 1.9495, so D_crit ≈ 1.95/√n; at n ≥ 1000 the finite-n correction is below 1%.
 */
export function ksCriticalValue(n: number, alpha: number): number {
  return Math.sqrt(-Math.log(alpha / 2) / 2) / Math.sqrt(n);
}

/** Pearson's Σ (O − E)² / E over the cells with E > 0; cells with E = 0 must have O = 0. */
export function chiSquareStatistic(observed: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (observed.length !== expected.length) throw new RangeError('observed and expected differ in length');
  let chi2 = 0;
  for (let i = 0; i < observed.length; i++) {
    const o = observed[i] as number;
    const e = expected[i] as number;
    if (e === 0) {
      if (o !== 0) return Infinity; // an impossible outcome happened
      continue;
    }
    chi2 += ((o - e) * (o - e)) / e;
  }
  return chi2;
}

/** ln Γ(a) for a a positive integer or half-integer (all that χ² with integer df needs), exactly by recursion. */
function logGammaHalfInteger(a: number): number {
  if (!(a > 0) || !Number.isInteger(2 * a)) throw new RangeError(`logGammaHalfInteger needs a positive multiple of 1/2, got ${a}`);
  // Γ(1) = 1, Γ(1/2) = √π, Γ(a + 1) = a Γ(a).
  let value = Number.isInteger(a) ? 0 : 0.5 * Math.log(Math.PI);
  for (let t = Number.isInteger(a) ? 1 : 0.5; t < a; t += 1) value += Math.log(t);
  return value;
}

/**
 * Regularized upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a): the series for P = 1 − Q when
 * x < a + 1, else the continued fraction for Q (evaluated by the modified Lentz method).
 */
function upperRegularizedGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const logPrefix = a * Math.log(x) - x - logGammaHalfInteger(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return 1 - sum * Math.exp(logPrefix);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let n = 1; n < 10_000; n++) {
    const an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(logPrefix) * h;
}

/** P(χ²_df > x): the p-value of a χ² statistic with `df` degrees of freedom. */
export function chiSquareSurvival(x: number, df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`df must be a positive integer, got ${df}`);
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 0;
  return upperRegularizedGamma(df / 2, x / 2);
}

/**
 * Upper 0.001 quantiles of χ² (standard tables, e.g. Abramowitz & Stegun 26.8), df = 1…10:
 * a statistic above CHI2_CRIT_0001[df] has p < 0.001. stats.test.ts checks them against
 * `chiSquareSurvival`.
 */
export const CHI2_CRIT_0001: Readonly<Record<number, number>> = {
  1: 10.828, 2: 13.816, 3: 16.266, 4: 18.467, 5: 20.515, 6: 22.458, 7: 24.322, 8: 26.124, 9: 27.877, 10: 29.588,
};
