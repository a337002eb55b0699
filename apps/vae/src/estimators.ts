/**
 * One training step of the VAE for each estimator: the gradient of the mean per-image −ELBO
 * (analytic KL, Bernoulli reconstruction) with respect to every parameter.
 *
 * - `relaxed-gs`, `st-gs`: our tfjs op gumbelSoftmax (hard for ST) inside tf.variableGrads, so the
 *   whole model is differentiated end to end on the tape. `annealed-st` (slope-annealed ST, the
 *   paper's "Annealed ST") likewise, with the op of annealed-st.ts.
 *   `st` (plain straight-through, Bengio et al. 2013: the paper's "ST") is the same op at a fixed
 *   τ = 1: one-hot sample forward, ∂softmax(logits) backward, no Gumbel noise and no temperature.
 * - `gumbel-rao`, `reinmax`, `darn`: @gumbel/estimators estimators (pathwise, async) through
 *   backend-tfjs's `estimatorGrads` adapter; τ is raised to the registry entry's `minTau` (ReinMax: 1).
 * - `reinforce-ema`, `reinforce-loo`: score function. estimatorGrads assumes one loss per logits row,
 *   but here the N latent rows of an image share one loss f(x, z_1..N), so this file runs the three
 *   phases itself: sample m joint draws per image, f per draw, `backward(f)` per latent row (the
 *   score of the joint draw is the sum of its rows' scores), then a surrogate on the tape.
 * - `muprop`: control variate (muprop-step.ts): f and ∇_z f at the mean-field point the sample names.
 * All randomness comes from the caller's CounterRng (the per-call `seed`), so a checkpoint of that
 * stream reproduces the run.
 */
import * as tf from '@tensorflow/tfjs-core';
import { estimatorGrads, gumbelSoftmax, createTfjsBackend } from '@gumbel/backend-tfjs';
import { GumbelRangeError, type CounterRng } from '@gumbel/core';
import { createReinforce, estimatorEntry, type EstimatorEntry, type RegistryOptions } from '@gumbel/estimators';
import { annealedStraightThrough } from './annealed-st.js';
import { klToUniform, reconstructionNll } from './elbo.js';
import type { Vae } from './model.js';
import { muPropStep } from './muprop-step.js';
import { decoderGrads, encoderGrads, named } from './step-grads.js';

/** Estimators of @gumbel/estimators' registry the VAE trains with (`estimatorEntry` ids). */
export const REGISTRY_ESTIMATORS = ['relaxed-gs', 'st-gs', 'gumbel-rao', 'reinmax', 'reinforce-ema', 'reinforce-loo', 'darn', 'muprop'] as const;
/**
 * Estimators that exist only as this app's tfjs ops: slope-annealed ST (annealed-st.ts) needs the
 * run's τ schedule as its slope, which no registry estimator takes; plain ST is that op at slope 1
 * (the registry's straight-through estimators all put Gumbel noise or a τ into the backward pass).
 */
export const APP_ESTIMATORS = ['annealed-st', 'st'] as const;
export const ESTIMATORS = [...REGISTRY_ESTIMATORS, ...APP_ESTIMATORS] as const;
export type EstimatorName = (typeof ESTIMATORS)[number];
export type RegistryEstimatorName = (typeof REGISTRY_ESTIMATORS)[number];

export interface StepInput {
  readonly x: tf.Tensor2D;
  readonly tau: number;
  readonly rng: CounterRng;
  /**
   * The weight β of the KL term in the encoder's gradient (KL warm-up; the run setting
   * `klWarmupSteps`). Taken by the score-function steps only (SETTING_ESTIMATORS.klWarmupSteps), whose
   * encoder gradient has the KL as a separate term; absent = 1. The returned loss is the −ELBO (β = 1).
   */
  readonly klWeight?: number | undefined;
}

/** State an estimator carries from step to step, saved in checkpoints (REINFORCE-EMA's running baseline). */
export interface StepState {
  readonly baseline?: number;
}

/**
 * A training step: the gradients (caller disposes) and the batch's mean −ELBO under the training
 * sample. `state()`, when present, reads the estimator's state for a checkpoint.
 */
export type StepFn = ((vae: Vae, input: StepInput) => Promise<{ grads: tf.NamedTensorMap; loss: number }>) & {
  readonly state?: () => StepState;
};

/**
 * The estimators each per-estimator run setting applies to: the one list behind the CLIs' UsageError
 * (`estimatorSettings`) and the library's GumbelRangeError (`stepTau`, `createStep`).
 */
