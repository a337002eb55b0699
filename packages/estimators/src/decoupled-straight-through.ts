/**
 * Decoupled straight-through Gumbel-Softmax (Shah, Yan, Mozer & Liu 2024, "Improving Discrete
 * Optimisation Via Decoupled Straight-Through Gumbel-Softmax", arXiv 2410.13331 v1): ST-GS with
 * one temperature for the forward pass and another for the backward pass, the same Gumbels g:
 *   forward:  y_f = softmax((θ + g)/τ_f);  value = onehot(argmax y_f)  (`hard`, default)  or  y_f,
 *   backward: ∇θ = J(y_b)ᵀ·dL/dz,  y_b = softmax((θ + g)/τ_b).
 * τ_f = τ_b gives ST-GS (hard) or the relaxed Gumbel-Softmax (soft) back: the single-temperature
 * methods are the diagonal. Note what the algebra implies: argmax((θ + g)/τ_f) does not depend on
 * τ_f, so with a hard forward τ_f changes nothing and the estimator *is* ST-GS at τ_b (tested,
 * exactly). τ_f matters with a relaxed forward (`hard: false`), where the loss sees y_f while the
 * gradient takes y_b's Jacobian. (v2 of the paper reframes τ_f as "forward-pass stochasticity";
 * the arithmetic above is v1's, which is what a hard/relaxed forward with decoupled τ can mean
 * without changing the sampled distribution.)
 *
 * τ: `tau` (factory or per call; number, `[batch]` tensor or schedule) is τ_b, the one the
 * report sweeps; `forwardTau` is τ_f (default: the call's τ_b). No dTau: both temperatures are
 * hyperparameters here, and the gradient is no derivative of a single surrogate in either.
 */
import type { Backend, RandomSource } from '@gumbel/core';
import { GumbelTypeError } from '@gumbel/core';
import { requireBackend } from './capabilities.js';
import type { Reading } from './host-reads.js';
import { EstimatorState, beginCategoricalDraw, categoricalShape, optionsObject, resolveTau } from './options.js';
import { definePathwise, finishSample } from './protocol.js';
import type { EstimatorSample, PathwiseEstimator, SampleOptions, TemperatureOption } from './types.js';

export interface DecoupledStraightThroughOptions<T> {
  readonly seed?: RandomSource;
  /** τ_b, the backward temperature (default 1); a per-call `tau` overrides it. */
  readonly tau?: TemperatureOption<T>;
  /** τ_f, the forward temperature (default: the call's τ_b). */
  readonly forwardTau?: TemperatureOption<T>;
  /** Forward value: the one-hot (true, default) or the relaxed y_f. */
  readonly hard?: boolean;
}

export interface DecoupledStraightThroughEstimator<T> extends PathwiseEstimator<T> {
  readonly hard: boolean;
}

export function createDecoupledStraightThrough<T>(backend: Backend<T>, options: DecoupledStraightThroughOptions<T> = {}): DecoupledStraightThroughEstimator<T> {
  requireBackend(backend, 'decoupled straight-through', ['seededNoise', 'gradients']);
  if (typeof options !== 'object' || options === null) throw new GumbelTypeError('options', options, 'an object or undefined');
  const hard = options.hard ?? true;
  if (typeof hard !== 'boolean') throw new GumbelTypeError('hard', hard, 'a boolean');
  const state = new EstimatorState(options.seed);
  const defaultTau = options.tau ?? 1;
  const forwardTau = options.forwardTau;
  return definePathwise(
    backend,
    'decoupled-straight-through',
    state,
    function* (logits: T, sampleOptions?: SampleOptions<T>): Reading<T, EstimatorSample<T, T>> {
      // τ_f is checked before the draw commits the step, so a bad τ_f leaves the estimator as it was.
      const { step } = state.resolve(optionsObject(sampleOptions));
      const [batch] = categoricalShape(backend, logits);
      const tauF = forwardTau === undefined ? undefined : resolveTau(backend, forwardTau, step, batch, 'forwardTau');
      const { tau, noise } = beginCategoricalDraw(backend, state, logits, sampleOptions, defaultTau);
      const forward = backend.straightThroughSample({ logits, tau: tauF ?? tau, noise });
      const yB = backend.relaxedSample({ logits, tau, noise });
      const value = hard ? forward.hard : forward.soft;
      backend.dispose(hard ? forward.soft : forward.hard);
      return finishSample(backend, {
        value,
        tau,
        *backward(dy: T) {
          const { dLogits, dTau } = backend.relaxedSampleVjp({ logits, tau, noise, y: yB, dy });
          backend.dispose(dTau);
          return { dLogits };
        },
        dispose: () => backend.dispose(noise, yB),
      });
    },
    { hard },
  );
}
