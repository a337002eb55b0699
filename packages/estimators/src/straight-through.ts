/**
 * Straight-through Gumbel-Softmax (Jang et al. 2017, §2.2): the forward value is the one-hot
 * argmax(logits + g), an exact sample of Cat(softmax(logits)); the backward pass treats it as if
 * it were the relaxed sample softmax((logits + g)/τ) with the same g, so dL/dz at the one-hot is
 * pushed through the relaxed sample's Jacobian. Biased, but its forward pass is discrete.
 */
import { requireBackend } from './capabilities.js';
import type { Reading } from './host-reads.js';
import { EstimatorState, beginCategoricalDraw } from './options.js';
import { finishSample, samplers } from './protocol.js';
import type { EstimatorOptions, EstimatorSample, PathwiseEstimator, SampleOptions } from './types.js';
import type { Backend } from '@gumbel/core';

export function createStraightThroughGumbelSoftmax<T>(backend: Backend<T>, options: EstimatorOptions<T> = {}): PathwiseEstimator<T> {
  requireBackend(backend, 'straight-through Gumbel-Softmax', ['seededNoise', 'gradients']);
  const state = new EstimatorState(options.seed);
  const defaultTau = options.tau ?? 1;
  return {
    name: 'straight-through-gumbel-softmax',
    kind: 'pathwise',
    backend,
    get step() {
      return state.step;
    },
    ...samplers(backend, function* (logits: T, sampleOptions?: SampleOptions<T>): Reading<T, EstimatorSample<T, T>> {
      const { tau, noise } = beginCategoricalDraw(backend, state, logits, sampleOptions, defaultTau);
      const { hard, soft } = backend.straightThroughSample({ logits, tau, noise });
      return finishSample(backend, {
        value: hard,
        tau,
        *backward(dy: T) {
          return backend.relaxedSampleVjp({ logits, tau, noise, y: soft, dy });
        },
        dispose: () => backend.dispose(noise, soft),
      });
    }),
  };
}
