/**
 * The estimator contract. An estimator turns logits into a sample and a rule for the gradient of
 * a downstream loss wrt the logits (and τ): `sample(logits, opts) → { value, backward(upstream) }`.
 * `upstream` is dL/dz for pathwise estimators and the per-sample loss f(z) for score-function ones.
 * `sample` and `backward` are async: some estimators read intermediate tensors back to the host
 * (toArray is async on GPU backends), and one signature lets callers and diagnostics treat them
 * alike. `sampleSync` and `backwardSync` are the same computation with blocking read-backs
 * (`Backend.toArraySync`), for callers that cannot await, such as a tfjs gradient function; on a
 * GPU backend each read stalls the pipeline, so prefer the async forms where you can.
 */
import type { Backend, CounterRng, RandomSource, Temperature } from '@gumbel/core';

/** A temperature schedule from core, e.g. `exponentialDecaySchedule(...)`: step → τ. */
export type TemperatureSchedule = (step: number) => number;

/** τ: one number, a `[batch]` tensor (one τ per row), or a schedule evaluated at the current step. */
export type TemperatureOption<T> = Temperature<T> | TemperatureSchedule;

export interface SampleOptions<T> {
  /** Overrides the estimator's τ for this call. */
  readonly tau?: TemperatureOption<T>;
  /** The step a schedule is evaluated at; default the estimator's own counter (calls to `sample`). */
  readonly step?: number;
  /**
   * Noise for this call: a seed (a fresh stream from position 0) or a `CounterRng` that advances.
   * Default: the estimator's own stream (from its `seed` option, `seed ?? fresh`).
   */
  readonly seed?: RandomSource;
}

export interface EstimatorGradients<T> {
  /** The estimated dL/dlogits, shaped like the logits. */
  readonly dLogits: T;
  /** dL/dτ, shaped like τ (`[]` for a number or a schedule, `[batch]` per row); only where τ is differentiable. */
  readonly dTau?: T;
}

export interface EstimatorSample<T, U> {
  /** The sample handed to the downstream computation (a one-hot, a relaxed vector or bits). */
  readonly value: T;
  /** The τ this sample used, when the estimator has one (a number, or the per-row tensor). */
  readonly tau?: number | T;
  /**
   * The gradient estimate. Calling it twice gives the same answer (random draws of the backward
   * pass come from a stream fixed at sample time). The caller owns the returned tensors.
   */
  backward(upstream: U): Promise<EstimatorGradients<T>>;
  /** `backward` with synchronous read-backs: the same gradients, returned directly. */
  backwardSync(upstream: U): EstimatorGradients<T>;
  /**
   * Release the intermediates this sample keeps for its backward pass. `value` is the caller's to
   * dispose, after `backward` (some backward passes read it, e.g. ReinMax's one-hot, the relaxed y).
   */
  dispose(): void;
}

/** The per-sample loss of score-function estimators: a tensor or host numbers, one per sample row. */
export type LossValues<T> = T | ArrayLike<number>;

export interface Estimator<T, U> {
  /** e.g. `relaxed-gumbel-softmax`, `reinforce`. */
  readonly name: string;
  /** `pathwise`: upstream is dL/dz. `score-function`: upstream is f(z) per sample row. */
  readonly kind: 'pathwise' | 'score-function';
  readonly backend: Backend<T>;
  /** How many `sample` calls so far: the step a schedule is evaluated at when none is given. */
  readonly step: number;
  sample(logits: T, options?: SampleOptions<T>): Promise<EstimatorSample<T, U>>;
  /** `sample` with synchronous read-backs: the same draw (same stream, same step), returned directly. */
  sampleSync(logits: T, options?: SampleOptions<T>): EstimatorSample<T, U>;
}

export type PathwiseEstimator<T> = Estimator<T, T>;
export type ScoreFunctionEstimator<T> = Estimator<T, LossValues<T>>;

export interface EstimatorOptions<T> {
  /** Seed or stream for every sample's noise: `seed ?? fresh`. */
  readonly seed?: RandomSource;
  /** Default τ (estimators with a temperature); a per-call `tau` overrides it. */
  readonly tau?: TemperatureOption<T>;
}

export type { CounterRng };
