/**
 * The VAE panel's model and training loop, loaded on demand (it pulls in @gumbel/vae/browser,
 * tfjs-core's gradients and the MNIST files). The model, the data split and binarization, the
 * −ELBO, every estimator's step and the held-out evaluation are @gumbel/vae's own code, so the page
 * trains exactly what `pnpm vae` trains; this file only drives it in small chunks for a browser
 * (and loads the data in a worker, src/mnist-worker.ts):
 * `trainFor(ms)` runs whole steps until its time budget is spent and returns, so the caller can
 * yield to the event loop between chunks. Every tensor a chunk makes is disposed before it returns
 * (the panel shows tf.memory().numTensors and the tests check it stays flat).
 */
// tfjs-core's ESM entry registers no gradients; tf.variableGrads needs them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { CounterRng, exponentialDecaySchedule } from '@gumbel/core';
import {
  createStep,
  createVae,
  minibatchTensor,
  EVAL_SAMPLES,
  evaluateNegElbo,
  firstImages,
  PIXELS,
  pixelMeans,
  type EstimatorName,
  type MnistSplit,
  type StepFn,
} from '@gumbel/vae/browser';

export { ESTIMATORS, type EstimatorName, type RegistryEstimatorName } from '@gumbel/vae/browser';

/** 20 categorical latents of 10 classes, as in Jang, Gu & Poole (2017) and the CLI. */
export const LATENTS = 20;
export const CLASSES = 10;
/** Held-out digits shown as input / reconstruction pairs (the first ones of the held-out set). */
export const PREVIEW_DIGITS = 8;
/**
 * The live held-out curve uses the first 200 held-out digits with m = 2 hard samples each (the CLI:
 * all 1,000, m = 10). The full evaluation costs about as much as 25 training steps of batch 100;
 * this one about 1, so it can run every EVAL_EVERY steps without stalling the curve.
 */
export const EVAL_DIGITS = 200;
export const EVAL_M = 2;
export const EVAL_EVERY = 20;

export interface SessionOptions {
  readonly estimator: EstimatorName;
  readonly batch: number;
  readonly lr: number;
  readonly seed: number;
  /**
   * Start the decoder's output bias at the logit of the mean training pixel (the CLI's default: the
   * untrained model predicts the average digit, −ELBO ≈ 206) or at 0 (every pixel p = ½, ≈ 543).
   */
  readonly meanInit: boolean;
}

export interface CurvePoint {
  readonly step: number;
  /** Mean training −ELBO (under the estimator's own sample) of the steps since the previous point. */
  readonly train: number | null;
  /** Held-out −ELBO (hard samples) on EVAL_DIGITS digits, EVAL_M samples each. */
  readonly heldOut: number;
}

export interface LatentView {
  /** q(z_n = k | x) of the source digit, n-major: N·K values. */
  readonly probs: Float32Array;
  /** The class chosen for each latent (the argmax of q until someone clicks a cell). */
  readonly code: readonly number[];
  /** Bernoulli means σ(decoder logits) of the decoded code: 784 values. */
  readonly decoded: Float32Array;
}

export interface VaeSession {
  readonly options: SessionOptions;
  readonly step: number;
  readonly tau: number;
  readonly curve: readonly CurvePoint[];
  /** Steps per second of training alone (steps / time inside steps) over the last chunks. */
  readonly stepsPerSecond: number;
  /** Runs whole training steps until `budgetMs` is spent (at least one), then evaluates if due. */
  trainFor(budgetMs: number): Promise<number>;
  /** Appends a held-out point for the current step unless the last point is already there. */
  evaluate(): Promise<void>;
  /** The CLI's held-out evaluation: all 1,000 held-out digits, EVAL_SAMPLES (10) hard samples each. */
  evaluateFull(): Promise<number>;
  /** The preview digits (PREVIEW_DIGITS × 784 binary inputs) and their reconstructions σ(decode(argmax q)). */
  reconstruct(): Promise<{ inputs: Float32Array; outputs: Float32Array }>;
  /** q(z | x) of preview digit `source` and the decoded image of `code` (default: its argmax code). */
  latentView(source: number, code?: readonly number[]): Promise<LatentView>;
  dispose(): void;
}

// The VAE and the semi-supervised panel share one load of MNIST per page.
export { loadData } from './mnist-load.js';

/** One-hot float32 codes from class indices (int32 one-hot then cast: wasm's float32 oneHot is off). */
function oneHotCodes(indices: tf.Tensor1D): tf.Tensor2D {
  return tf.cast(tf.oneHot(indices, CLASSES), 'float32') as tf.Tensor2D;
}

