/**
 * `klToUniform` now comes from @gumbel/distributions (kl of two Categoricals on tfjsTape, the
 * tensor-native kernel). It must be the loss the app trained with before: the hand-written
 * Σ_k q_k log q_k + log K, summed over an image's latents — equal in value and in its gradient wrt the
 * encoder logits, to float32 tolerance, on random logits — and leak nothing. Runs on tfjs-wasm,
 * the CLI's default backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { CounterRng, fillUniforms } from '@gumbel/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { klToUniform } from './elbo.js';
import { useBackend } from './tf-setup.js';

beforeAll(async () => {
  await useBackend('wasm');
});

/** The formula apps/vae hand-wrote until issue 14 (kept here as the reference). */
function handWrittenKl(logits: tf.Tensor2D, latents: number): tf.Tensor1D {
  return tf.tidy(() => {
    const logQ = tf.logSoftmax(logits);
    const perLatent = tf.add(tf.sum(tf.mul(tf.exp(logQ), logQ), 1), Math.log(logits.shape[1]));
    return tf.sum(tf.reshape(perLatent, [-1, latents]), 1) as tf.Tensor1D;
  });
}

function randomLogits(rows: number, k: number, scale: number, seed: number): tf.Tensor2D {
  const u = new Float32Array(rows * k);
  fillUniforms(u, CounterRng.fromSeed(seed).reserve(rows * k));
  return tf.tensor2d(u.map((v) => scale * (2 * v - 1)), [rows, k]);
}

describe('klToUniform (distributions) is the former hand-written KL', () => {
  for (const [scale, seed] of [[1, 1], [6, 2], [20, 3]] as const) {
    it(`values and gradients wrt the logits agree (100 images × 20 latents × 10 classes, logits in ±${scale})`, () => {
      const before = tf.memory().numTensors;
      const logits = randomLogits(100 * 20, 10, scale, seed);
      const w = tf.tidy(() => tf.sin(tf.range(0, 100, 1)));
      const [mine, ref] = [klToUniform, handWrittenKl].map((f) => tf.valueAndGrad((l: tf.Tensor) => tf.sum(tf.mul(f(l as tf.Tensor2D, 20), w)))(logits));
      const a = klToUniform(logits, 20);
      const b = handWrittenKl(logits, 20);
      expect(a.shape).toEqual([100]);
      const [av, bv] = [a.dataSync(), b.dataSync()];
      // Per image, a sum of 20 float32 KLs each within a few ulps of log 10.
      for (let i = 0; i < 100; i++) expect(Math.abs((av[i] as number) - (bv[i] as number))).toBeLessThan(1e-5 * (1 + Math.abs(bv[i] as number)) + 2e-5);
      const [ga, gb] = [mine!.grad.dataSync(), ref!.grad.dataSync()];
      for (let i = 0; i < ga.length; i++) expect(Math.abs((ga[i] as number) - (gb[i] as number))).toBeLessThan(1e-5 + 1e-4 * Math.abs(gb[i] as number));
      tf.dispose([logits, w, a, b, mine!.value, mine!.grad, ref!.value, ref!.grad]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
