/**
 * Trains a RELAX estimator's control variate on a toy problem: the loop a model's training step
 * runs (sample, evaluate f at the sample and f, ∇f at the sample's points, backward, update),
 * with the toy problem's f. Used by the bias/variance report (RELAX rows are measured with φ
 * trained, then frozen) and the tests.
 */
import type { RelaxEstimator } from '../relax.js';
import { controlVariateGradients, tiledLogits } from './draw-gradients.js';
import type { ToyProblem } from './toy-problem.js';

export interface TrainOptions {
  /** Adam steps (one `update` per step). */
  readonly steps: number;
  /** Rows per step: the minibatch of the variance gradient (default 500). */
  readonly chunk?: number;
  /** λ (the estimator's τ) to train at; default the estimator's own. */
  readonly tau?: number;
}

export async function trainRelax<T>(estimator: RelaxEstimator<T>, problem: ToyProblem, options: TrainOptions): Promise<void> {
  const { backend } = estimator;
  const logits = tiledLogits(backend, problem, options.chunk ?? 500);
  try {
    for (let step = 0; step < options.steps; step++) {
      const sample = await estimator.sample(logits, options.tau === undefined ? {} : { tau: options.tau });
      const made: T[] = [];
      const { dLogits, dTau } = await controlVariateGradients(backend, problem, sample, await backend.toArray(sample.value), made);
      estimator.update(sample);
      backend.dispose(dLogits, sample.value, ...(dTau === undefined ? [] : [dTau]), ...made);
      sample.dispose();
    }
  } finally {
    backend.dispose(logits);
  }
}