/** A fresh model on the active tfjs engine; the caller makes that engine active before every call. */
export async function createSession(split: MnistSplit, options: SessionOptions): Promise<VaeSession> {
  const pixelMean = options.meanInit ? pixelMeans(split.train.pixels, split.train.count) : undefined;
  const vae = createVae({ latents: LATENTS, classes: CLASSES }, options.seed, pixelMean); // leaves only its variables (tested in apps/vae)
  const optimizer = tf.train.adam(options.lr);
  const stepFn: StepFn = createStep(options.estimator, options.seed);
  // The CLI's defaults (apps/vae trainer.ts DEFAULT_CONFIG): τ = max(0.5, exp(−1e-4·1000·⌊t/1000⌋)).
  const tauAt = exponentialDecaySchedule({ initial: 1, rate: 1e-4, min: 0.5, every: 1000 });
  const rng = CounterRng.fromSeed(options.seed);
  const evalSet = firstImages(split.heldOut, EVAL_DIGITS);
  const preview = firstImages(split.heldOut, PREVIEW_DIGITS);
  const curve: CurvePoint[] = [];
  let step = 0;
  let windowLoss = 0;
  let windowSteps = 0;
  // Steps and milliseconds of the recent chunks, for a steps/s that follows the current speed.
  const recent: Array<{ steps: number; ms: number }> = [];

  const evaluate = async (): Promise<void> => {
    if (curve.at(-1)?.step === step) return;
    const heldOut = await evaluateNegElbo(vae, evalSet, EVAL_M, EVAL_DIGITS);
    curve.push({ step, train: windowSteps > 0 ? windowLoss / windowSteps : null, heldOut });
    windowLoss = 0;
    windowSteps = 0;
  };

  const trainStep = async (): Promise<void> => {
    const x = minibatchTensor(split.train, rng, options.batch);
    let grads: tf.NamedTensorMap | undefined;
    try {
      const result = await stepFn(vae, { x, tau: tauAt(step), rng });
      grads = result.grads;
      if (!Number.isFinite(result.loss)) throw new Error(`training diverged at step ${step}: −ELBO = ${result.loss}`);
      // By parameter order, as the CLI does (createStep keys the map in vae.params order).
      optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
      windowLoss += result.loss;
      windowSteps += 1;
      step += 1;
    } finally {
      tf.dispose([x, ...Object.values(grads ?? {})]);
    }
  };

  await evaluate();
  return {
    options,
    get step() {
      return step;
    },
    get tau() {
      return tauAt(step);
    },
    curve,
    get stepsPerSecond() {
      const steps = recent.reduce((s, r) => s + r.steps, 0);
      const ms = recent.reduce((s, r) => s + r.ms, 0);
      return ms > 0 ? (1000 * steps) / ms : 0;
    },
    trainFor: async (budgetMs) => {
      const start = performance.now();
      let steps = 0;
      do {
        // A macrotask turn between steps: on tfjs-wasm read-backs resolve as microtasks, so without
        // it a whole chunk would be one long task that input events wait behind.
        if (steps > 0) await new Promise<void>((resolve) => setTimeout(resolve, 0));
        await trainStep();
        steps += 1;
        // Evaluate on the step boundary, outside the timed training.
        if (step % EVAL_EVERY === 0) break;
      } while (performance.now() - start < budgetMs);
      recent.push({ steps, ms: performance.now() - start });
      if (recent.length > 8) recent.shift();
      if (step % EVAL_EVERY === 0) await evaluate();
      return steps;
    },
    evaluate,
    evaluateFull: () => evaluateNegElbo(vae, split.heldOut, EVAL_SAMPLES),
    reconstruct: async () => {
      const outputs = tf.tidy(() => {
        const x = tf.tensor2d(preview.pixels, [preview.count, PIXELS]);
        const codes = oneHotCodes(tf.argMax(vae.encode(x), 1) as tf.Tensor1D);
        return tf.sigmoid(vae.decode(codes));
      });
      try {
        return { inputs: preview.pixels, outputs: (await outputs.data()) as Float32Array };
      } finally {
        outputs.dispose();
      }
    },
    latentView: async (source, code) => {
      const [probs, argmax] = tf.tidy(() => {
        const x = tf.tensor2d(preview.pixels.subarray(source * PIXELS, (source + 1) * PIXELS), [1, PIXELS]);
        const logits = vae.encode(x);
        return [tf.softmax(logits), tf.argMax(logits, 1)];
      });
      try {
        const chosen = code ?? Array.from(await argmax.data());
        const decoded = tf.tidy(() => tf.sigmoid(vae.decode(oneHotCodes(tf.tensor1d(chosen as number[], 'int32')))));
        try {
          return { probs: (await probs.data()) as Float32Array, code: chosen, decoded: (await decoded.data()) as Float32Array };
        } finally {
          decoded.dispose();
        }
      } finally {
        tf.dispose([probs, argmax]);
      }
    },
    dispose: () => {
      optimizer.dispose();
      vae.dispose();
    },
  };
}

/** tfjs's count of live tensors (the panel shows it; it must not grow from chunk to chunk). */
export const liveTensors = (): number => tf.memory().numTensors;
export const activeEngine = (): string => tf.getBackend();
