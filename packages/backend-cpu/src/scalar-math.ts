/**
 * Scalar helpers of the kernels' inner loops. Core has checked versions of some of these; the
 * kernels validate once per call on the host, so their loops use these unchecked ones.
 */

/** σ(t) without overflow: e^t is only formed for t < 0. */
export function sigmoid(t: number): number {
  if (t >= 0) return 1 / (1 + Math.exp(-t));
  const e = Math.exp(t);
  return e / (1 + e);
}

/** σ(t)·σ(−t) = σ'(t), formed from e^(−|t|) so neither factor is a rounded 1 − σ. */
export function sigmoidSlope(t: number): number {
  const e = Math.exp(-Math.abs(t));
  return e / ((1 + e) * (1 + e));
}
