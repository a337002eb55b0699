/**
 * The two calling conventions of every estimator, from one body. An estimator's draw and its
 * backward pass are generators over host read-backs (host-reads.ts); these helpers give each the
 * async form (`sample`, `backward`: any backend, GPU read-backs awaited) and the sync form
 * (`sampleSync`, `backwardSync`: blocking read-backs, for synchronous callers such as a
 * `tf.customGrad` gradient function).
 */
import type { Backend } from '@gumbel/core';
import { runAsync, runSync } from './host-reads.js';
import type { Reading } from './host-reads.js';
import type { EstimatorState } from './options.js';
import type { ControlVariateEstimator, ControlVariateSample, EstimatorGradients, EstimatorSample, PathwiseEstimator, SampleOptions } from './types.js';

/** A sample as an estimator body builds it: its backward pass is a reading. */
export interface SampleParts<T, U> {
  readonly value: T;
  readonly tau?: number | T;
  backward(upstream: U): Reading<T, EstimatorGradients<T>>;
  dispose(): void;
}

/** Give a sample both backward forms; every other property (e.g. REINFORCE's `indices`) is kept. */
export function finishSample<T, U, P extends SampleParts<T, U>>(backend: Backend<T>, parts: P): EstimatorSample<T, U> & Omit<P, keyof SampleParts<T, U>> {
  const body = parts.backward.bind(parts);
  return {
    ...parts,
    backward: (upstream: U) => runAsync(backend, body(upstream)),
    backwardSync: (upstream: U) => runSync(backend, body(upstream)),
  };
}

/** `sample` and `sampleSync` from one draw body. */
export function samplers<T, S>(
  backend: Backend<T>,
  draw: (logits: T, options: SampleOptions<T> | undefined) => Reading<T, S>,
): { sample(logits: T, options?: SampleOptions<T>): Promise<S>; sampleSync(logits: T, options?: SampleOptions<T>): S } {
  return {
    sample: (logits, options) => runAsync(backend, draw(logits, options)),
    sampleSync: (logits, options) => runSync(backend, draw(logits, options)),
  };
}

/**
 * The estimator object every pathwise estimator is: its name, the step counter of its state and
 * both sampling forms of its draw body; `extra` adds read-only facts (e.g. Gumbel-Rao's K).
 */
export function definePathwise<T, Extra extends object = object>(
  backend: Backend<T>,
  name: string,
  state: EstimatorState,
  draw: (logits: T, options: SampleOptions<T> | undefined) => Reading<T, EstimatorSample<T, T>>,
  extra?: Extra,
): PathwiseEstimator<T> & Extra {
  return {
    ...(extra as Extra),
    name,
    kind: 'pathwise',
    backend,
    get step() {
      return state.step;
    },
    ...samplers(backend, draw),
  };
}

/**
 * The estimator object of a control-variate estimator (types.ts: the sample names points where the
 * caller evaluates f and ∇_z f): name, step counter and both sampling forms of its draw body.
 */
export function defineControlVariate<T>(
  backend: Backend<T>,
  name: string,
  state: EstimatorState,
  draw: (logits: T, options: SampleOptions<T> | undefined) => Reading<T, ControlVariateSample<T>>,
  extra: { readonly rowsPerLoss?: number } = {},
): ControlVariateEstimator<T> {
  return {
    ...extra,
    name,
    kind: 'control-variate',
    backend,
    get step() {
      return state.step;
    },
    ...samplers(backend, draw),
  };
}
