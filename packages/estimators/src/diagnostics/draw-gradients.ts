/**
 * Draws n gradient estimates of the toy problem from any estimator on any backend: the logits are
 * tiled into a `[chunk, k]` batch, so one `sample`/`backward` call yields `chunk` independent draws
 * (each row has its own noise). Pathwise estimators get dL/dz = 2(z − t) at their sample; score-
 * function ones get f(z) per sample row; control-variate ones f(z) and, at each of their points,
 * f and ∇f there. Everything flows through the backend's tensors.
 */
import { GumbelRangeError } from '@gumbel/core';
import type { Backend } from '@gumbel/core';
import type { AnyEstimator, ControlVariateSample, EstimatorGradients, PointEvaluation } from '../types.js';
import type { ToyProblem } from './toy-problem.js';

export interface DrawOptions {
  /** τ for estimators that have one (ignored by score-function ones). */
  readonly tau?: number;
  /** n, the number of gradient draws (a multiple of `chunk`). */
  readonly draws: number;
  /** Rows per call (default 500). */
  readonly chunk?: number;
  /** Calls made and discarded first, e.g. so an EMA baseline has warmed up (default 0). */
  readonly warmupCalls?: number;
}

export async function drawGradients<T>(estimator: AnyEstimator<T>, problem: ToyProblem, options: DrawOptions): Promise<Float64Array> {
  const { backend } = estimator;
  const { k } = problem;
  const chunk = options.chunk ?? 500;
  if (!(Number.isInteger(options.draws) && options.draws > 0 && options.draws % chunk === 0)) {
    throw new GumbelRangeError('draws', options.draws, `a positive multiple of chunk (${chunk})`);
  }
  const logits = tiledLogits(backend, problem, chunk);
  const out = new Float64Array(options.draws * k);
  const calls = (options.warmupCalls ?? 0) + options.draws / chunk;
  const grad = new Float64Array(k);
  try {
    for (let call = 0; call < calls; call++) {
      const sample = await estimator.sample(logits, options.tau === undefined ? {} : { tau: options.tau });
      const z = await backend.toArray(sample.value);
      const rows = z.length / k;
      const made: T[] = [];
      let gradients: EstimatorGradients<T>;
      if (estimator.kind === 'pathwise') {
        const dy = new Float64Array(rows * k);
        for (let r = 0; r < rows; r++) {
          problem.lossGradient(z.subarray(r * k, (r + 1) * k), grad);
          dy.set(grad, r * k);
        }
        const upstream = backend.fromArray(dy, [rows, k]);
        made.push(upstream);
        gradients = await (sample.backward as (u: T) => Promise<EstimatorGradients<T>>)(upstream);
      } else if (estimator.kind === 'score-function') {
        gradients = await (sample.backward as (u: Float64Array) => Promise<EstimatorGradients<T>>)(rowLosses(problem, z, k));
      } else {
        gradients = await controlVariateGradients(backend, problem, sample as ControlVariateSample<T>, z, made);
      }
      const { dLogits, dTau } = gradients;
      const values = await backend.toArray(dLogits);
      backend.dispose(dLogits, sample.value, ...(dTau === undefined ? [] : [dTau]), ...made);
      sample.dispose();
      const first = call - (options.warmupCalls ?? 0);
      if (first >= 0) out.set(values, first * chunk * k);
    }
  } finally {
    backend.dispose(logits);
  }
  return out;
}

/** The problem's logits tiled into a `[chunk, k]` batch: one call then gives `chunk` independent draws. */
export function tiledLogits<T>(backend: Backend<T>, problem: ToyProblem, chunk: number): T {
  const { k } = problem;
  const tiled = new Float64Array(chunk * k);
  for (let r = 0; r < chunk; r++) tiled.set(problem.logits, r * k);
  return backend.fromArray(tiled, [chunk, k]);
}

/**
 * A control-variate sample's backward with the problem's f at the sample `z` (its value, read back)
 * and f, ∇f at each of its points; the ∇f tensors it makes are pushed to `made` for the caller to
 * dispose with the gradients.
 */
export async function controlVariateGradients<T>(
  backend: Backend<T>, problem: ToyProblem, sample: ControlVariateSample<T>, z: Float32Array | Float64Array, made: T[],
): Promise<EstimatorGradients<T>> {
  const atPoints: PointEvaluation<T>[] = [];
  for (const point of sample.points) {
    const evaluation = await evaluateAt(backend, problem, point);
    made.push(evaluation.gradient);
    atPoints.push(evaluation);
  }
  return sample.backward({ losses: rowLosses(problem, z, problem.k), atPoints });
}

/** f(z) of every row of a sample. */
function rowLosses(problem: ToyProblem, z: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> }, k: number): Float64Array {
  const rows = z.length / k;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) out[r] = problem.loss(z.subarray(r * k, (r + 1) * k));
  return out;
}

/** f and ∇f at one of a control-variate sample's points, row by row. */
export async function evaluateAt<T>(backend: Backend<T>, problem: ToyProblem, point: T): Promise<PointEvaluation<T>> {
  const { k } = problem;
  const x = await backend.toArray(point);
  const rows = x.length / k;
  const gradient = new Float64Array(rows * k);
  const grad = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    problem.lossGradient(x.subarray(r * k, (r + 1) * k), grad);
    gradient.set(grad, r * k);
  }
  return { losses: rowLosses(problem, x, k), gradient: backend.fromArray(gradient, backend.shapeOf(point)) };
}
