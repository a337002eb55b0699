import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CounterRng, GumbelRangeError, GumbelTypeError } from '@gumbel/core';
import { closeTo, cpu64, fromCpu, toCpu, useCpuBackend } from '../testing/support.js';
import { gumbelSoftmax } from './gumbel-softmax.js';

// Reference: backend-cpu in float64 (hand-written VJPs, themselves finite-difference checked).
// Tolerances: float32 inputs and float32 arithmetic over k ≤ 6 terms: rtol 2e-5, atol 1e-6.
const RTOL = 2e-5;
const ATOL = 1e-6;

const LOGITS = [0.5, -1, 2, 0.3, 0, 1, -0.5, 0.25, -2, 3, 1.5, -Infinity];
const SHAPE = [3, 4] as const;
const WEIGHTS = [0.3, -1.2, 0.7, 2, -0.4, 0.9, 1.1, -0.6, 0.2, 0.5, -1.5, 0.8];

beforeAll(useCpuBackend);

describe('gumbelSoftmax', () => {
  it('draws the project stream: the same seed gives the CPU backend sample (float32 precision)', () => {
    for (const tau of [0.5, 1, 2.5]) {
      const logits = tf.tensor(LOGITS, [...SHAPE]);
      const y = gumbelSoftmax(logits, { tau, seed: 42 });
      const cl = toCpu(logits);
      const ref = cpu64.relaxedSample({ logits: cl, tau, noise: cpu64.gumbelNoise(SHAPE, 42) });
      expect(closeTo(y.dataSync(), ref.data, 1e-4, 1e-6)).toEqual([]);
      tf.dispose([logits, y]);
    }
  });

  it('a CounterRng advances between calls; seed 0 works; an omitted seed is fresh', () => {
    const logits = tf.tensor(LOGITS, [...SHAPE]);
    const rng = CounterRng.fromSeed(5);
    const a = gumbelSoftmax(logits, { seed: rng }).dataSync();
    const b = gumbelSoftmax(logits, { seed: rng }).dataSync();
    const replay = CounterRng.fromSeed(5);
    replay.reserve(12);
    const b2 = gumbelSoftmax(logits, { seed: replay }).dataSync();
    expect(Array.from(a)).not.toEqual(Array.from(b));
    expect(Array.from(b)).toEqual(Array.from(b2));
    expect(Array.from(gumbelSoftmax(logits, { seed: 0 }).dataSync())).not.toEqual(Array.from(gumbelSoftmax(logits, { seed: 1 }).dataSync()));
    expect(Array.from(gumbelSoftmax(logits).dataSync())).not.toEqual(Array.from(gumbelSoftmax(logits).dataSync()));
  });

  it('tf.grad wrt logits and a scalar τ variable equals the CPU VJP', () => {
    const logits = tf.tensor(LOGITS, [...SHAPE]);
    const w = tf.tensor(WEIGHTS, [...SHAPE]);
    const noiseCpu = cpu64.gumbelNoise(SHAPE, 9);
    const noise = fromCpu(noiseCpu);
    const tau = tf.variable(tf.scalar(0.7));
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(w, gumbelSoftmax(logits, { tau, noise }))) as tf.Scalar, [tau]);
    const dLogits = tf.grad((l: tf.Tensor) => tf.sum(tf.mul(w, gumbelSoftmax(l, { tau, noise }))))(logits);
    const args = { logits: toCpu(logits), tau: 0.7, noise: noiseCpu };
    const ref = cpu64.relaxedSampleVjp({ ...args, y: cpu64.relaxedSample(args), dy: toCpu(w) });
    expect(closeTo(dLogits.dataSync(), ref.dLogits.data, RTOL, ATOL)).toEqual([]);
    expect(closeTo(grads[tau.name]!.dataSync(), ref.dTau.data, RTOL, ATOL)).toEqual([]);
    expect(Array.from(dLogits.dataSync()).every(Number.isFinite)).toBe(true);
    expect(dLogits.dataSync()[11]).toBe(0); // the masked class
    tau.dispose();
  });

  it('per-row τ: gradient wrt τ has shape [batch] and equals the CPU VJP', () => {
    const logits = tf.tensor(LOGITS, [...SHAPE]);
    const w = tf.tensor(WEIGHTS, [...SHAPE]);
    const noiseCpu = cpu64.gumbelNoise(SHAPE, 3);
    const noise = fromCpu(noiseCpu);
    const taus = [0.4, 1, 2.2];
    const tau = tf.tensor1d(taus);
    const [dLogits, dTau] = tf.grads((l: tf.Tensor, t: tf.Tensor) => tf.sum(tf.mul(w, gumbelSoftmax(l, { tau: t, noise }))))([logits, tau]);
    const args = { logits: toCpu(logits), tau: cpu64.fromArray(taus, [3]), noise: noiseCpu };
    const ref = cpu64.relaxedSampleVjp({ ...args, y: cpu64.relaxedSample(args), dy: toCpu(w) });
    expect(dTau!.shape).toEqual([3]);
    expect(closeTo(dLogits!.dataSync(), ref.dLogits.data, RTOL, ATOL)).toEqual([]);
    expect(closeTo(dTau!.dataSync(), ref.dTau.data, RTOL, ATOL)).toEqual([]);
  });

  it('hard: one-hot value of the argmax, soft (straight-through) gradient', () => {
    const logits = tf.tensor(LOGITS, [...SHAPE]);
    const w = tf.tensor(WEIGHTS, [...SHAPE]);
    const noise = fromCpu(cpu64.gumbelNoise(SHAPE, 11));
    const hard = gumbelSoftmax(logits, { hard: true, noise, tau: 0.5 });
    const soft = gumbelSoftmax(logits, { noise, tau: 0.5 });
    const h = hard.dataSync();
    const s = soft.dataSync();
    for (let b = 0; b < 3; b++) {
      const row = Array.from(s.slice(b * 4, b * 4 + 4));
      const best = row.indexOf(Math.max(...row));
      expect(Array.from(h.slice(b * 4, b * 4 + 4))).toEqual([0, 1, 2, 3].map((j) => (j === best ? 1 : 0)));
    }
    const gHard = tf.grad((l: tf.Tensor) => tf.sum(tf.mul(w, gumbelSoftmax(l, { hard: true, noise, tau: 0.5 }))))(logits);
    const gSoft = tf.grad((l: tf.Tensor) => tf.sum(tf.mul(w, gumbelSoftmax(l, { noise, tau: 0.5 }))))(logits);
    expect(Array.from(gHard.dataSync())).toEqual(Array.from(gSoft.dataSync()));
  });

  it('axis 0 is the transpose of the last-axis op (value and gradient)', () => {
    const logits = tf.tensor([0.5, -1, 2, 0.3, 0, 1], [2, 3]);
    const noise = tf.tensor([0.1, -0.2, 0.3, 0.7, -1, 0.4], [2, 3]);
    const w = tf.tensor([1, 2, 3, -1, 0.5, 2], [2, 3]);
    const y0 = gumbelSoftmax(logits, { axis: 0, noise, tau: 0.8 });
    const yT = tf.transpose(gumbelSoftmax(tf.transpose(logits), { axis: -1, noise: tf.transpose(noise), tau: 0.8 }));
    expect(closeTo(y0.dataSync(), yT.dataSync(), 1e-6, 1e-7)).toEqual([]);
    const g0 = tf.grad((l: tf.Tensor) => tf.sum(tf.mul(w, gumbelSoftmax(l, { axis: 0, noise, tau: 0.8 }))))(logits);
    const gT = tf.grad((l: tf.Tensor) => tf.sum(tf.mul(w, tf.transpose(gumbelSoftmax(tf.transpose(l), { noise: tf.transpose(noise), tau: 0.8 })))))(logits);
    expect(closeTo(g0.dataSync(), gT.dataSync(), 1e-5, 1e-7)).toEqual([]);
  });

  it('masked classes: y = 0, finite gradients that are 0 there, also wrt a per-row τ', () => {
    const logits = tf.tensor([0, -Infinity, 1, -Infinity, -Infinity, 2], [2, 3]);
    const tau = tf.tensor1d([0.5, 1.5]);
    const w = tf.tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const [dl, dt] = tf.grads((l: tf.Tensor, t: tf.Tensor) => tf.sum(tf.mul(w, gumbelSoftmax(l, { tau: t, seed: 1 }))))([logits, tau]);
    expect(Array.from(dl!.dataSync()).every(Number.isFinite)).toBe(true);
    expect(Array.from(dt!.dataSync()).every(Number.isFinite)).toBe(true);
    expect([1, 3, 4].map((i) => Math.abs(dl!.dataSync()[i]!))).toEqual([0, 0, 0]);
    expect(Math.abs(dt!.dataSync()[1]!)).toBe(0); // a sure outcome does not depend on τ
  });

  it('dτ is masked by the −∞ logits only: a NaN logit (unchecked on the op path) makes dτ NaN, not 0', () => {
    const logits = tf.tensor([0, NaN, 1, -Infinity, 0.5, 2], [2, 3]);
    const tau = tf.tensor1d([0.5, 1.5]);
    const w = tf.tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const noise = tf.zerosLike(logits);
    const [, dt] = tf.grads((l: tf.Tensor, t: tf.Tensor) => tf.sum(tf.mul(w, gumbelSoftmax(l, { tau: t, noise }))))([logits, tau]);
    const [bad, masked] = Array.from(dt!.dataSync());
    expect(bad).toBeNaN();
    expect(Number.isFinite(masked)).toBe(true);
    expect(masked).not.toBe(0);
  });

  it('a [batch] τ with the class axis leading is refused (its rows would be classes)', () => {
    const logits = tf.tensor([0.5, -1, 2, 0.3, 0, 1], [2, 3]);
    expect(() => gumbelSoftmax(logits, { axis: 0, tau: tf.tensor1d([1, 2]), seed: 1 })).toThrow(GumbelTypeError);
    expect(() => gumbelSoftmax(logits, { axis: 0, tau: tf.scalar(0.5), seed: 1 }).dispose()).not.toThrow();
  });

  it('bad input: typed errors naming the argument', () => {
    const logits = tf.tensor(LOGITS, [...SHAPE]);
    for (const tau of [0, -1, NaN, Infinity]) expect(() => gumbelSoftmax(logits, { tau })).toThrow(GumbelRangeError);
    expect(() => gumbelSoftmax(logits, { tau: 0 })).toThrow(/tau must be finite and > 0, got 0/);
    expect(() => gumbelSoftmax(logits, { tau: tf.tensor1d([1, 1]) })).toThrow(GumbelTypeError);
    expect(() => gumbelSoftmax(logits, { seed: 1.5 })).toThrow(/seed/);
    expect(() => gumbelSoftmax(logits, { axis: 2 })).toThrow(/axis/);
    expect(() => gumbelSoftmax(logits, { noise: tf.zeros([3, 3]) })).toThrow(/noise/);
    expect(() => gumbelSoftmax(logits, { noise: tf.zeros([3, 4]), seed: 1 })).toThrow(/seed/);
    expect(() => gumbelSoftmax([1, 2] as unknown as tf.Tensor)).toThrow(GumbelTypeError);
    expect(() => gumbelSoftmax(logits, { hard: 1 as unknown as boolean })).toThrow(/hard/);
  });
});
