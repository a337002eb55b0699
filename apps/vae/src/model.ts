/**
 * The categorical VAE of Jang, Gu & Poole (2017): encoder 784-512-256 → N×K logits, decoder
 * N·K-256-512-784 with a Bernoulli likelihood; ReLU hidden layers.
 *
 * Plain tf.Variables and tf ops rather than tf.layers models: the estimators need the encoder's
 * logits and the decoder as two separate functions (estimatorGrads calls them off and on the tape),
 * and a checkpoint is then just an ordered list of named float32 arrays, with no Layers topology JSON
 * or IO handler (tfjs-layers' file handlers need tfjs-node, which we do not use).
 */
import * as tf from '@tensorflow/tfjs-core';
import { CounterRng, fillUniforms } from '@gumbel/core';
import { matMulPlainGrad } from '@gumbel/mnist-shared';
import { PIXELS } from './data.js';

export interface VaeShape {
  /** N, the number of categorical latents (default 20). */
  readonly latents: number;
  /** K, classes per latent (default 10). */
  readonly classes: number;
}

export interface Vae extends VaeShape {
  /** Parameters in a fixed order (checkpoints and optimizer moments rely on it). */
  readonly params: ReadonlyArray<readonly [string, tf.Variable]>;
  /** Logits of q(z | x), shape [batch·N, K] (one row per latent). x is data: no gradient flows to it. */
  encode(x: tf.Tensor2D): tf.Tensor2D;
  /** Bernoulli logits of p(x | z) for z of shape [batch·N, K], shape [batch, 784]. */
  decode(z: tf.Tensor): tf.Tensor2D;
  dispose(): void;
}

const LAYERS = [
  ['enc1', PIXELS, 512], ['enc2', 512, 256], ['enc3', 256, -1],
  ['dec1', -1, 256], ['dec2', 256, 512], ['dec3', 512, PIXELS],
] as const;

// x·W with a fast gradient on tfjs-wasm (why: @gumbel/mnist-shared's matmul.ts), shared with apps/semisupervised.
export { matMulPlainGrad };

/**
 * x·W where x is data (the encoder's first layer, x the images): differentiated wrt W only. tfjs
 * runs a customGrad's gradient function for all its inputs, so matMulPlainGrad there also computed
 * dy·Wᵀ for the images — a [batch, 512]·[512, 784] product and a 784×512 transpose per call (two per
 * step for the pathwise estimators, which encode twice), then threw it away. dW is the same
 * computation as matMulPlainGrad's, so gradients are bit for bit the same (test in vae.test.ts).
 * x is closed over, not an input: the gradient with respect to it is not defined here.
 */
export function matMulDataInput(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  const op = tf.customGrad((wi, save) => {
    // Saved (tfjs keeps a reference) so the backward pass still has x if the caller disposed it.
    (save as tf.GradSaveFunc)([x]);
    return {
      value: tf.matMul(x, wi as tf.Tensor2D),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.matMul(tf.transpose(saved[0] as tf.Tensor2D), dy as tf.Tensor2D),
    };
  }) as (w: tf.Tensor2D) => tf.Tensor2D;
  return op(w);
}

/**
 * Glorot-uniform weights from CounterRng(seed) drawn on the host (the same numbers on every tfjs
 * backend), zero biases, except the last decoder bias: the logit of the mean training pixel, so the
 * untrained decoder already predicts the average digit and early steps are not spent learning it.
 */
function variableFrom(initial: tf.Tensor): tf.Variable {
  const v = tf.variable(initial);
  initial.dispose();
  return v;
}

export function createVae(shape: VaeShape, seed: number, pixelMean?: Float32Array): Vae {
  const nk = shape.latents * shape.classes;
  const rng = CounterRng.fromSeed(seed);
  const params: Array<readonly [string, tf.Variable]> = [];
  for (const [name, fanInRaw, fanOutRaw] of LAYERS) {
    const fanIn = fanInRaw < 0 ? nk : fanInRaw;
    const fanOut = fanOutRaw < 0 ? nk : fanOutRaw;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const u = new Float32Array(fanIn * fanOut);
    fillUniforms(u, rng.reserve(u.length));
    for (let i = 0; i < u.length; i++) u[i] = (2 * (u[i] as number) - 1) * limit;
    const bias = new Float32Array(fanOut);
    if (name === 'dec3' && pixelMean !== undefined) {
      for (let j = 0; j < fanOut; j++) {
        const p = Math.min(Math.max(pixelMean[j] as number, 1e-3), 1 - 1e-3);
        bias[j] = Math.log(p / (1 - p));
      }
    }
    // tf.variable copies its initial value; dispose the source tensors so a model leaves only its variables.
    params.push([`${name}/W`, variableFrom(tf.tensor2d(u, [fanIn, fanOut]))]);
    params.push([`${name}/b`, variableFrom(tf.tensor1d(bias))]);
  }
  const p = (name: string): tf.Variable => {
    const found = params.find(([n]) => n === name);
    if (found === undefined) throw new Error(`vae: no parameter ${name}`);
    return found[1];
  };
  const dense = (x: tf.Tensor, layer: string, relu: boolean, dataInput = false): tf.Tensor2D => {
    const w = p(`${layer}/W`) as tf.Tensor2D;
    const y = tf.add(dataInput ? matMulDataInput(x as tf.Tensor2D, w) : matMulPlainGrad(x as tf.Tensor2D, w), p(`${layer}/b`));
    return (relu ? tf.relu(y) : y) as tf.Tensor2D;
  };
  return {
    ...shape,
    params,
    encode: (x) =>
      tf.tidy(() => tf.reshape(dense(dense(dense(x, 'enc1', true, true), 'enc2', true), 'enc3', false), [-1, shape.classes])),
    decode: (z) =>
      tf.tidy(() => dense(dense(dense(tf.reshape(z, [-1, nk]), 'dec1', true), 'dec2', true), 'dec3', false)),
    dispose: () => params.forEach(([, v]) => v.dispose()),
  };
}

/** Mean of each pixel over a set of images (for the decoder's initial bias). */
export function pixelMeans(pixels: Float32Array, count: number): Float32Array {
  const mean = new Float32Array(PIXELS);
  for (let i = 0; i < count; i++) for (let j = 0; j < PIXELS; j++) mean[j] = (mean[j] as number) + (pixels[i * PIXELS + j] as number) / count;
  return mean;
}
