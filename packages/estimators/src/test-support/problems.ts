/**
 * A second categorical test problem for the estimator tests: f(z) = Σ_i w_i z_i², whose values on
 * one-hots are w (a linear function there) but whose derivative at a one-hot e_j is 2 w_j e_j —
 * so estimators that read f' at the sample (DARN, straight-through) see a signal that is not the
 * difference of f values, while the exact gradient is p_j (w_j − ⟨p, w⟩) by enumeration.
 */
import { exactGradient } from '../exact-gradient.js';
import type { ToyProblem } from '../diagnostics/toy-problem.js';

export function weightedSquaresProblem(logits: readonly number[], w: readonly number[]): ToyProblem {
  const k = logits.length;
  const loss = (z: ArrayLike<number>): number => w.reduce((s, wi, i) => s + wi * (z[i] as number) ** 2, 0);
  return {
    description: `categorical, k = ${k}: f(z) = Σ w_i z_i²`,
    k,
    logits: Float64Array.from(logits),
    target: new Float64Array(k),
    loss,
    lossGradient(z, out) {
      for (let i = 0; i < k; i++) out[i] = 2 * (w[i] as number) * (z[i] as number);
    },
    exact: exactGradient(logits, (j) => w[j] as number),
  };
}

/** A linear loss f(z) = aᵀz: for it MuProp's control variate is exact and DARN unbiased. */
export function linearProblem(logits: readonly number[], a: readonly number[]): ToyProblem {
  const k = logits.length;
  return {
    description: `categorical, k = ${k}: f(z) = aᵀz`,
    k,
    logits: Float64Array.from(logits),
    target: new Float64Array(k),
    loss: (z) => a.reduce((s, ai, i) => s + ai * (z[i] as number), 0),
    lossGradient(_z, out) {
      out.set(a);
    },
    exact: exactGradient(logits, (j) => a[j] as number),
  };
}
