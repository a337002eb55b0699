/**
 * The REINFORCE/MuProp surrogate computed in two halves (decoder first, so f comes from the same
 * forward pass) gives the gradients of the one-surrogate form it replaced, bit for bit: committed
 * runs must rerun exactly from their configs.
 */
import * as tf from '@tensorflow/tfjs-core';
import { CounterRng } from '@gumbel/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PIXELS } from './data.js';
import { klToUniform, reconstructionNll } from './elbo.js';
import { loadFullMnist } from './mnist-full-node.js';
import { createVae } from './model.js';
import { decoderGrads, encoderGrads, named } from './step-grads.js';
import { useBackend } from './tf-setup.js';

beforeAll(async () => {
  await useBackend('wasm');
});

describe('the surrogate in two halves', () => {
  it('equals the single surrogate Σ q ⊙ dLogits / batch + mean f + mean KL exactly, and f is −log p(x | z)', () => {
    const [batch, m, n, k] = [4, 3, 3, 4];
    const vae = createVae({ latents: n, classes: k }, 2);
    const x = tf.tensor2d(loadFullMnist({ train: batch, valid: 1, test: 1 }).train.pixels, [batch, PIXELS]);
    const xRep = tf.tidy(() => tf.reshape(tf.tile(tf.expandDims(x, 1), [1, m, 1]), [batch * m, PIXELS]) as tf.Tensor2D);
    const rng = CounterRng.fromSeed(8);
    const codes = Array.from({ length: batch * m * n }, () => Math.floor(rng.next() * k));
    const zJoint = tf.tidy(() => tf.reshape(tf.cast(tf.oneHot(tf.tensor1d(codes, 'int32'), k), 'float32'), [batch * m, n * k]));
    const dLogits = tf.tensor2d(Array.from({ length: batch * n * k }, () => 2 * rng.next() - 1), [batch * n, k]);
    const vars = vae.params.map(([, v]) => v);
    const single = tf.variableGrads(() => {
      const q = vae.encode(x);
      const scoreTerm = tf.div(tf.sum(tf.mul(q, dLogits)), batch);
      const direct = tf.mean(reconstructionNll(xRep, vae.decode(zJoint)));
      return tf.add(tf.add(scoreTerm, direct), tf.mean(klToUniform(q, n))) as tf.Scalar;
    }, vars);
    const { f, grads: decoder } = decoderGrads(vae, xRep, zJoint);
    const halves = named(vae, { ...decoder, ...encoderGrads(vae, x, dLogits) });
    for (const v of vars) expect(Array.from(halves[v.name]!.dataSync()), v.name).toEqual(Array.from(single.grads[v.name]!.dataSync()));
    const expectedF = tf.tidy(() => reconstructionNll(xRep, vae.decode(zJoint)));
    expect(Array.from(f.dataSync())).toEqual(Array.from(expectedF.dataSync()));
    tf.dispose([x, xRep, zJoint, dLogits, single.value, f, expectedF, ...Object.values(single.grads), ...Object.values(halves)]);
    vae.dispose();
  });
});
