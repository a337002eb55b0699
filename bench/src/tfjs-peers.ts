/**
 * The tfjs peers: what a JS user composes today on tfjs-cpu or tfjs-wasm (SIMD). Each function
 * runs inside tf.tidy, forces the result (dataSync) and disposes it, so nothing leaks between
 * samples. tfjs-wasm runs single-threaded, like our kernels (WASM_HAS_MULTITHREAD_SUPPORT = false).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export type TfBackendName = 'cpu' | 'wasm';

export async function useTfBackend(name: TfBackendName): Promise<void> {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) throw new Error(`tfjs backend ${name} did not initialise`);
}

export function tfWasmSimd(): Promise<boolean> {
  return tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') as Promise<boolean>;
}

/** −log(−log u) from tf.randomUniform. */
export function tfGumbel(n: number, seed: number): void {
  const g = tf.tidy(() => tf.neg(tf.log(tf.neg(tf.log(tf.randomUniform([n], 0, 1, 'float32', seed))))));
  g.dataSync();
  g.dispose();
}

export interface TfStgsInputs {
  readonly logits: tf.Tensor2D;
  readonly dy: tf.Tensor2D;
}

export function tfStgsInputs(logits: Float32Array, dy: Float32Array, batch: number, k: number): TfStgsInputs {
  return { logits: tf.tensor2d(logits, [batch, k]), dy: tf.tensor2d(dy, [batch, k]) };
}

export function disposeTfStgs(inputs: TfStgsInputs): void {
  tf.dispose([inputs.logits, inputs.dy]);
}

/**
 * Straight-through Gumbel-Softmax forward (hard one-hot, soft sample) and the same hand-derived
 * backward as the CPU backend, composed of tf ops: ds = y(dy − Σ y·dy), dlogits = ds/τ,
 * dτ = −(1/τ) Σ ds·log y.
 */
export function tfStgs(inputs: TfStgsInputs, tau: number, seed: number): void {
  const { logits, dy } = inputs;
  const [batch, k] = logits.shape;
  const outs = tf.tidy(() => {
    const u = tf.randomUniform([batch, k], 0, 1, 'float32', seed);
    const g = tf.neg(tf.log(tf.neg(tf.log(u))));
    const z = tf.div(tf.add(logits, g), tau);
    const soft = tf.softmax(z);
    const hard = tf.oneHot(tf.argMax(z, 1), k);
    const dot = tf.sum(tf.mul(soft, dy), 1, true);
    const ds = tf.mul(soft, tf.sub(dy, dot));
    const dLogits = tf.div(ds, tau);
    const dTau = tf.div(tf.sum(tf.mul(ds, tf.logSoftmax(z))), -tau);
    return [hard, soft, dLogits, dTau];
  });
  for (const t of outs) t.dataSync();
  tf.dispose(outs);
}

export function tfNumTensors(): number {
  return tf.memory().numTensors;
}
