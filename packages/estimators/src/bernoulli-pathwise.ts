/**
 * Binary versions of the pathwise estimators, elementwise over logits of any rank ≥ 1 (τ per row
 * of the leading axis). Relaxed Bernoulli / BinConcrete (Maddison et al. 2017): y = σ((logit + l)/τ)
 * with l standard logistic, differentiated exactly wrt logits and τ. Straight-through Bernoulli:
 * the forward value is the exact bit [logit + l > 0] ~ Bernoulli(σ(logit)); the backward pass uses
 * the relaxed y's Jacobian with the same l.
 */
import { requireBackend } from './capabilities.js';
import type { Reading } from './host-reads.js';
import { EstimatorState, bernoulliShape, optionsObject, resolveTau } from './options.js';
import { definePathwise, finishSample } from './protocol.js';
import type { EstimatorOptions, EstimatorSample, PathwiseEstimator, SampleOptions } from './types.js';
import type { Backend } from '@gumbel/core';

function createBernoulliPathwise<T>(
  backend: Backend<T>,
  options: EstimatorOptions<T>,
  name: string,
  straightThrough: boolean,
): PathwiseEstimator<T> {
  requireBackend(backend, name, ['seededNoise', 'gradients', 'bernoulli']);
  const state = new EstimatorState(options.seed);
  const defaultTau = options.tau ?? 1;
  return definePathwise(
    backend,
    name,
    state,
    function* (logits: T, sampleOptions?: SampleOptions<T>): Reading<T, EstimatorSample<T, T>> {
      const opts = optionsObject(sampleOptions);
      const { shape, batch } = bernoulliShape(backend, logits);
      const { rng, step } = state.resolve(opts);
      const tau = resolveTau(backend, opts.tau ?? defaultTau, step, batch);
      state.commit();
      const noise = backend.logisticNoise(shape, rng);
      const y = backend.relaxedBernoulli({ logits, tau, noise });
      const value = straightThrough ? backend.hardBernoulli({ logits, noise }) : y;
      return finishSample(backend, {
        value,
        tau,
        *backward(dy: T) {
          return backend.relaxedBernoulliVjp({ logits, tau, noise, y, dy });
        },
        dispose: () => (straightThrough ? backend.dispose(noise, y) : backend.dispose(noise)),
      });
    },
  );
}

export function createRelaxedBernoulli<T>(backend: Backend<T>, options: EstimatorOptions<T> = {}): PathwiseEstimator<T> {
  return createBernoulliPathwise(backend, options, 'relaxed-bernoulli', false);
}

export function createStraightThroughBernoulli<T>(backend: Backend<T>, options: EstimatorOptions<T> = {}): PathwiseEstimator<T> {
  return createBernoulliPathwise(backend, options, 'straight-through-bernoulli', true);
}
