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

/**
 * What a score-function estimator estimates when that is not the mean of its per-row losses
 * (VIMCO: the K-sample bound; the unordered set: Σ_s p(s)R(S, s) f(s)). `values`: the objective per
 * input. `weights`: per sample row, ∂(Σ values)/∂f_r — the weights a direct term Σ_r w_r f_r on a
 * tape must use where f also depends on parameters itself (a decoder), instead of REINFORCE's 1/m.
 */
export interface SampleObjective {
  readonly values: Float64Array;
  readonly weights: Float64Array;
}

/** A sample whose estimator has its own objective (see SampleObjective); host losses, one per row. */
export interface WeightedObjectiveSample {
  objective(losses: ArrayLike<number>): SampleObjective;
}

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

/**
 * The contract extension for estimators that must evaluate f themselves, away from the sample
 * (MuProp at the mean-field point; REBAR/RELAX at relaxed points): kind `control-variate`.
 * Rather than taking f as a callback (which a tfjs gradient function could not run, and which
 * would tie the estimator to one way of computing ∇f), the sample *names the points* it needs:
 * `sample.points`, tensors shaped like `value`. The caller evaluates its loss there with its own
 * machinery (e.g. `tf.valueAndGrad` through a decoder) and hands back, in the same order, f per row
 * and ∇_z f at each point, next to f at the sample itself.
 */
export interface PointEvaluation<T> {
  /** f at the point, one number per row (a tensor or host numbers). */
  readonly losses: LossValues<T>;
  /** ∇_z f at the point, shaped like the point. */
  readonly gradient: T;
}

export interface ControlVariateUpstream<T> {
  /** f(z) at the sample, one per row of `value` (as for score-function estimators). */
  readonly losses: LossValues<T>;
  /** One evaluation per entry of `sample.points`, in the same order. */
  readonly atPoints: readonly PointEvaluation<T>[];
}

export interface ControlVariateSample<T> extends EstimatorSample<T, ControlVariateUpstream<T>> {
  /** Where f and ∇_z f are wanted, shaped like `value`. The sample owns them (`dispose` releases them). */
  readonly points: readonly T[];
}

export interface ControlVariateEstimator<T> {
  readonly name: string;
  readonly kind: 'control-variate';
  readonly backend: Backend<T>;
  readonly step: number;
  /**
   * Consecutive rows of `value` that share one loss (MuProp's `rowsPerLoss`), whose f is passed
   * once per row; absent = 1. Callers that compute ∇f as the gradient of Σ_rows f divide by it.
   */
  readonly rowsPerLoss?: number;
  sample(logits: T, options?: SampleOptions<T>): Promise<ControlVariateSample<T>>;
  sampleSync(logits: T, options?: SampleOptions<T>): ControlVariateSample<T>;
}

/** Any estimator of this package: what the registry creates and the diagnostics draw from. */
export type AnyEstimator<T> = Estimator<T, T> | Estimator<T, LossValues<T>> | ControlVariateEstimator<T>;

export interface EstimatorOptions<T> {
  /** Seed or stream for every sample's noise: `seed ?? fresh`. */
  readonly seed?: RandomSource;
  /** Default τ (estimators with a temperature); a per-call `tau` overrides it. */
  readonly tau?: TemperatureOption<T>;
}

export type { CounterRng };