export const SETTING_ESTIMATORS = {
  /** The slope schedule (`slopePerEpoch`, `slopeMax`) replaces annealed ST's τ schedule. */
  slopePerEpoch: ['annealed-st'],
  /** REINFORCE's joint samples per image. */
  reinforceSamples: ['reinforce-ema', 'reinforce-loo'],
  /** KL warm-up (`StepInput.klWeight`): the score-function steps, whose encoder gradient adds the KL apart. */
  klWarmupSteps: ['reinforce-ema', 'reinforce-loo', 'muprop'],
} as const satisfies Record<string, readonly EstimatorName[]>;

/** Whether `estimator` takes the run setting `setting` (see SETTING_ESTIMATORS). */
export function takesSetting(setting: keyof typeof SETTING_ESTIMATORS, estimator: string): boolean {
  return (SETTING_ESTIMATORS[setting] as readonly string[]).includes(estimator);
}

/** REINFORCE samples per image (m) unless a run sets its own: 2 at least for leave-one-out. */
export const REINFORCE_SAMPLES = 4;

export interface StepOptions {
  /** REINFORCE's joint samples per image m (reinforce-ema ≥ 1, reinforce-loo ≥ 2); default REINFORCE_SAMPLES. */
  readonly reinforceSamples?: number | undefined;
}
/** Gumbel-Rao's conditional draws per sample (K in Paulus et al.). */
export const GUMBEL_RAO_SAMPLES = 10;

function meanNegElbo(vae: Vae, x: tf.Tensor2D, z: tf.Tensor): tf.Scalar {
  return tf.mean(tf.add(reconstructionNll(x, vae.decode(z)), klToUniform(vae.encode(x), vae.latents)));
}

/** `fixedTau`: for annealed ST, the τ (1/slope) to use instead of the schedule's (plain ST: 1). */
function relaxedStep(hard: boolean | 'annealed-st', fixedTau?: number): StepFn {
  return async (vae, { x, tau, rng }) => {
    const vars = vae.params.map(([, v]) => v);
    const { value, grads } = tf.variableGrads(
      () => meanNegElbo(vae, x, hard === 'annealed-st'
        ? annealedStraightThrough(vae.encode(x), fixedTau ?? tau, rng)
        : gumbelSoftmax(vae.encode(x), { tau, hard, seed: rng })),
      vars,
    );
    const loss = (await value.data())[0] as number;
    value.dispose();
    return { grads: named(vae, grads), loss };
  };
}

/**
 * A registry estimator of kind `pathwise` through estimatorGrads. The schedule's τ is raised to the
 * entry's `minTau`, the smallest τ it accepts (ReinMax: 1; τ-free DARN ignores it).
 */
function pathwiseEstimatorStep(entry: EstimatorEntry<'pathwise'>, options: RegistryOptions): StepFn {
  const estimator = entry.create(createTfjsBackend(), options);
  return async (vae, { x, tau, rng }) => {
    const result = await estimatorGrads(estimator, {
      logits: () => vae.encode(x),
      loss: (z) => meanNegElbo(vae, x, z),
      varList: vae.params.map(([, v]) => v),
      sampleOptions: { tau: Math.max(entry.minTau, tau), seed: rng },
    });
    return { grads: named(vae, result.grads), loss: result.loss };
  };
}

