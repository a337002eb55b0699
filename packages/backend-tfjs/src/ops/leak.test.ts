import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { useCpuBackend } from '../testing/support.js';
import { concreteLogProb } from './density-ops.js';
import { gumbelSoftmax } from './gumbel-softmax.js';
import { gumbelMax } from './gumbel-max.js';
import { relaxedBernoulli } from './relaxed-bernoulli.js';

beforeAll(useCpuBackend);

it('10,000 forward+backward steps leave tf.memory().numTensors where it was', () => {
  const logits = tf.variable(tf.randomNormal([8, 5], 0, 1, 'float32', 1));
  const tau = tf.variable(tf.scalar(0.9));
  const rowTau = tf.variable(tf.ones([8]));
  const optimizer = tf.train.sgd(1e-3);
  const step = (i: number): void => {
    const cost = optimizer.minimize(() => {
      const y = gumbelSoftmax(logits, { tau: i % 2 === 0 ? tau : rowTau, hard: i % 3 === 0, seed: i });
      const b = relaxedBernoulli(logits, { tau, seed: i });
      const lp = concreteLogProb(tf.clipByValue(y, 1e-6, 1), logits, tau);
      return tf.add(tf.add(tf.sum(tf.square(y)), tf.mean(b)), tf.mul(1e-3, tf.mean(lp))) as tf.Scalar;
    }, true);
    cost?.dispose();
    gumbelMax(logits, { seed: i }).dispose();
  };
  for (let i = 0; i < 10; i++) step(i); // warm-up: optimizer slots, cached constants
  const before = tf.memory().numTensors;
  for (let i = 10; i < 10_000; i++) step(i);
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([logits, tau, rowTau]);
  optimizer.dispose();
}, 300_000); // ~12 s alone; generous for a loaded 2-core CI machine

it('Backend<tf.Tensor> kernels free their intermediates: 500 rounds of every kernel leave numTensors unchanged', async () => {
  const { createTfjsBackend } = await import('../create-tfjs-backend.js');
  const backend = createTfjsBackend();
  const logits = backend.fromArray([0.5, -1, 2, -Infinity, 0, 1], [2, 3]);
  const tau = backend.fromArray([0.5, 2], [2]);
  // on the simplex over the unmasked classes (row 1 masks class 0), as the densities now check
  const y = backend.fromArray([0.2, 0.3, 0.5, 0.6, 0.15, 0.85], [2, 3]);
  const dOut = backend.fromArray([1, -1], [2]);
  const round = (seed: number): void => {
    const noise = backend.gumbelNoise([2, 3], seed);
    const out: tf.Tensor[] = [noise];
    const s = backend.relaxedSample({ logits, tau, noise });
    const st = backend.straightThroughSample({ logits, tau, noise });
    const vjp = backend.relaxedSampleVjp({ logits, tau, noise, y: s, dy: y });
    const lvjp = backend.relaxedLogSampleVjp({ logits, tau, noise, logY: s, dLogY: y });
    const d = backend.concreteLogProbVjp({ logits, tau, y, dOut });
    const b = backend.binConcreteLogProbVjp({ logits, tau, y, dOut: y });
    out.push(s, st.hard, st.soft, vjp.dLogits, vjp.dTau, lvjp.dLogits, lvjp.dTau, d.dLogits, d.dTau, d.dValue, b.dLogits, b.dTau, b.dValue);
    const bv = backend.relaxedBernoulliVjp({ logits, tau, y, dy: y });
    const index = backend.fromArray([0, 2], [2]);
    out.push(backend.topK({ logits, noise, count: 2 }), backend.argmax(s), bv.dLogits, bv.dTau, index);
    out.push(backend.conditionalGumbelNoise(logits, index, seed));
    backend.dispose(...out);
  };
  round(0);
  const before = tf.memory().numTensors;
  for (let i = 1; i <= 500; i++) round(i);
  expect(tf.memory().numTensors).toBe(before);
});
