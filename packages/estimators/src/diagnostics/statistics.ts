/** Summaries of n gradient draws (rows of a flat array) against a reference gradient. */

export interface DrawSummary {
  readonly n: number;
  /** Mean gradient over the draws. */
  readonly mean: Float64Array;
  /** Per-component sample variance (n − 1 denominator). */
  readonly variance: Float64Array;
  /** Σ_j Var(ĝ_j): the trace of the covariance, one number per estimator. */
  readonly totalVariance: number;
  /** Per-component standard error of the mean, sqrt(Var_j / n). */
  readonly standardError: Float64Array;
}

export interface BiasSummary {
  /** cos(mean, exact): 1 means the mean points the exact way. */
  readonly cosine: number;
  /** ‖mean − exact‖ / ‖exact‖. */
  readonly relativeL2: number;
  /**
   * sqrt(totalVariance / n) / ‖exact‖: the relative L2 error an unbiased estimator would show from
   * sampling noise alone. A relativeL2 near this floor is no evidence of bias.
   */
  readonly noiseFloor: number;
}

export function summarizeDraws(draws: Float64Array, k: number): DrawSummary {
  const n = draws.length / k;
  const mean = new Float64Array(k);
  for (let r = 0; r < n; r++) for (let j = 0; j < k; j++) mean[j] = (mean[j] as number) + (draws[r * k + j] as number) / n;
  const variance = new Float64Array(k);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < k; j++) variance[j] = (variance[j] as number) + ((draws[r * k + j] as number) - (mean[j] as number)) ** 2 / (n - 1);
  }
  let totalVariance = 0;
  for (const v of variance) totalVariance += v;
  return { n, mean, variance, totalVariance, standardError: variance.map((v) => Math.sqrt(v / n)) };
}

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) ** 2;
  return Math.sqrt(s);
}

export function compareToExact(summary: DrawSummary, exact: ArrayLike<number>): BiasSummary {
  let dot = 0;
  let diff = 0;
  for (let j = 0; j < exact.length; j++) {
    dot += (summary.mean[j] as number) * (exact[j] as number);
    diff += ((summary.mean[j] as number) - (exact[j] as number)) ** 2;
  }
  const exactNorm = norm(exact);
  return {
    cosine: dot / (norm(summary.mean) * exactNorm),
    relativeL2: Math.sqrt(diff) / exactNorm,
    noiseFloor: Math.sqrt(summary.totalVariance / summary.n) / exactNorm,
  };
}
