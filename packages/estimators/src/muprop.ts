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
 *
 * A loss shared by several rows (a VAE's N latent rows per image, f(z_1..N)): with
 * `rowsPerLoss: N`, rows g·N … g·N + N − 1 form one input and h is the joint Taylor expansion
 * f(π) + Σ_n ∇_n f(π)ᵀ(z_n − π_n), so each row's residual subtracts every row's first-order term
 * (pass the shared f, f(π) once per row). With the default 1 the other rows' terms are left out:
 * still unbiased (they are independent of the row's own sample), but less variance is removed.
 */
import type { Backend, RandomSource } from '@gumbel/core';
import { GumbelRangeError, GumbelTypeError } from '@gumbel/core';
import { requireBackend } from './capabilities.js';
import { checkUpstream } from './control-variate-upstream.js';
import { drawExactCategorical, readRows } from './exact-sample.js';
import { readLosses } from './host-reads.js';
import type { Reading } from './host-reads.js';
import { EstimatorState, categoricalShape, optionsObject, positiveInteger } from './options.js';
import { defineControlVariate, finishSample } from './protocol.js';
import type { ControlVariateEstimator, ControlVariateSample, ControlVariateUpstream, EstimatorGradients, SampleOptions } from './types.js';

export interface MuPropOptions {
  readonly seed?: RandomSource;
  /** N, consecutive rows that share one loss (default 1); the batch must be a multiple of it. */
  readonly rowsPerLoss?: number;
}

export function createMuProp<T>(backend: Backend<T>, options: MuPropOptions = {}): ControlVariateEstimator<T> {
  requireBackend(backend, 'MuProp', ['seededNoise']);
  if (typeof options !== 'object' || options === null) throw new GumbelTypeError('options', options, 'an object or undefined');
  const group = positiveInteger(options.rowsPerLoss, 1, 'rowsPerLoss');
  const state = new EstimatorState(options.seed);
  return defineControlVariate(backend, 'muprop', state, function* (logits: T, sampleOptions?: SampleOptions<T>): Reading<T, ControlVariateSample<T>> {
    const opts = optionsObject(sampleOptions);
    const [batch, k] = categoricalShape(backend, logits);
    if (batch % group !== 0) throw new GumbelRangeError('logits.shape[0]', batch, `a multiple of rowsPerLoss (${group})`);
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
        // Each row's first-order Taylor term ∇f(z̄)ᵀ(onehot(z) − π) = ∇f(z̄)_z − ⟨π, ∇f(z̄)⟩, and
        // ⟨π, ∇f(z̄)⟩ over the classes that can occur (a masked class has π = 0).
        const piDotG = new Float64Array(batch);
        const taylor = new Float64Array(batch);
        for (let b = 0; b < batch; b++) {
          const row = b * k;
          let dot = 0;
          for (let j = 0; j < k; j++) if ((pi[row + j] as number) > 0) dot += (pi[row + j] as number) * (gBar[row + j] as number);
          piDotG[b] = dot;
          taylor[b] = (gBar[row + (indices[b] as number)] as number) - dot;
        }
        const out = new Float64Array(batch * k);
        for (let b = 0; b < batch; b++) {
          const row = b * k;
          const z = indices[b] as number;
          // f(z) − h(z): h's first-order part summed over the rows that share this row's loss.
          let h = 0;
          for (let r = b - (b % group); r < b - (b % group) + group; r++) h += taylor[r] as number;
          const residual = (f[b] as number) - (fBar[b] as number) - h;
          for (let j = 0; j < k; j++) {
            const p = pi[row + j] as number;
            if (p === 0) continue; // masked: never sampled, gradient exactly 0
            const score = (j === z ? 1 : 0) - p;
            out[row + j] = residual * score + p * ((gBar[row + j] as number) - (piDotG[b] as number));
          }
        }
        return { dLogits: backend.fromArray(out, [batch, k]) };
      },
      dispose: () => backend.dispose(probs),
    });
  }, { rowsPerLoss: group });
}
