/**
 * The two Gumbel-Softmax estimators (Jang, Gu & Poole 2017; Maddison, Mnih & Teh 2017), which
 * share their draw and their gradient rule and differ only in the forward value.
 * - Relaxed (Concrete): y = softmax((logits + g)/τ) with g standard Gumbel; the gradient is the
 *   exact derivative of the relaxed sample (the reparameterisation), wrt the logits and wrt τ.
 * - Straight-through (§2.2): the forward value is the one-hot argmax(logits + g), an exact sample
 *   of Cat(softmax(logits)); the backward pass treats it as if it were the relaxed sample with the
 *   same g, so dL/dz at the one-hot is pushed through the relaxed sample's Jacobian. Biased, but
 *   its forward pass is discrete.
 */
import { requireBackend } from './capabilities.js';
import type { Reading } from './host-reads.js';
import { EstimatorState, beginCategoricalDraw } from './options.js';
import { definePathwise, finishSample } from './protocol.js';
import type { EstimatorOptions, EstimatorSample, PathwiseEstimator, SampleOptions } from './types.js';
import type { Backend } from '@gumbel/core';

function createGumbelSoftmax<T>(backend: Backend<T>, options: EstimatorOptions<T>, label: string, name: string, straightThrough: boolean): PathwiseEstimator<T> {
  requireBackend(backend, label, ['seededNoise', 'gradients']);
  const state = new EstimatorState(options.seed);
  const defaultTau = options.tau ?? 1;
  return definePathwise(
    backend,
    name,
    state,
    function* (logits: T, sampleOptions?: SampleOptions<T>): Reading<T, EstimatorSample<T, T>> {
      const { tau, noise } = beginCategoricalDraw(backend, state, logits, sampleOptions, defaultTau);
      // Straight-through keeps the soft sample for its backward pass; relaxed returns it.
      const { hard, soft } = straightThrough
        ? backend.straightThroughSample({ logits, tau, noise })
        : { hard: undefined, soft: backend.relaxedSample({ logits, tau, noise }) };
      return finishSample(backend, {
        value: hard ?? soft,
        tau,
        *backward(dy: T) {
          return backend.relaxedSampleVjp({ logits, tau, noise, y: soft, dy });
        },
        dispose: () => (hard === undefined ? backend.dispose(noise) : backend.dispose(noise, soft)),
      });
    },
  );
}

export function createRelaxedGumbelSoftmax<T>(backend: Backend<T>, options: EstimatorOptions<T> = {}): PathwiseEstimator<T> {
  return createGumbelSoftmax(backend, options, 'relaxed Gumbel-Softmax', 'relaxed-gumbel-softmax', false);
}

export function createStraightThroughGumbelSoftmax<T>(backend: Backend<T>, options: EstimatorOptions<T> = {}): PathwiseEstimator<T> {
  return createGumbelSoftmax(backend, options, 'straight-through Gumbel-Softmax', 'straight-through-gumbel-softmax', true);
}
