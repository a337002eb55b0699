/**
 * Scalar log-space primitives shared by the reference math, the CPU kernels and the estimators (one
 * copy: exported from the package root). Unchecked: callers validate first, so these take plain
 * numbers and are written to stay finite wherever the true value is.
 */

/** log(1 + e^t) without overflow for large t or loss of the tiny result for very negative t. */
export function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

/** log(e^a + e^b); -Infinity inputs are empty terms, so logAddExp(-Infinity, b) is b exactly. */
export function logAddExp(a: number, b: number): number {
  const hi = a > b ? a : b;
  const lo = a > b ? b : a;
  // Also covers hi = Infinity, where lo − hi could be Infinity − Infinity.
  if (lo === -Infinity || hi === Infinity) return hi;
  return hi + Math.log1p(Math.exp(lo - hi));
}

const logFactorials: number[] = [0];

/**
 * log Γ(k) = log((k-1)!) for a positive integer k, summed term by term rather than via Stirling, and
 * cached (the CPU kernels call it once per density row).
 */
export function logFactorialOfPredecessor(k: number): number {
  for (let n = logFactorials.length; n < k; n++) logFactorials[n] = (logFactorials[n - 1] as number) + Math.log(n);
  return logFactorials[k - 1] as number;
}
