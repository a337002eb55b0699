/**
 * The seam between the math and the machines. A backend owns its tensor type `T` (typed arrays,
 * GPU textures, tf.Tensors) and implements these kernels on it; estimators and apps are written
 * once against `Backend<T>`. Backends are passed explicitly and never fall back silently.
 *
 * Shape conventions: categorical tensors are `[batch, k]`, reduced along the last axis (the k
 * classes of one row). A per-row temperature is a tensor of shape `[batch]`. Per-row results
 * (argmax, log-densities) have shape `[batch]`. A gradient wrt τ has τ's shape: `[]` (a scalar
 * tensor) for a number τ, `[batch]` for a per-row τ.
 */
import type { RandomSource } from './counter-rng.js';

export type FloatPrecision = 32 | 64;
export type Shape = readonly number[];

/** τ: one number for all rows, or a `[batch]` tensor with one temperature per row. */
export type Temperature<T> = number | T;

/** τ after the argument checks, resolved against a batch: one number for every row, or a `[batch]` tensor. */
export type ResolvedTemperature<T> =
  | { readonly kind: 'scalar'; readonly value: number }
  | { readonly kind: 'rows'; readonly tensor: T };

/** What a backend can do. Conformance cases and callers gate on these flags, never on names. */
export interface BackendCapabilities {
  /** Noise generated on the backend from a seed or `CounterRng`. */
  readonly seededNoise: boolean;
  /** Noise from uniforms the host supplies; equal uniforms give equal samples on every backend. */
  readonly hostUniforms: boolean;
  /** Vector-Jacobian products of the differentiable kernels, wrt logits and τ. */
  readonly gradients: boolean;
  /** τ as a `[batch]` tensor. */
  readonly perRowTemperature: boolean;
  /** Gumbel-top-k sampling without replacement. */
  readonly topK: boolean;
  /** Concrete, ExpConcrete and BinConcrete log-densities (and their VJPs if `gradients`). */
  readonly densities: boolean;
  /** Relaxed and hard Bernoulli (logistic noise). */
  readonly bernoulli: boolean;
  /** Gumbels conditioned on the argmax (Gumbel-Rao). */
  readonly conditionalGumbel: boolean;
}

/** Gradients of a scalar loss wrt a kernel's differentiable inputs. */
export interface Gradients<T> {
  /** dL/dlogits, shaped like the logits. */
  readonly dLogits: T;
  /** dL/dτ, shaped like τ: `[]` for a number τ, `[batch]` for a per-row τ. */
  readonly dTau: T;
}

/**
 * Gradients of a log-density: also wrt the point where it was evaluated (y, or x = log y), as free
 * partial derivatives ∂/∂y_i of the formula (not a derivative along the simplex). Entries at masked
 * classes are 0.
 */
export interface DensityGradients<T> extends Gradients<T> {
  readonly dValue: T;
}

/** The inputs of a (possibly perturbed) tempered softmax: s = (logits + noise) / τ. */
export interface RelaxedArgs<T> {
  readonly logits: T;
  readonly tau: Temperature<T>;
  /** Gumbel noise for categorical kernels, logistic noise for Bernoulli ones; omitted = none. */
  readonly noise?: T;
}

export interface DensityArgs<T> {
  readonly logits: T;
  readonly tau: Temperature<T>;
}

export interface Backend<T> {
  /** e.g. `cpu`, `gpujs`, `tfjs`. */
  readonly name: string;
  /** What actually runs: `js`, `wasm-simd`, `webgl2`, `cpu`… — reported, never hidden. */
  readonly mode: string;
  /** 32 or 64: the precision of every tensor this backend makes. Tests take tolerances from it. */
  readonly floatPrecision: FloatPrecision;
  readonly supports: BackendCapabilities;

  // --- tensors -----------------------------------------------------------------------------
  /** A tensor from row-major values; throws if `values.length` ≠ the product of `shape`. */
  fromArray(values: ArrayLike<number>, shape: Shape): T;
  /** Row-major values in the backend's precision (async: GPU backends read back). */
  toArray(tensor: T): Promise<Float32Array | Float64Array>;
  /**
   * The same values, read synchronously. On GPU backends this blocks until the device is done (a
   * pipeline stall), so prefer `toArray` in loops; it exists for callers that must be synchronous,
   * e.g. a gradient function inside `tf.customGrad`.
   */
  toArraySync(tensor: T): Float32Array | Float64Array;
  shapeOf(tensor: T): Shape;
  /** Release device memory. Disposing a tensor twice is harmless. */
  dispose(...tensors: readonly T[]): void;

