/**
 * Estimators in a custom tfjs training loop, through their asynchronous API: read-backs are
 * awaited (no stalled webgl pipeline) and each sample is drawn once — unlike `estimatorOp`
 * (ops/estimator-op.ts), which sits inside a tape as an op but draws twice and reads back
 * synchronously. `estimatorGrads` runs one training step in three phases and returns ordinary tfjs
 * gradients for `optimizer.applyGradients`:
 *
 * 1. logits = `logits()` off the tape; `sample = await estimator.sample(logits)`;
 * 2. the upstream the estimator asks for: dL/dz = tf.grad(loss)(z) (pathwise) or the per-row
 *    losses f(z) (score-function); `{ dLogits, dTau } = await sample.backward(upstream)`;
 * 3. on a tape, the surrogate  loss(z) + Σ logits()·dLogits (+ Σ τ·dTau for a trainable τ tensor),
 *    with z, dLogits and dTau constants: its gradient wrt every variable is the estimator's
 *    gradient chained through the model (encoder) plus the direct gradient of the loss (decoder).
 * Score-function losses are per sample row; their direct term is Σ f / m (m samples per input),
 * the objective whose gradient REINFORCE's dLogits estimates.
 */
import * as tf from '@tensorflow/tfjs-core';
import { GumbelTypeError } from '@gumbel/core';
import type { Backend } from '@gumbel/core';

/** The structural shape of a @gumbel/estimators estimator over tf.Tensor (no dependency on it). */
export interface TfjsEstimator {
  readonly name: string;
  readonly kind: 'pathwise' | 'score-function';
  readonly backend: Backend<tf.Tensor>;
  sample(logits: tf.Tensor, options?: object): Promise<{
    readonly value: tf.Tensor;
    readonly tau?: number | tf.Tensor;
    backward(upstream: tf.Tensor): Promise<{ readonly dLogits: tf.Tensor; readonly dTau?: tf.Tensor }>;
    dispose(): void;
  }>;
}

export interface EstimatorStepOptions {
  /** Computes the logits from the model's variables; it runs twice (off and on the tape). */
  readonly logits: () => tf.Tensor;
  /** Pathwise estimators: a scalar loss of the sample. Score-function ones: one loss per sample row. */
  readonly loss: (value: tf.Tensor) => tf.Tensor;
  /** Variables to differentiate (default: every trainable variable used). */
  readonly varList?: tf.Variable[];
  /** Passed to `estimator.sample` (`tau`, `step`, `seed`). */
  readonly sampleOptions?: object;
}

export interface EstimatorStepResult {
  /** The loss of this step: L(z) (pathwise) or the mean per-row loss (score-function). */
  readonly loss: number;
  /** Gradients for `optimizer.applyGradients`; the caller disposes them. */
  readonly grads: tf.NamedTensorMap;
}

export async function estimatorGrads(estimator: TfjsEstimator, options: EstimatorStepOptions): Promise<EstimatorStepResult> {
  if (typeof estimator !== 'object' || estimator === null || typeof estimator.sample !== 'function') {
    throw new GumbelTypeError('estimator', estimator, 'an estimator from @gumbel/estimators');
  }
  if (estimator.backend?.name !== 'tfjs') throw new GumbelTypeError('estimator.backend', estimator.backend?.name, 'the tfjs backend (createTfjsBackend())');
  if (typeof options?.logits !== 'function') throw new GumbelTypeError('options.logits', options?.logits, 'a function () => logits');
  if (typeof options.loss !== 'function') throw new GumbelTypeError('options.loss', options.loss, 'a function (value) => loss');

  // A clone (shared data), so a logits() that returns a variable itself is not disposed below.
  const logits = tf.tidy(() => tf.clone(options.logits()));
  const sample = await estimator.sample(logits, options.sampleOptions);
  const z = sample.value;
  const pathwise = estimator.kind === 'pathwise';
  const rowsPerInput = (z.shape[0] as number) / (logits.shape[0] as number);
  const direct = (v: tf.Tensor): tf.Scalar => {
    const l = options.loss(v);
    return (pathwise ? tf.sum(l) : tf.div(tf.sum(l), rowsPerInput)) as tf.Scalar;
  };
  let upstream: tf.Tensor | undefined;
  let gradients: { readonly dLogits: tf.Tensor; readonly dTau?: tf.Tensor } | undefined;
  try {
    upstream = pathwise ? tf.grad((v: tf.Tensor) => direct(v))(z) : tf.tidy(() => options.loss(z));
    gradients = await sample.backward(upstream);
    const g = gradients;
    const tau = sample.tau;
    const trainableTau = tau instanceof tf.Variable && tau.trainable && g.dTau !== undefined ? tau : undefined;
    let lossValue = 0;
    const { value, grads } = tf.variableGrads(() => {
      const d = direct(z);
      lossValue = d.dataSync()[0] as number;
      let surrogate = tf.add(d, tf.sum(tf.mul(options.logits(), g.dLogits)));
      if (trainableTau !== undefined) surrogate = tf.add(surrogate, tf.sum(tf.mul(trainableTau, g.dTau as tf.Tensor)));
      return surrogate as tf.Scalar;
    }, options.varList);
    value.dispose();
    // Score-function: lossValue = Σ f / m, so the mean per-row loss is lossValue / batch.
    return { loss: pathwise ? lossValue : lossValue / (logits.shape[0] as number), grads };
  } finally {
    tf.dispose([logits, z]);
    if (upstream !== undefined) upstream.dispose();
    if (gradients !== undefined) tf.dispose([gradients.dLogits, ...(gradients.dTau === undefined ? [] : [gradients.dTau])]);
    sample.dispose();
  }
}
