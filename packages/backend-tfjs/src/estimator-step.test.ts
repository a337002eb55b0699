import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGumbelRao, createRelaxedGumbelSoftmax, createReinforce } from '@gumbel/estimators';
import { closeTo, useCpuBackend } from './testing/support.js';
import { createTfjsBackend } from './create-tfjs-backend.js';
import { estimatorGrads } from './estimator-step.js';
import { gumbelSoftmax } from './ops/gumbel-softmax.js';

beforeAll(useCpuBackend);

describe('estimatorGrads: @gumbel/estimators inside tfjs training', () => {
  it('relaxed Gumbel-Softmax: gradients wrt encoder and decoder variables equal tf.grad through the gumbelSoftmax op', async () => {
    const backend = createTfjsBackend();
    const x = tf.tensor([[1, 0.5], [-0.3, 2], [0.8, -1]]);
    const W = tf.variable(tf.tensor([[0.2, -0.5, 1], [0.7, 0.1, -0.4]]), true, 'W');
    const V = tf.variable(tf.tensor([[1, -1], [0.5, 2], [-0.3, 0.4]]), true, 'V');
    const target = tf.tensor([[1, 0], [0, 1], [1, 1]]);
    const loss = (z: tf.Tensor) => tf.sum(tf.square(tf.sub(tf.matMul(z, V), target)));
    const estimator = createRelaxedGumbelSoftmax(backend, { seed: 31, tau: 0.6 });
    const { loss: l, grads } = await estimatorGrads(estimator, { logits: () => tf.matMul(x, W), loss, varList: [W, V] });
    // The independent path: the customGrad op with the same seed (the same stream, position 0).
    const ref = tf.variableGrads(() => loss(gumbelSoftmax(tf.matMul(x, W), { tau: 0.6, seed: 31 })) as tf.Scalar, [W, V]);
    expect(closeTo(grads['W']!.dataSync(), ref.grads['W']!.dataSync(), 1e-5, 1e-6)).toEqual([]);
    expect(closeTo(grads['V']!.dataSync(), ref.grads['V']!.dataSync(), 1e-5, 1e-6)).toEqual([]);
    expect(l).toBeCloseTo(ref.value.dataSync()[0]!, 4);
  });

  it('REINFORCE (leave-one-out) and Gumbel-Rao train a categorical policy with a tf optimizer; no tensors leak', async () => {
    // Loss of class c: (c − 2)²; the best class is 2. Exact gradients exist, but here we only need
    // the policy to concentrate: after 150 steps of Adam(0.1), p(class 2) > 0.9 for both.
    const backend = createTfjsBackend();
    const cost = tf.tensor1d([4, 1, 0, 1]);
    for (const make of [
      () => createReinforce(backend, { seed: 5, samples: 4, baseline: 'leave-one-out' }),
      () => createGumbelRao(backend, { seed: 6, samples: 4, tau: 0.5 }),
    ]) {
      const estimator = make();
      const theta = tf.variable(tf.zeros([2, 4]));
      const optimizer: tf.Optimizer = tf.train.adam(0.1);
      let afterFirst = 0;
      for (let step = 0; step < 150; step++) {
        const perRow = (z: tf.Tensor) => tf.sum(tf.mul(z, cost), -1);
        const { grads } = await estimatorGrads(estimator, {
          logits: () => theta,
          loss: estimator.kind === 'pathwise' ? (z) => tf.sum(perRow(z)) : perRow,
          varList: [theta],
        });
        optimizer.applyGradients(grads);
        tf.dispose(grads);
        if (step === 0) afterFirst = tf.memory().numTensors; // Adam's slots now exist
      }
      expect(tf.memory().numTensors, `${estimator.name} leaks`).toBe(afterFirst);
      const p = tf.softmax(theta).dataSync();
      expect([p[2], p[6]].every((v) => (v as number) > 0.9), `${estimator.name}: ${Array.from(p)}`).toBe(true);
      theta.dispose();
      optimizer.dispose();
    }
  });

  it('rejects an estimator on another backend', async () => {
    const { createCpuBackend } = await import('@gumbel/backend-cpu');
    const estimator = createRelaxedGumbelSoftmax(createCpuBackend(), { seed: 1 });
    await expect(estimatorGrads(estimator as never, { logits: () => tf.zeros([1, 2]), loss: (z) => tf.sum(z) })).rejects.toThrow(/tfjs/);
  });
});
