/**
 * MuProp (Gu, Levine, Sutskever & Mnih 2016, "MuProp: Unbiased Backpropagation for Stochastic
 * Neural Networks", §3): REINFORCE with a control variate, the first-order Taylor expansion of f
 * around the mean-field point z̄ = E[z] = π = softmax(θ):
 *   h(z) = f(z̄) + ∇f(z̄)ᵀ(z − z̄),
 *   ĝ = (f(z) − h(z))·(onehot(z) − π)  +  J_π(θ)ᵀ∇f(z̄),    z ~ Cat(π),
 * where J_π(θ)ᵀv = π ⊙ (v − ⟨π, v⟩) is the softmax VJP: the exact gradient of E[h(z)] = f(z̄) +
 * ∇f(z̄)ᵀ(π − z̄) with z̄ held fixed. It is unbiased for any fixed z̄ (E[(f − h)∇log p] + ∇E[h] =
 * ∇E[f]); choosing z̄ = π makes h a good fit where the mass is, so f − h is small and so is the
 * variance. Exact (zero variance) for f linear in z.
 *
 * The estimator must evaluate f away from the sample, so it has the contract's third kind,
 * `control-variate` (types.ts): `sample.points` is [π], and `backward` takes
 * `{ losses: f(z) per row, atPoints: [{ losses: f(π) per row, gradient: ∇_z f(π) }] }`.
 * One sample per input and no further baseline: the form of the paper's Table 1 rows (Jang et al.
 * 2017 compare it in that form); the score term and the correction are combined on the host.
 */
import type { Backend, RandomSource } from '@gumbel/core';
import { GumbelTypeError } from '@gumbel/core';
import { requireBackend } from './capabilities.js';
import { drawExactCategorical, readRows } from './exact-sample.js';
import { readLosses } from './host-reads.js';
import type { Reading } from './host-reads.js';
import { EstimatorState, categoricalShape, optionsObject } from './options.js';
import { defineControlVariate, finishSample } from './protocol.js';
import type { ControlVariateEstimator, ControlVariateSample, ControlVariateUpstream, EstimatorGradients, SampleOptions } from './types.js';

export interface MuPropOptions {
  readonly seed?: RandomSource;
}

/** The upstream object, checked: an object with `losses` and exactly `points` evaluations. */
function checkUpstream<T>(upstream: ControlVariateUpstream<T>, points: number): ControlVariateUpstream<T> {
  if (typeof upstream !== 'object' || upstream === null || Array.isArray(upstream) || ArrayBuffer.isView(upstream)) {
    throw new GumbelTypeError('upstream', upstream, '{ losses, atPoints } (f at the sample; f and ∇f at each of sample.points)');
  }
  if (!Array.isArray(upstream.atPoints) || upstream.atPoints.length !== points) {
    throw new GumbelTypeError('upstream.atPoints', upstream.atPoints, `an array of ${points} evaluation(s) { losses, gradient }, one per sample.points`);
  }
  return upstream;
}

export function createMuProp<T>(backend: Backend<T>, options: MuPropOptions = {}): ControlVariateEstimator<T> {
  requireBackend(backend, 'MuProp', ['seededNoise']);
  if (typeof options !== 'object' || options === null) throw new GumbelTypeError('options', options, 'an object or undefined');
  const state = new EstimatorState(options.seed);
  return defineControlVariate(backend, 'muprop', state, function* (logits: T, sampleOptions?: SampleOptions<T>): Reading<T, ControlVariateSample<T>> {
    const opts = optionsObject(sampleOptions);
    const [batch, k] = categoricalShape(backend, logits);
    const { rng } = state.resolve(opts);
    state.commit();
    const { hard, indices, probs, probValues: pi } = yield* drawExactCategorical(backend, logits, batch, k, rng);
    return finishSample(backend, {
      value: hard,
      points: [probs],
      *backward(upstream: ControlVariateUpstream<T>): Reading<T, EstimatorGradients<T>> {
        const { losses, atPoints } = checkUpstream(upstream, 1);
        const at = atPoints[0] as ControlVariateUpstream<T>['atPoints'][number];
        const f = yield* readLosses(losses, batch, 'upstream.losses');
        const fBar = yield* readLosses(at.losses, batch, 'upstream.atPoints[0].losses');
        const gBar = yield* readRows(backend, at.gradient, batch, k, 'upstream.atPoints[0].gradient');
        const out = new Float64Array(batch * k);
        for (let b = 0; b < batch; b++) {
          const row = b * k;
          const z = indices[b] as number;
          // ⟨π, ∇f(z̄)⟩ over the classes that can occur (a masked class has π = 0).
          let piDotG = 0;
          for (let j = 0; j < k; j++) if ((pi[row + j] as number) > 0) piDotG += (pi[row + j] as number) * (gBar[row + j] as number);
          // f(z) − h(z), with ∇f(z̄)ᵀ(onehot(z) − π) = ∇f(z̄)_z − ⟨π, ∇f(z̄)⟩.
          const residual = (f[b] as number) - (fBar[b] as number) - ((gBar[row + z] as number) - piDotG);
          for (let j = 0; j < k; j++) {
            const p = pi[row + j] as number;
            if (p === 0) continue; // masked: never sampled, gradient exactly 0
            const score = (j === z ? 1 : 0) - p;
            out[row + j] = residual * score + p * ((gBar[row + j] as number) - piDotG);
          }
        }
        return { dLogits: backend.fromArray(out, [batch, k]) };
      },
      dispose: () => backend.dispose(probs),
    });
  });
}
