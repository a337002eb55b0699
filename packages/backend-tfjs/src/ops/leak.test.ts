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
      const lp = concreteLogProb(logits, tf.clipByValue(y, 1e-6, 1), tau);
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
});
