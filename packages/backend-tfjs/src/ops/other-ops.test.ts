import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { GumbelRangeError } from '@gumbel/core';
import { closeTo, cpu64, fromCpu, toCpu, useCpuBackend } from '../testing/support.js';
import { binConcreteLogProb, concreteLogProb, expConcreteLogProb } from './density-ops.js';
import { gumbelMax, gumbelTopK } from './gumbel-max.js';
import { relaxedBernoulli } from './relaxed-bernoulli.js';

// Reference: backend-cpu in float64. float32 rounding of inputs and a handful of terms per row:
// rtol 5e-5, atol 1e-5 (densities sum log terms of magnitude ~10, so absolute error ~1e-6·10).
const RTOL = 5e-5;
const ATOL = 1e-5;

beforeAll(useCpuBackend);

describe('relaxedBernoulli', () => {
  const LOGITS = [0.5, -1, 2, -Infinity, 0, 1.3];
  it('same seed = the CPU sample; tf.grad wrt logits and per-row τ = the CPU VJP; hard is straight-through', () => {
    const logits = tf.tensor(LOGITS, [2, 3]);
    const w = tf.tensor([1, -2, 0.5, 3, 1, -1], [2, 3]);
    const taus = [0.6, 1.7];
    const tau = tf.tensor1d(taus);
    const noiseCpu = cpu64.logisticNoise([2, 3], 77);
    const args = { logits: toCpu(logits), tau: cpu64.fromArray(taus, [2]), noise: noiseCpu };
    const y = relaxedBernoulli(logits, { tau, seed: 77 });
    expect(closeTo(y.dataSync(), cpu64.relaxedBernoulli(args).data, 1e-4, 1e-6)).toEqual([]);
    const noise = fromCpu(noiseCpu);
    const [dl, dt] = tf.grads((l: tf.Tensor, t: tf.Tensor) => tf.sum(tf.mul(w, relaxedBernoulli(l, { tau: t, noise }))))([logits, tau]);
    const ref = cpu64.relaxedBernoulliVjp({ ...args, y: cpu64.relaxedBernoulli(args), dy: toCpu(w) });
    expect(closeTo(dl!.dataSync(), ref.dLogits.data, RTOL, ATOL)).toEqual([]);
    expect(closeTo(dt!.dataSync(), ref.dTau.data, RTOL, ATOL)).toEqual([]);
    const hard = relaxedBernoulli(logits, { tau, noise, hard: true }).dataSync();
    expect(Array.from(hard)).toEqual(Array.from(cpu64.hardBernoulli({ logits: args.logits, noise: noiseCpu }).data));
    const [dlHard] = tf.grads((l: tf.Tensor, t: tf.Tensor) => tf.sum(tf.mul(w, relaxedBernoulli(l, { tau: t, noise, hard: true }))))([logits, tau]);
    expect(Array.from(dlHard!.dataSync())).toEqual(Array.from(dl!.dataSync()));
  });

  it('dτ is masked by the −∞ logits only: a NaN logit (unchecked on the op path) makes its row NaN, not 0', () => {
    const logits = tf.tensor([0.5, NaN, 1, -Infinity, 0, 1.3], [2, 3]);
    const tau = tf.tensor1d([0.6, 1.7]);
    const noise = tf.zerosLike(logits);
    const [, dt] = tf.grads((l: tf.Tensor, t: tf.Tensor) => tf.sum(relaxedBernoulli(l, { tau: t, noise })))([logits, tau]);
    const [bad, masked] = Array.from(dt!.dataSync());
    expect(bad).toBeNaN();
    expect(Number.isFinite(masked)).toBe(true);
    expect(masked).not.toBe(0);
  });
});

