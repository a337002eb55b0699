/**
 * x = log_softmax((l + g)/τ) for one row, into x (masked classes −∞); returns s = (l + g)/τ in s.
 * (The ExpConcrete density's row with its derivatives is core's `expConcreteRowVjp`, shared with
 * core's densities and backend-cpu's kernels.)
 */
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
