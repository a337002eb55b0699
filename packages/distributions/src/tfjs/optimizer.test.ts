/**
 * The tape in a training loop: tf.train.adam minimises −mean log p(y | logits, τ) of
 * RelaxedOneHotCategorical over tf.variables (τ = exp(u), u a variable), so the temperature is
 * learned by tfjs's own optimizer. 300 steps from τ = 1 move τ to within 0.1 of τ* = 0.5 at N = 400
 * (the MLE's sd there is ≈ 0.015; Adam at rate 0.05 has converged by then), and the loop leaks no tensors.
 */
import { createTfjsBackend } from '@gumbel/backend-tfjs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { describe, expect, it } from 'vitest';
import { RelaxedOneHotCategorical } from '../index.js';
import { tfjsTape } from './index.js';

describe('tfjsTape inside tf.train optimizers', () => {
  it('learns the temperature and the logits with Adam; no tensors leak across steps', async () => {
    await tf.setBackend('cpu');
    const backend = createTfjsBackend();
    const tape = tfjsTape();
    const trueLogits = tf.tensor([1, 0.2, -0.5, -1]);
    const truth = new RelaxedOneHotCategorical({ backend, logits: trueLogits, temperature: 0.5 });
    const y = truth.sample([400], { seed: 11 });
    const logits = tf.variable(tf.zeros([4]));
    const logTau = tf.variable(tf.scalar(0));
    const optimizer = tf.train.adam(0.05);
    const loss = () => tf.neg(tf.mean(new RelaxedOneHotCategorical({ backend, tape, logits, temperature: tf.exp(logTau) }).logProb(y))) as tf.Scalar;
    optimizer.minimize(loss);
    const before = tf.memory().numTensors;
    for (let step = 1; step < 300; step++) optimizer.minimize(loss);
    expect(tf.memory().numTensors).toBe(before);
    const tau = Math.exp(logTau.dataSync()[0] as number);
    expect(Math.abs(tau - 0.5)).toBeLessThan(0.1);
    tf.dispose([trueLogits, y, logits, logTau]);
    optimizer.dispose();
  });
});