function reinforceStep(estimator: ReturnType<typeof createReinforce<tf.Tensor>>, m: number): StepFn {
  const step: StepFn = async (vae, { x, rng, klWeight }) => {
    const batch = x.shape[0];
    const n = vae.latents;
    const k = vae.classes;
    const logits = vae.encode(x);
    const sample = await estimator.sample(logits, { seed: rng });
    // Rows of sample.value are (b·N + n)·m + s; image-major joint draws are (b·m + s) with N·K values.
    const zJoint = tf.tidy(() => tf.reshape(tf.transpose(tf.reshape(sample.value, [batch, n, m, k]), [0, 2, 1, 3]), [batch * m, n * k]));
    // Image b on rows b·m … b·m + m − 1: m copies side by side, read as rows. The same floats as
    // tile(expandDims(x, 1), [1, m, 1]), but tfjs-wasm's Tile (and Gather) kernels copy element by
    // element: for these [400, 784] at batch 100, tile 114 ms, gather 75 ms, concat 25 ms (load ≈ 11).
    const xRep = tf.tidy(() => tf.reshape(tf.concat(Array.from({ length: m }, () => x), 1), [batch * m, -1]) as tf.Tensor2D);
    try {
      // f per draw (b, s) ([batch·m]) and the decoder's gradient, from one decoder pass.
      const { f, grads: decoder } = decoderGrads(vae, xRep, zJoint);
      // Every latent row of draw (b, s) gets the whole f(b, s): rows (b·N + n)·m + s.
      const fRows = tf.tidy(() => tf.reshape(tf.tile(tf.reshape(f, [batch, 1, m]), [1, n, 1]), [-1]));
      const { dLogits } = await sample.backward(fRows);
      fRows.dispose();
      const grads = named(vae, { ...decoder, ...encoderGrads(vae, x, dLogits, klWeight) });
      const loss = tf.tidy(() => tf.add(tf.mean(f), tf.mean(klToUniform(logits, n))));
      const lossValue = (await loss.data())[0] as number;
      tf.dispose([loss, f, dLogits]);
      return { grads, loss: lossValue };
    } finally {
      // The sample's value is the caller's to release (sample.dispose frees only its intermediates).
      tf.dispose([zJoint, xRep, logits, sample.value]);
      sample.dispose();
    }
  };
  return Object.assign(step, { state: (): StepState => (estimator.baseline === 'ema' ? { baseline: estimator.baselineValue } : {}) });
}

/**
 * The step function of an estimator. Estimators with state (REINFORCE's EMA baseline) start from
 * `state` (a checkpoint's) or fresh.
 */
export function createStep(name: string, seed: number, state: StepState = {}, options: StepOptions = {}): StepFn {
  const step = stepOf(name, seed, state, options);
  if (takesSetting('klWarmupSteps', name)) return step;
  // Every other step builds its gradient from one objective, with no KL term apart to weight.
  return Object.assign(async (vae: Vae, input: StepInput) => {
    if (input.klWeight !== undefined) {
      throw new GumbelRangeError('input.klWeight', input.klWeight, `absent for estimator ${name} (KL warm-up is for ${SETTING_ESTIMATORS.klWarmupSteps.join(', ')})`);
    }
    return step(vae, input);
  }, step.state === undefined ? {} : { state: step.state });
}

function stepOf(name: string, seed: number, state: StepState, options: StepOptions): StepFn {
  const baseline = state.baseline;
  if (baseline !== undefined && !Number.isFinite(baseline)) throw new GumbelRangeError('state.baseline', baseline, 'a finite number');
  const m = options.reinforceSamples ?? REINFORCE_SAMPLES;
  if (options.reinforceSamples !== undefined && !takesSetting('reinforceSamples', name)) {
    throw new GumbelRangeError('reinforceSamples', options.reinforceSamples, `absent for estimator ${name} (REINFORCE's samples per image)`);
  }
  switch (name as EstimatorName) {
    case 'relaxed-gs':
      return relaxedStep(false);
    case 'st-gs':
      return relaxedStep(true);
    case 'annealed-st':
      return relaxedStep('annealed-st');
    case 'st':
      return relaxedStep('annealed-st', 1);
    case 'gumbel-rao':
      return pathwiseEstimatorStep(estimatorEntry('gumbel-rao'), { seed, samples: GUMBEL_RAO_SAMPLES });
    case 'reinmax':
      // ReinMax refuses τ < 1 (its authors' reference does too; below 1 its mean points away from
      // the exact gradient, see @gumbel/estimators): its minTau raises the schedule's τ to 1.
      return pathwiseEstimatorStep(estimatorEntry('reinmax'), { seed });
    case 'darn':
      return pathwiseEstimatorStep(estimatorEntry('darn'), { seed });
    case 'muprop':
      // rowsPerLoss = N: the N latent rows of an image share its loss (MuProp's joint Taylor term).
      return muPropStep((latents) => estimatorEntry('muprop').create(createTfjsBackend(), { seed, rowsPerLoss: latents }));
    case 'reinforce-ema':
      return reinforceStep(createReinforce(createTfjsBackend(), { seed, samples: m, baseline: 'ema', initialBaseline: baseline ?? 0 }), m);
    case 'reinforce-loo':
      return reinforceStep(createReinforce(createTfjsBackend(), { seed, samples: m, baseline: 'leave-one-out' }), m);
    default:
      throw new GumbelRangeError('estimator', name, `one of ${ESTIMATORS.join(', ')}`);
  }
}
