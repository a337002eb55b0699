/**
 * The fixed toy problem of the bias/variance report and the statistical tests.
 * k = 10 classes, logits θ_i = (i − 4.5)/4.5 (evenly spaced in [−1, 1], so p = softmax(θ) runs
 * from 0.04 to 0.25), and a quadratic loss of the one-hot (or relaxed) vector z:
 *   f(z) = Σ_i (z_i − t_i)²,  t_i = 0.9 − 0.8·i/9  (0.9 down to 0.1),
 * whose gradient dL/dz = 2(z − t) is what pathwise estimators receive. On one-hots f(e_j) =
 * Σ t² + 1 − 2 t_j, so the loss prefers the unlikely low classes: the exact gradient pushes
 * probability against the logits' order, which a biased estimator can get visibly wrong.
 */
import { exactGradient } from '../exact-gradient.js';

export interface ToyProblem {
  readonly k: number;
  readonly logits: Float64Array;
  readonly target: Float64Array;
  /** f(z) for one row z (one-hot or relaxed). */
  loss(z: ArrayLike<number>): number;
  /** dL/dz = 2(z − t), written into `out`. */
  lossGradient(z: ArrayLike<number>, out: Float64Array): void;
  /** ∇θ E[f(z)] by enumeration. */
  readonly exact: Float64Array;
}

export function createToyProblem(k = 10): ToyProblem {
  const logits = new Float64Array(k);
  const target = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    logits[i] = k === 1 ? 0 : (2 * i) / (k - 1) - 1;
    target[i] = k === 1 ? 0.5 : 0.9 - (0.8 * i) / (k - 1);
  }
  const loss = (z: ArrayLike<number>): number => {
    let s = 0;
    for (let i = 0; i < k; i++) s += ((z[i] as number) - (target[i] as number)) ** 2;
    return s;
  };
  const oneHot = (j: number): Float64Array => {
    const z = new Float64Array(k);
    z[j] = 1;
    return z;
  };
  return {
    k,
    logits,
    target,
    loss,
    lossGradient(z, out) {
      for (let i = 0; i < k; i++) out[i] = 2 * ((z[i] as number) - (target[i] as number));
    },
    exact: exactGradient(logits, (j) => loss(oneHot(j))),
  };
}
