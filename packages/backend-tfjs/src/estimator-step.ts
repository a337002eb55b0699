/**
 * Estimators in a custom tfjs training loop, through their asynchronous API: read-backs are
 * awaited (no stalled webgl pipeline) and each sample is drawn once — unlike `estimatorOp`
 * (ops/estimator-op.ts), which sits inside a tape as an op but draws twice and reads back
 * synchronously. `estimatorGrads` runs one training step in three phases and returns ordinary tfjs
 * gradients for `optimizer.applyGradients`:
 *
 * 1. logits = `logits()` off the tape; `sample = await estimator.sample(logits)`;
 * 2. the upstream the estimator asks for, then `{ dLogits, dTau } = await sample.backward(upstream)`:
 *    - pathwise: dL/dz = tf.grad(loss)(z), `loss` a scalar;
 *    - score-function: the per-row losses f(z) (`loss` gives one per sample row);
 *    - control-variate (MuProp): f(z) per row, and at each of `sample.points` f per row and ∇_z f
 *      = tf.grad(Σ_rows f / N) (N = the estimator's `rowsPerLoss`, rows passing one shared loss);
 * 3. on a tape, the surrogate  direct(z) + Σ logits()·dLogits (+ Σ τ·dTau for a trainable τ tensor),
 *    with z, dLogits and dTau constants: its gradient wrt every variable is the estimator's
 *    gradient chained through the model (encoder) plus the direct term's (decoder).
 * The direct term is the gradient of the objective the estimator estimates, through f's own
 * parameters: L(z) (pathwise); Σ f / m (REINFORCE, m samples per input); Σ_r w_r f_r with the
 * weights of `sample.objective(f)` where the sample has one (VIMCO: w̃ = softmax(−f), the gradient
 * of its bound; the unordered set: p(s)R(S, s)) — Σ f / m there would be the wrong gradient;
 * Σ_rows f / N (control-variate).
 * The result carries the step's sample, disposed: RELAX trains φ with `relax.update(result.sample)`
 * (its variance gradient is host data, computed by `backward`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { GumbelTypeError } from '@gumbel/core';
import type { Backend } from '@gumbel/core';

/** f and ∇_z f at one of a control-variate sample's points (the contract's PointEvaluation). */
export interface TfjsPointEvaluation {
  readonly losses: tf.Tensor | ArrayLike<number>;
  readonly gradient: tf.Tensor;
}

/**
 * What `backward` takes: dL/dz, per-row losses (a tensor or host numbers), or (control-variate)
 * losses plus point evaluations — the union, so every estimator kind's `backward` fits this shape.
 */
export type TfjsUpstream = tf.Tensor | ArrayLike<number> | { readonly losses: tf.Tensor | ArrayLike<number>; readonly atPoints: readonly TfjsPointEvaluation[] };

/** The structural shape of a @gumbel/estimators sample over tf.Tensor. */
export interface TfjsSample {
  readonly value: tf.Tensor;
  readonly tau?: number | tf.Tensor;
  /** Control-variate estimators: where f and ∇f are wanted. */
  readonly points?: readonly tf.Tensor[];
  /** Score-function estimators with an objective of their own (VIMCO, the unordered set). */
  objective?(losses: ArrayLike<number>): { readonly values: Float64Array; readonly weights: Float64Array };
  backward(upstream: TfjsUpstream): Promise<{ readonly dLogits: tf.Tensor; readonly dTau?: tf.Tensor }>;
  dispose(): void;
}

/** The structural shape of a @gumbel/estimators estimator over tf.Tensor (no dependency on it). */
export interface TfjsEstimator<S extends TfjsSample = TfjsSample> {
  readonly name: string;
  readonly kind: 'pathwise' | 'score-function' | 'control-variate';
  readonly backend: Backend<tf.Tensor>;
  /** Control-variate estimators: rows of `value` that share one loss (default 1). */
  readonly rowsPerLoss?: number;
  sample(logits: tf.Tensor, options?: object): Promise<S>;
}

export interface EstimatorStepOptions {
  /** Computes the logits from the model's variables; it runs twice (off and on the tape). */
  readonly logits: () => tf.Tensor;
  /**
   * Pathwise estimators: a scalar loss of the sample. Score-function and control-variate ones: one
   * loss per row of its argument, shape `[rows]` (control-variate ones call it at the sample and at
   * each point, and differentiate it there).
   */
  readonly loss: (value: tf.Tensor) => tf.Tensor;
  /** Variables to differentiate (default: every trainable variable used). */
  readonly varList?: tf.Variable[];
  /** Passed to `estimator.sample` (`tau`, `step`, `seed`). */
  readonly sampleOptions?: object;
}

export interface EstimatorStepResult<S extends TfjsSample = TfjsSample> {
  /**
   * The loss of this step: L(z) (pathwise); the mean per-row loss (REINFORCE, control-variate); the
   * mean per input of the estimator's objective where the sample has one (VIMCO: the negated bound).
   */
  readonly loss: number;
  /** Gradients for `optimizer.applyGradients`; the caller disposes them. */
  readonly grads: tf.NamedTensorMap;
  /**
   * The step's sample, already disposed (its tensors are released; do not read them). What it
   * keeps on the host stays usable — RELAX's `varianceGradient()`, so `relax.update(result.sample)`
   * trains φ on the step's draw.
   */
  readonly sample: S;
}

