/**
 * Draws n gradient estimates of the toy problem from any estimator on any backend: the logits are
 * tiled into a `[chunk, k]` batch, so one `sample`/`backward` call yields `chunk` independent draws
 * (each row has its own noise). Pathwise estimators get dL/dz = 2(z − t) at their sample; score-
 * function ones get f(z) per sample row. Everything flows through the backend's tensors.
 */
import { GumbelRangeError } from '@gumbel/core';
import type { Estimator, LossValues } from '../types.js';
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

export async function drawGradients<T>(estimator: Estimator<T, T> | Estimator<T, LossValues<T>>, problem: ToyProblem, options: DrawOptions): Promise<Float64Array> {
  const { backend } = estimator;
  const { k } = problem;
  const chunk = options.chunk ?? 500;
  if (!(Number.isInteger(options.draws) && options.draws > 0 && options.draws % chunk === 0)) {
    throw new GumbelRangeError('draws', options.draws, `a positive multiple of chunk (${chunk})`);
  }
  const tiled = new Float64Array(chunk * k);
  for (let r = 0; r < chunk; r++) tiled.set(problem.logits, r * k);
  const logits = backend.fromArray(tiled, [chunk, k]);
  const out = new Float64Array(options.draws * k);
  const calls = (options.warmupCalls ?? 0) + options.draws / chunk;
  const grad = new Float64Array(k);
  try {
    for (let call = 0; call < calls; call++) {
      const sample = await estimator.sample(logits, options.tau === undefined ? {} : { tau: options.tau });
      const z = await backend.toArray(sample.value);
      const rows = z.length / k;
      let upstream: T | Float64Array;
      if (estimator.kind === 'pathwise') {
        const dy = new Float64Array(rows * k);
        for (let r = 0; r < rows; r++) {
          problem.lossGradient(z.subarray(r * k, (r + 1) * k), grad);
          dy.set(grad, r * k);
        }
        upstream = backend.fromArray(dy, [rows, k]);
      } else {
        upstream = new Float64Array(rows);
        for (let r = 0; r < rows; r++) upstream[r] = problem.loss(z.subarray(r * k, (r + 1) * k));
      }
      const { dLogits, dTau } = await (sample.backward as (u: T | Float64Array) => ReturnType<typeof sample.backward>)(upstream);
      const values = await backend.toArray(dLogits);
      backend.dispose(dLogits, sample.value, ...(dTau === undefined ? [] : [dTau]), ...(upstream instanceof Float64Array ? [] : [upstream]));
      sample.dispose();
      const first = call - (options.warmupCalls ?? 0);
      if (first >= 0) out.set(values, first * chunk * k);
    }
  } finally {
    backend.dispose(logits);
  }
  return out;
}
