/**
 * Scalar log-space primitives shared by the reference math. Internal: callers validate first, so
 * these take plain numbers and are written to stay finite wherever the true value is.
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

/** log Γ(k) = log((k-1)!) for a positive integer k, summed exactly rather than via Stirling. */
export function logFactorialOfPredecessor(k: number): number {
  let sum = 0;
  for (let j = 2; j < k; j++) sum += Math.log(j);
  return sum;
}
