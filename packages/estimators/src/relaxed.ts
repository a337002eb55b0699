/**
 * Relaxed Gumbel-Softmax / Concrete (Jang, Gu & Poole 2017; Maddison, Mnih & Teh 2017):
 * y = softmax((logits + g)/τ) with g standard Gumbel. The gradient is the exact derivative of the
 * relaxed sample (the reparameterisation), wrt the logits and wrt τ (a learnable temperature).
 */
import { requireBackend } from './capabilities.js';
import type { Reading } from './host-reads.js';
import { EstimatorState, beginCategoricalDraw } from './options.js';
import { finishSample, samplers } from './protocol.js';
import type { EstimatorOptions, EstimatorSample, PathwiseEstimator, SampleOptions } from './types.js';
import type { Backend } from '@gumbel/core';

export function createRelaxedGumbelSoftmax<T>(backend: Backend<T>, options: EstimatorOptions<T> = {}): PathwiseEstimator<T> {
  requireBackend(backend, 'relaxed Gumbel-Softmax', ['seededNoise', 'gradients']);
  const state = new EstimatorState(options.seed);
  const defaultTau = options.tau ?? 1;
  return {
    name: 'relaxed-gumbel-softmax',
    kind: 'pathwise',
    backend,
    get step() {
      return state.step;
    },
    ...samplers(backend, function* (logits: T, sampleOptions?: SampleOptions<T>): Reading<T, EstimatorSample<T, T>> {
      const { tau, noise } = beginCategoricalDraw(backend, state, logits, sampleOptions, defaultTau);
      const y = backend.relaxedSample({ logits, tau, noise });
      return finishSample(backend, {
        value: y,
        tau,
        *backward(dy: T) {
          return backend.relaxedSampleVjp({ logits, tau, noise, y, dy });
        },
        dispose: () => backend.dispose(noise),
      });
    }),
  };
}
