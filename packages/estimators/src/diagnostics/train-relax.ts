/**
 * Trains a RELAX estimator's control variate on a toy problem: the loop a model's training step
 * runs (sample, evaluate f at the sample and f, ∇f at the sample's points, backward, update),
 * with the toy problem's f. Used by the bias/variance report (RELAX rows are measured with φ
 * trained, then frozen) and the tests.
 */
import type { RelaxEstimator } from '../relax.js';
import { evaluateAt } from './draw-gradients.js';
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
  const { k } = problem;
  const chunk = options.chunk ?? 500;
  const tiled = new Float64Array(chunk * k);
  for (let r = 0; r < chunk; r++) tiled.set(problem.logits, r * k);
  const logits = backend.fromArray(tiled, [chunk, k]);
  try {
    for (let step = 0; step < options.steps; step++) {
      const sample = await estimator.sample(logits, options.tau === undefined ? {} : { tau: options.tau });
      const z = await backend.toArray(sample.value);
      const losses = Float64Array.from({ length: chunk }, (_, r) => problem.loss(z.subarray(r * k, (r + 1) * k)));
      const atPoints = [];
      for (const point of sample.points) atPoints.push(await evaluateAt(backend, problem, point));
      const { dLogits } = await sample.backward({ losses, atPoints });
      estimator.update(sample);
      backend.dispose(dLogits, sample.value, ...atPoints.map((a) => a.gradient));
      sample.dispose();
    }
  } finally {
    backend.dispose(logits);
  }
}
