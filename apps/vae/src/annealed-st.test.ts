import * as tf from '@tensorflow/tfjs-core';
import { gumbelSoftmax } from '@gumbel/backend-tfjs';
import { CounterRng } from '@gumbel/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { annealedStraightThrough } from './annealed-st.js';
import { useBackend } from './tf-setup.js';

beforeAll(async () => {
  await useBackend('wasm');
});

describe('annealed straight-through', () => {
  it('forward: the one-hot Gumbel-max sample of the same stream; backward: the softmax(logits/τ) VJP (float64 by hand)', () => {
    const logits = [[0.3, -1.2, 2.0, 0.1], [1.5, 1.4, -0.3, 0.0]];
    const w = [[1, -2, 0.5, 3], [-1, 0.25, 2, -0.5]];
    const tau = 0.7;
    const before = tf.memory().numTensors;
    const l = tf.tensor2d(logits);
    const wt = tf.tensor2d(w);
    const expected = gumbelSoftmax(l, { hard: true, seed: CounterRng.fromSeed(5) });
    const rng = CounterRng.fromSeed(5);
    const { value, grad } = tf.valueAndGrad((x: tf.Tensor2D) => tf.sum(tf.mul(annealedStraightThrough(x, tau, rng), wt)) as tf.Scalar)(l);
    const z = tf.tidy(() => annealedStraightThrough(l, tau, CounterRng.fromSeed(5)));
    expect(z.arraySync()).toEqual(expected.arraySync());
    expect((z.arraySync() as number[][]).every((row) => row.filter((v) => v === 1).length === 1 && row.every((v) => v === 0 || v === 1))).toBe(true);
    // d/dl Σ w·softmax(l/τ) = s ⊙ (w − Σ w·s) / τ, s = softmax(l/τ).
    const want = logits.map((row, r) => {
      const e = row.map((v) => Math.exp(v / tau));
      const sum = e.reduce((a, b) => a + b, 0);
      const s = e.map((v) => v / sum);
      const ws = s.reduce((a, v, k) => a + v * (w[r]![k] as number), 0);
      return s.map((v, k) => (v * ((w[r]![k] as number) - ws)) / tau);
    });
    const got = grad.arraySync() as number[][];
    got.flat().forEach((g, i) => expect(g).toBeCloseTo(want.flat()[i] as number, 5));
    // The value on the tape is the sample too: Σ w·z for the one-hot z.
    const zv = expected.arraySync() as number[][];
    expect(value.dataSync()[0]).toBeCloseTo(zv.flat().reduce((a, v, i) => a + v * (w.flat()[i] as number), 0), 5);
    tf.dispose([l, wt, expected, value, z, grad]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
