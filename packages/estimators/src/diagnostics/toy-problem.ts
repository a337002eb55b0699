/**
 * The fixed toy problem of the bias/variance report and the statistical tests.
 * k = 10 classes, logits θ_i = (i − 4.5)/4.5 (evenly spaced in [−1, 1], so p = softmax(θ) runs
 * from 0.04 to 0.25), and a quadratic loss of the one-hot (or relaxed) vector z:
 *   f(z) = Σ_i (z_i − t_i)²,  t_i = 0.9 − 0.8·i/9  (0.9 down to 0.1),
 * whose gradient dL/dz = 2(z − t) is what pathwise estimators receive. On one-hots f(e_j) =
 * Σ t² + 1 − 2 t_j, so the loss prefers the unlikely low classes: the exact gradient pushes
 * probability against the logits' order, which a biased estimator can get visibly wrong.
 */
import { exactBernoulliGradient, exactGradient } from '../exact-gradient.js';

export interface ToyProblem {
  /** One line for tables and plots. */
  readonly description: string;
  /** Classes per row (categorical) or bits per row (Bernoulli). */
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
    description: `categorical, k = ${k}: θ_i = 2i/${k - 1} − 1, f(z) = Σ_i (z_i − t_i)², t_i = 0.9 − 0.8·i/${k - 1}`,
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

/**
 * The binary toy problem: d = 8 independent bits, logits θ_j = (j − 3.5)/3.5 (evenly spaced in
 * [−1, 1], so about 4 bits are on), and f(z) = (Σ_j z_j − 2)², a quadratic that couples the bits and
 * wants fewer of them on; dL/dz_j = 2(Σ z − 2) for every j. `target` holds the 2 as a 1-vector.
 */
export function createBernoulliToyProblem(d = 8): ToyProblem {
  const logits = new Float64Array(d);
  for (let j = 0; j < d; j++) logits[j] = d === 1 ? 0 : (2 * j) / (d - 1) - 1;
  const count = 2;
  const loss = (z: ArrayLike<number>): number => {
    let s = 0;
    for (let j = 0; j < d; j++) s += z[j] as number;
    return (s - count) ** 2;
  };
  return {
    description: `Bernoulli, d = ${d} bits: θ_j = 2j/${d - 1} − 1, f(z) = (Σ_j z_j − ${count})²`,
    k: d,
    logits,
    target: Float64Array.of(count),
    loss,
    lossGradient(z, out) {
      let s = 0;
      for (let j = 0; j < d; j++) s += z[j] as number;
      out.fill(2 * (s - count));
    },
    exact: exactBernoulliGradient(logits, loss),
  };
}
