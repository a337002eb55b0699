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
 *
 * τ < 1 is refused (GumbelRangeError naming `tau`), as the authors' reference does
 * (microsoft/ReinMax raises for τ < 1): there π1 leans towards the sharpened softmax(θ/τ) and the
 * step stops approximating the gradient — on the toy problem the mean points the wrong way
 * (cosine −0.69 at τ = 0.5, −0.77 at τ = 0.1; test in reinmax.test.ts). `allowTauBelowOne: true`
 * lifts the check, for diagnostics that want to show that (the report's ReinMax row does).
 */
import type { Backend, RandomSource } from '@gumbel/core';
import { GumbelRangeError, GumbelTypeError } from '@gumbel/core';
import { requireBackend } from './capabilities.js';
import { read, readAndDispose } from './host-reads.js';
import type { Reading } from './host-reads.js';
import { EstimatorState, beginCategoricalDraw, categoricalShape, optionsObject, resolveTau } from './options.js';
import { definePathwise, finishSample } from './protocol.js';
import type { EstimatorGradients, EstimatorSample, PathwiseEstimator, SampleOptions, TemperatureOption } from './types.js';

/** The smallest τ ReinMax accepts (the registry's `minTau` for it). */
export const REINMAX_MIN_TAU = 1;

export interface ReinMaxOptions<T> {
  readonly seed?: RandomSource;
  /** τ ≥ 1 of the softmax(θ/τ) term (default 1). */
  readonly tau?: TemperatureOption<T>;
  /** Accept τ < 1 (default false: refused, as the authors do); for diagnostics only. */
  readonly allowTauBelowOne?: boolean;
}

export function createReinMax<T>(backend: Backend<T>, options: ReinMaxOptions<T> = {}): PathwiseEstimator<T> {
  requireBackend(backend, 'ReinMax', ['seededNoise', 'gradients']);
  const state = new EstimatorState(options.seed);
  const defaultTau = options.tau ?? 1;
  const allowBelowOne = options.allowTauBelowOne ?? false;
  if (typeof allowBelowOne !== 'boolean') throw new GumbelTypeError('allowTauBelowOne', allowBelowOne, 'a boolean');
  return definePathwise(
    backend,
    'reinmax',
    state,
    function* (logits: T, sampleOptions?: SampleOptions<T>): Reading<T, EstimatorSample<T, T>> {
      // Check τ ≥ 1 before the call counts (a refused call leaves stream and step as they were).
      const opts = optionsObject(sampleOptions);
      const [rows] = categoricalShape(backend, logits);
      const checked = resolveTau(backend, opts.tau ?? defaultTau, state.resolve(opts).step, rows);
      if (!allowBelowOne) {
        const values = typeof checked === 'number' ? [checked] : yield* read(checked);
        values.forEach((v, i) => {
          if (!(v >= REINMAX_MIN_TAU)) throw new GumbelRangeError(typeof checked === 'number' ? 'tau' : `tau[${i}]`, v, '≥ 1 for ReinMax (the authors refuse τ < 1: the estimate points the wrong way there)');
        });
      }
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