/** One loss per row of `value`, else a typed error naming the loss function. */
function perRowLosses(loss: (value: tf.Tensor) => tf.Tensor, value: tf.Tensor): tf.Tensor {
  const l = loss(value);
  const rows = value.shape[0] as number;
  if (l.rank !== 1 || l.shape[0] !== rows) {
    const shape = l.shape;
    l.dispose();
    throw new GumbelTypeError('options.loss(value)', shape, `one loss per row, shape [${rows}]`, `shape [${shape.join(', ')}]`);
  }
  return l;
}

/** The upstream of phase 2 and the direct term of phase 3, per kind (see the file header). */
interface Plan {
  readonly upstream: TfjsUpstream;
  /** Tensors made for the upstream, released after `backward`. */
  readonly made: readonly tf.Tensor[];
  readonly direct: (v: tf.Tensor) => tf.Scalar;
  /** The step's reported loss from the direct term's value. */
  readonly report: (directValue: number) => number;
}

async function plan(estimator: TfjsEstimator, sample: TfjsSample, loss: (value: tf.Tensor) => tf.Tensor, batch: number): Promise<Plan> {
  const z = sample.value;
  const rows = z.shape[0] as number;
  if (estimator.kind === 'pathwise') {
    const direct = (v: tf.Tensor) => tf.sum(loss(v)) as tf.Scalar;
    const upstream = tf.grad(direct)(z);
    return { upstream, made: [upstream], direct, report: (d) => d };
  }
  if (estimator.kind === 'control-variate') {
    const N = estimator.rowsPerLoss ?? 1;
    const direct = (v: tf.Tensor) => tf.div(tf.sum(perRowLosses(loss, v)), N) as tf.Scalar;
    const losses = tf.tidy(() => perRowLosses(loss, z));
    const made: tf.Tensor[] = [losses];
    try {
      const atPoints = (sample.points ?? []).map((point) => {
        const evaluation = { losses: tf.tidy(() => perRowLosses(loss, point)), gradient: tf.grad(direct)(point) };
        made.push(evaluation.losses, evaluation.gradient);
        return evaluation;
      });
      return { upstream: { losses, atPoints }, made, direct, report: (d) => (d * N) / rows };
    } catch (error) {
      tf.dispose(made);
      throw error;
    }
  }
  const losses = tf.tidy(() => perRowLosses(loss, z));
  if (typeof sample.objective !== 'function') {
    // REINFORCE: the objective is the mean of f over the m samples of each input.
    const m = rows / batch;
    return { upstream: losses, made: [losses], direct: (v) => tf.div(tf.sum(perRowLosses(loss, v)), m) as tf.Scalar, report: (d) => d / batch };
  }
  let objective: { readonly values: Float64Array; readonly weights: Float64Array };
  try {
    objective = sample.objective(await losses.data());
  } catch (error) {
    losses.dispose();
    throw error;
  }
  const weights = tf.tensor1d(Float32Array.from(objective.weights)); // tfjs takes no Float64Array
  const mean = objective.values.reduce((a, v) => a + v, 0) / objective.values.length;
  return {
    upstream: losses,
    made: [losses, weights],
    direct: (v) => tf.sum(tf.mul(perRowLosses(loss, v), weights)) as tf.Scalar,
    report: () => mean,
  };
}

/** The sample type an estimator draws (a union for a union of estimators). */
type SampleOf<E extends TfjsEstimator> = Awaited<ReturnType<E['sample']>>;

export async function estimatorGrads<E extends TfjsEstimator>(estimator: E, options: EstimatorStepOptions): Promise<EstimatorStepResult<SampleOf<E>>> {
  if (typeof estimator !== 'object' || estimator === null || typeof estimator.sample !== 'function') {
    throw new GumbelTypeError('estimator', estimator, 'an estimator from @gumbel/estimators');
  }
  if (estimator.backend?.name !== 'tfjs') throw new GumbelTypeError('estimator.backend', estimator.backend?.name, 'the tfjs backend (createTfjsBackend())');
  if (typeof options?.logits !== 'function') throw new GumbelTypeError('options.logits', options?.logits, 'a function () => logits');
  if (typeof options.loss !== 'function') throw new GumbelTypeError('options.loss', options.loss, 'a function (value) => loss');

  // A clone (shared data), so a logits() that returns a variable itself is not disposed below.
  const logits = tf.tidy(() => tf.clone(options.logits()));
  const sample = (await estimator.sample(logits, options.sampleOptions)) as SampleOf<E>;
  const z = sample.value;
  let steps: Plan | undefined;
  let gradients: { readonly dLogits: tf.Tensor; readonly dTau?: tf.Tensor } | undefined;
  try {
    steps = await plan(estimator, sample, options.loss, logits.shape[0] as number);
    gradients = await sample.backward(steps.upstream);
    const { direct } = steps;
    const g = gradients;
    const tau = sample.tau;
    const trainableTau = tau instanceof tf.Variable && tau.trainable && g.dTau !== undefined ? tau : undefined;
    let directValue = 0;
    const { value, grads } = tf.variableGrads(() => {
      const d = direct(z);
      directValue = d.dataSync()[0] as number;
      let surrogate = tf.add(d, tf.sum(tf.mul(options.logits(), g.dLogits)));
      if (trainableTau !== undefined) surrogate = tf.add(surrogate, tf.sum(tf.mul(trainableTau, g.dTau as tf.Tensor)));
      return surrogate as tf.Scalar;
    }, options.varList);
    value.dispose();
    return { loss: steps.report(directValue), grads, sample };
  } finally {
    tf.dispose([logits, z]);
    if (steps !== undefined) tf.dispose([...steps.made]);
    if (gradients !== undefined) tf.dispose([gradients.dLogits, ...(gradients.dTau === undefined ? [] : [gradients.dTau])]);
    sample.dispose();
  }
}