  // --- noise (capability `seededNoise`, and `hostUniforms` for the *FromUniforms forms) -----
  /** Uniforms in (0, 1): position i of the source's block feeds element i (row-major). */
  uniformNoise(shape: Shape, source: RandomSource): T;
  /** Standard Gumbel noise −log(−log u) from the same uniforms `uniformNoise` would draw. */
  gumbelNoise(shape: Shape, source: RandomSource): T;
  gumbelFromUniforms(uniforms: T): T;
  /** Standard logistic noise log u − log(1 − u). */
  logisticNoise(shape: Shape, source: RandomSource): T;
  logisticFromUniforms(uniforms: T): T;
  /**
   * Gumbel noise g such that argmax(logits + g) = index per row, distributed as unconditioned
   * noise given that event (the "reverse Gumbel" of Gumbel-Rao). `index` is `[batch]`.
   * Entries of masked (−∞) classes are ordinary Gumbel draws. Capability `conditionalGumbel`.
   */
  conditionalGumbelNoise(logits: T, index: T, source: RandomSource): T;

  // --- categorical -----------------------------------------------------------------------------
  /** log y = log_softmax((logits + noise) / τ) per row: the relaxed sample in log space. */
  relaxedLogSample(args: RelaxedArgs<T>): T;
  relaxedLogSampleVjp(args: RelaxedArgs<T> & { readonly logY: T; readonly dLogY: T }): Gradients<T>;
  /** y = softmax((logits + noise) / τ) per row: the relaxed (Gumbel-Softmax) sample. */
  relaxedSample(args: RelaxedArgs<T>): T;
  relaxedSampleVjp(args: RelaxedArgs<T> & { readonly y: T; readonly dy: T }): Gradients<T>;
  /**
   * The straight-through pair: `hard` = one-hot of argmax(logits + noise), `soft` = the relaxed
   * sample. Its backward pass is `relaxedSampleVjp` with y = soft and dy = dL/dhard.
   */
  straightThroughSample(args: RelaxedArgs<T>): { readonly hard: T; readonly soft: T };
  /**
   * The exact sample of the Gumbel-max trick: one-hot `[batch, k]` of argmax(logits + noise) per
   * row (with Gumbel noise, a draw from softmax(logits)); no noise = the mode. Masked (−∞) classes
   * are never chosen; ties go to the lowest index. Not differentiable: it is what score-function
   * estimators sample, and the `hard` half of `straightThroughSample` without the soft half.
   */
  gumbelMax(args: { readonly logits: T; readonly noise?: T }): T;
  /** Row argmax as a `[batch]` tensor of indices; ties go to the lowest index. */
  argmax(x: T): T;
  /** One-hot `[batch, k]` of the row argmax (same tie rule). */
  oneHotArgmax(x: T): T;
  /**
   * Indices `[batch, count]` of the `count` largest entries of logits + noise, largest first (ties:
   * lowest index first) — with Gumbel noise, `count` classes sampled without replacement.
   */
  topK(args: { readonly logits: T; readonly noise?: T; readonly count: number }): T;

  // --- Bernoulli (capability `bernoulli`): logits of any rank ≥ 1, elementwise; a per-row τ has
  // shape [logits.shape[0]] and applies along the leading axis. A −∞ logit is probability 0, +∞
  // probability 1 (sure outcomes: y exactly 0 / 1); with a finite logit y stays in (0, 1). ----
  /** y = σ((logits + noise) / τ), noise logistic. */
  relaxedBernoulli(args: RelaxedArgs<T>): T;
  relaxedBernoulliVjp(args: RelaxedArgs<T> & { readonly y: T; readonly dy: T }): Gradients<T>;
  /** 1 where logits + noise > 0, else 0: the exact Bernoulli sample the relaxation approximates. */
  hardBernoulli(args: { readonly logits: T; readonly noise?: T }): T;

  // --- densities (capability `densities`) --------------------------------------------------------
  /**
   * log p(y) of Concrete(logits, τ) on the simplex, per row → `[batch]`. Masked classes are dropped
   * (a Concrete over the unmasked classes); values of y there are ignored. y must be on the simplex
   * (support.ts); at a boundary point (an unmasked y_i = 0) the value is the radial limit.
   */
  concreteLogProb(args: DensityArgs<T> & { readonly y: T }): T;
  concreteLogProbVjp(args: DensityArgs<T> & { readonly y: T; readonly dOut: T }): DensityGradients<T>;
  /** log p(x) of ExpConcrete(logits, τ), x = log y, per row → `[batch]`. */
  expConcreteLogProb(args: DensityArgs<T> & { readonly x: T }): T;
  expConcreteLogProbVjp(args: DensityArgs<T> & { readonly x: T; readonly dOut: T }): DensityGradients<T>;
  /**
   * log p(y) of BinConcrete(logit, τ) for y in [0, 1], elementwise (the limits at y ∈ {0, 1} and for
   * logits ±∞: edge-limits.ts); `dOut` has the logits' shape.
   */
  binConcreteLogProb(args: DensityArgs<T> & { readonly y: T }): T;
  binConcreteLogProbVjp(args: DensityArgs<T> & { readonly y: T; readonly dOut: T }): DensityGradients<T>;
}