describe('gumbelMax and gumbelTopK', () => {
  it('are the argmax / top-k of logits plus the seeded stream, as on the CPU backend', () => {
    const values = [0.1, 2, -1, 0.5, -Infinity, 1, 3, 0, -2, 0.2, 0.3, 0.4];
    const logits = tf.tensor(values, [3, 4]);
    const cl = cpu64.fromArray(values, [3, 4]);
    const noise = cpu64.gumbelNoise([3, 4], 123);
    expect(Array.from(gumbelMax(logits, { seed: 123 }).dataSync())).toEqual(Array.from(cpu64.argmax(cpu64.relaxedLogSample({ logits: cl, tau: 1, noise })).data));
    expect(Array.from(gumbelTopK(logits, 3, { seed: 123 }).dataSync())).toEqual(Array.from(cpu64.topK({ logits: cl, noise, count: 3 }).data));
    expect(gumbelMax(logits, { seed: 1 }).dtype).toBe('int32');
    expect(() => gumbelTopK(logits, 5)).toThrow(GumbelRangeError);
    expect(() => gumbelTopK(logits, 0)).toThrow(/count/);
  });

  it('the op returns int32 indices, the Backend kernel of the same name a float32 one-hot: the same draw', async () => {
    const { createTfjsBackend } = await import('../create-tfjs-backend.js');
    const backend = createTfjsBackend();
    const logits = tf.tensor([0.1, 2, -1, 0.5, -Infinity, 1, 3, 0, -2, 0.2, 0.3, 0.4], [3, 4]);
    const noise = fromCpu(cpu64.gumbelNoise([3, 4], 9));
    const index = gumbelMax(logits, { noise });
    const oneHot = backend.gumbelMax({ logits, noise });
    expect([index.dtype, index.shape]).toEqual(['int32', [3]]);
    expect([oneHot.dtype, oneHot.shape]).toEqual(['float32', [3, 4]]);
    const converted = tf.oneHot(index, 4);
    expect(Array.from(converted.dataSync())).toEqual(Array.from(oneHot.dataSync()));
    tf.dispose([logits, noise, index, oneHot, converted]);
  });

  it('a masked class is never drawn (2000 draws)', () => {
    const logits = tf.tensor([[5, -Infinity, 0]]);
    const draws = new Set<number>();
    for (let seed = 0; seed < 2000; seed++) {
      const i = gumbelMax(logits, { seed });
      draws.add(i.dataSync()[0] as number);
      i.dispose();
    }
    expect(draws.has(1)).toBe(false);
    expect(draws.has(2)).toBe(true); // e^-5 ≈ 0.0067: ~13 of 2000 draws expected; P(none) ≈ 2e-6
  });
});

describe('density ops', () => {
  const LOGITS = [0.5, -1, 2, 0.3, -Infinity, 1];
  const Y = [0.2, 0.3, 0.5, 0.6, 0.15, 0.4];
  const W = [1.5, -0.7];
  it.each([
    ['concreteLogProb', 'concrete'],
    ['expConcreteLogProb', 'expConcrete'],
  ] as const)('%s: value and tf.grad wrt logits, the point and a [batch] τ equal the CPU VJP', (_name, form) => {
    const op = form === 'concrete' ? concreteLogProb : expConcreteLogProb;
    const point = form === 'concrete' ? Y : Y.map(Math.log);
    const logits = tf.tensor(LOGITS, [2, 3]);
    const value = tf.tensor(point, [2, 3]);
    const tau = tf.tensor1d([0.7, 1.9]);
    const w = tf.tensor1d(W);
    const cl = toCpu(logits);
    const cv = cpu64.fromArray(point, [2, 3]);
    const ct = cpu64.fromArray([0.7, 1.9], [2]);
    const ref = form === 'concrete' ? cpu64.concreteLogProb({ logits: cl, tau: ct, y: cv }) : cpu64.expConcreteLogProb({ logits: cl, tau: ct, x: cv });
    expect(closeTo(op(value, logits, tau).dataSync(), ref.data, RTOL, ATOL)).toEqual([]);
    const refG = form === 'concrete'
      ? cpu64.concreteLogProbVjp({ logits: cl, tau: ct, y: cv, dOut: cpu64.fromArray(W, [2]) })
      : cpu64.expConcreteLogProbVjp({ logits: cl, tau: ct, x: cv, dOut: cpu64.fromArray(W, [2]) });
    const [dl, dv, dt] = tf.grads((l: tf.Tensor, v: tf.Tensor, t: tf.Tensor) => tf.sum(tf.mul(w, op(v, l, t))))([logits, value, tau]);
    expect(closeTo(dl!.dataSync(), refG.dLogits.data, RTOL, ATOL)).toEqual([]);
    expect(closeTo(dv!.dataSync(), refG.dValue.data, RTOL, ATOL)).toEqual([]);
    expect(closeTo(dt!.dataSync(), refG.dTau.data, RTOL, ATOL)).toEqual([]);
  });

  it('binConcreteLogProb: value and gradients with a number τ equal the CPU VJP', () => {
    const logits = tf.tensor(LOGITS, [2, 3]);
    const y = tf.tensor(Y, [2, 3]);
    const dOut = [1, -1, 0.5, 2, 1, -0.3];
    const cl = toCpu(logits);
    const cy = cpu64.fromArray(Y, [2, 3]);
    expect(closeTo(binConcreteLogProb(y, logits, 0.8).dataSync(), cpu64.binConcreteLogProb({ logits: cl, tau: 0.8, y: cy }).data, RTOL, ATOL)).toEqual([]);
    const ref = cpu64.binConcreteLogProbVjp({ logits: cl, tau: 0.8, y: cy, dOut: cpu64.fromArray(dOut, [2, 3]) });
    const w = tf.tensor(dOut, [2, 3]);
    const [dl, dv] = tf.grads((l: tf.Tensor, v: tf.Tensor) => tf.sum(tf.mul(w, binConcreteLogProb(v, l, 0.8))))([logits, y]);
    expect(closeTo(dl!.dataSync(), ref.dLogits.data, RTOL, ATOL)).toEqual([]);
    expect(closeTo(dv!.dataSync(), ref.dValue.data, RTOL, ATOL)).toEqual([]);
  });
});
