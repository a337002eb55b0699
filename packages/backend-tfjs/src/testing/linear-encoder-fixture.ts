/**
 * A tiny model for checking `estimatorGrads` by hand (test helper, not exported by the package):
 * a linear encoder logits = x·W over three rows and k = 4 classes, and a decoder loss
 * f_r = (a·z_r − 1)² whose value and gradients have closed forms, so every expected gradient in the
 * estimator-step tests is written out here, not taken from tf.grad.
 */
import * as tf from '@tensorflow/tfjs-core';

export const X = [
  [1, 0.5],
  [-0.3, 2],
  [0.8, -1],
];
export const W0 = [
  [0.2, -0.5, 1, 0.3],
  [0.7, 0.1, -0.4, -0.2],
];
export const A = [1, -2, 0.5, 3];
export const k = 4;

/** f_r = (a·z_r − 1)², one per row of z [rows, k], with the decoder weight V = a as [k, 1]. */
export const loss = (V: tf.Tensor) => (z: tf.Tensor) => tf.reshape(tf.square(tf.sub(tf.matMul(z, V), 1)), [-1]);

/**
 * The same loss on the host, row by row: f_r = scale·(a·z_r − 1)², ∇_z f_r = scale·2(a·z_r − 1)a, and
 * the unscaled ∇_a f_r = 2(a·z_r − 1)z_r (the tests apply the row weights to it themselves).
 */
export function host(z: ArrayLike<number>, scale = 1): { f: number[]; dz: number[]; da: number[][] } {
  const rows = z.length / k;
  const f: number[] = [];
  const dz: number[] = [];
  const da: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const row = Array.from({ length: k }, (_, j) => z[r * k + j] as number);
    const u = row.reduce((s, v, j) => s + v * (A[j] as number), 0) - 1;
    f.push(scale * u * u);
    dz.push(...A.map((a) => scale * 2 * u * a));
    da.push(row.map((v) => 2 * u * v));
  }
  return { f, dz, da };
}

/** xᵀ·dLogits: the gradient of Σ (xW)·dLogits with respect to W. */
export function encoderGrad(dLogits: ArrayLike<number>): number[] {
  const out = new Array<number>(2 * k).fill(0);
  X.forEach((x, b) => x.forEach((xi, i) => A.forEach((_, j) => (out[i * k + j]! += xi * (dLogits[b * k + j] as number)))));
  return out;
}

/** Σ_r w_r ∇_a f_r. */
export function decoderGrad(da: number[][], weights: ArrayLike<number>): number[] {
  return A.map((_, j) => da.reduce((s, g, r) => s + (weights[r] as number) * (g[j] as number), 0));
}

/** Fresh variables W = W0 and V = a; the caller disposes them. */
export function model() {
  const x = tf.tensor2d(X);
  const W = tf.variable(tf.tensor2d(W0), true);
  const V = tf.variable(tf.tensor2d(A, [k, 1]), true);
  return { x, W, V, logits: () => tf.matMul(x, W), dispose: () => tf.dispose([x, W, V]) };
}
