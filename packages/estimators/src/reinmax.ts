/**
 * ReinMax (Liu, Zhao, Wang, Zhou, Gao & Gao 2023, "Bridging Discrete and Backpropagation:
 * Straight-Through and Beyond", Algorithm 2). Straight-through is a forward-Euler (first-order)
 * approximation of the gradient; ReinMax applies Heun's method for second-order accuracy at the
 * same cost:
 *   π0 = softmax(θ),  D ~ Cat(π0) (one-hot, the forward value),
 *   π1 = (D + softmax(θ/τ)) / 2,
 *   ∇θ = 2·J(π1)ᵀ g − ½·J(π0)ᵀ g,   with J(π)ᵀ g = π ⊙ (g − ⟨π, g⟩) and g = dL/dD.
 * J(π1) is the softmax Jacobian evaluated at π1 (the paper writes π1 as softmax(sg(log π1 − θ) + θ)),
 * so it is the backend's softmax VJP at logits log π1, τ = 1. τ is not differentiated (no dTau).
 * Note the sample is drawn from softmax(θ) itself, not from a tempered distribution.
 */
import type { Backend, RandomSource } from '@gumbel/core';
import { requireBackend } from './capabilities.js';
import { read, readAndDispose } from './host-reads.js';
import type { Reading } from './host-reads.js';
import { EstimatorState, beginCategoricalDraw } from './options.js';
import { definePathwise, finishSample } from './protocol.js';
import type { EstimatorGradients, EstimatorSample, PathwiseEstimator, SampleOptions, TemperatureOption } from './types.js';

export interface ReinMaxOptions<T> {
  readonly seed?: RandomSource;
  /** τ of the softmax(θ/τ) term (default 1; the authors recommend τ ≥ 1 for ReinMax). */
  readonly tau?: TemperatureOption<T>;
}

export function createReinMax<T>(backend: Backend<T>, options: ReinMaxOptions<T> = {}): PathwiseEstimator<T> {
  requireBackend(backend, 'ReinMax', ['seededNoise', 'gradients']);
  const state = new EstimatorState(options.seed);
  const defaultTau = options.tau ?? 1;
  return definePathwise(
    backend,
    'reinmax',
    state,
    function* (logits: T, sampleOptions?: SampleOptions<T>): Reading<T, EstimatorSample<T, T>> {
      const { batch, k, tau, noise } = beginCategoricalDraw(backend, state, logits, sampleOptions, defaultTau);
      const { hard, soft } = backend.straightThroughSample({ logits, tau: 1, noise });
      backend.dispose(noise, soft);
      const pi0 = backend.relaxedSample({ logits, tau: 1 });
      const tempered = backend.relaxedSample({ logits, tau });
      return finishSample(backend, {
        value: hard,
        tau,
        *backward(dy: T): Reading<T, EstimatorGradients<T>> {
          const d = yield* read(hard);
          const pt = yield* read(tempered);
          const pi1Values = new Float64Array(batch * k);
          const logPi1Values = new Float64Array(batch * k);
          for (let i = 0; i < pi1Values.length; i++) {
            const p = ((d[i] as number) + (pt[i] as number)) / 2;
            pi1Values[i] = p;
            logPi1Values[i] = Math.log(p); // −∞ only where both terms are 0: a masked class.
          }
          const pi1 = backend.fromArray(pi1Values, [batch, k]);
          const logPi1 = backend.fromArray(logPi1Values, [batch, k]);
          const first = backend.relaxedSampleVjp({ logits: logPi1, tau: 1, y: pi1, dy });
          const zeroth = backend.relaxedSampleVjp({ logits, tau: 1, y: pi0, dy });
          backend.dispose(pi1, logPi1, first.dTau, zeroth.dTau);
          const a = yield* readAndDispose(backend, first.dLogits);
          const b = yield* readAndDispose(backend, zeroth.dLogits);
          const out = new Float64Array(batch * k);
          for (let i = 0; i < out.length; i++) out[i] = 2 * (a[i] as number) - 0.5 * (b[i] as number);
          return { dLogits: backend.fromArray(out, [batch, k]) };
        },
        dispose: () => backend.dispose(pi0, tempered),
      });
    },
  );
}
