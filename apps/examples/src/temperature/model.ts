/**
 * The hierarchical model of the temperature example:
 *   τ ~ LogNormal(0, 1)  (so u = log τ ~ Normal(0, 1)),   θ_i ~ Normal(0, 1) (i = 1 … k),
 *   y_n ~ RelaxedOneHotCategorical(softmax θ, τ)   (n = 1 … N, observed on the simplex).
 * The unknowns live in R^(k+1) as z = (u, θ). `logPosterior` returns log p(z | y) up to a constant
 * and its gradient, the likelihood's part through RelaxedOneHotCategorical.logProbVjp (gradients
 * wrt the logits and τ, summed over the N observations by the broadcast).
 */
import type { Backend } from '@gumbel/core';
import { RelaxedOneHotCategorical } from '@gumbel/distributions';

export interface Evaluated {
  readonly value: number;
  readonly gradient: Float64Array;
}

export function makeLogPosterior<T>(backend: Backend<T>, y: T): (z: Float64Array) => Evaluated {
  const n = backend.shapeOf(y)[0] as number;
  const k = backend.shapeOf(y)[1] as number;
  const ones = backend.fromArray(new Array(n).fill(1), [n]);
  return (z) => {
    const u = z[0] as number;
    const tau = Math.exp(u);
    const logits = backend.fromArray(z.subarray(1), [k]);
    // validateArgs stays on: every step checks the parameters and that y is on the simplex.
    const lp = new RelaxedOneHotCategorical({ backend, logits, temperature: tau }).logProbVjp(y);
    const likelihood = Array.from(backend.toArraySync(lp.value)).reduce((a, b) => a + b, 0);
    const grads = lp.backwardSync(ones);
    const dLogits = backend.toArraySync(grads.logits as T);
    const dTau = (backend.toArraySync(grads.temperature as T)[0] as number) * tau; // dτ/du = τ
    backend.dispose(logits, lp.value, grads.logits as T, grads.temperature as T);
    let prior = -0.5 * u * u;
    const gradient = new Float64Array(k + 1);
    gradient[0] = dTau - u;
    for (let i = 0; i < k; i++) {
      const t = z[i + 1] as number;
      prior -= 0.5 * t * t;
      gradient[i + 1] = (dLogits[i] as number) - t;
    }
    return { value: likelihood + prior, gradient };
  };
}
