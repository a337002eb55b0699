/**
 * DARN's gradient estimator (Gregor, Danihelka, Mnih, Blundell & Wierstra 2014, "Deep
 * AutoRegressive Networks", §4/appendix; in the form Gu et al. 2016 §5 and Jang et al. 2017
 * Table 1 compare): a score-function estimator whose learning signal is not f(z) but a first-order
 * Taylor estimate of it, built from the derivative of f *at the sample*. For one bit b ~ Bern(σ(θ)),
 *   ĝ = f'(b)·(b − ½)·(b − σ(θ)),
 * i.e. f(b) − f(1 − b) ≈ f'(b)(2b − 1) plugged into the unbiased ½(f(b) − f(1 − b))(b − σ).
 * It is exact for f linear in z and biased otherwise; it needs no evaluation of f, only dL/dz at
 * the sample, so it has the `pathwise` calling convention (upstream = dL/dz) but no τ.
 *
 * Categorical form implemented here (the one we chose; Jang et al. do not spell theirs out): with
 * z = onehot(i) ~ Cat(π), π = softmax(θ), g = dL/dz at z and ū the centre of the simplex (1/k' on
 * each of the k' classes that are not masked),
 *   ĝ = (gᵀ(z − ū))·(onehot(z) − π).
 * Why ū: it is the categorical counterpart of DARN's ½ — with k = 2 and logits (0, θ) it reduces
 * exactly to the binary formula above (g₁ − g₀ is the bit's f'(b); tested) — and it does not
 * depend on θ. Any fixed point c in place of ū gives the same mean for a linear f (gᵀc is then a
 * constant baseline); the mean-field point π instead would make DARN MuProp without its
 * correction term, a different estimator.
 */
import type { Backend, RandomSource } from '@gumbel/core';
import { GumbelTypeError } from '@gumbel/core';
import { requireBackend } from './capabilities.js';
import { drawExactCategorical, readRows } from './exact-sample.js';
import type { Reading } from './host-reads.js';
import { EstimatorState, categoricalShape, optionsObject } from './options.js';
import { definePathwise, finishSample } from './protocol.js';
import type { EstimatorGradients, EstimatorSample, PathwiseEstimator, SampleOptions } from './types.js';

export interface DarnOptions {
  readonly seed?: RandomSource;
}

export function createDarn<T>(backend: Backend<T>, options: DarnOptions = {}): PathwiseEstimator<T> {
  requireBackend(backend, 'DARN', ['seededNoise']);
  if (typeof options !== 'object' || options === null) throw new GumbelTypeError('options', options, 'an object or undefined');
  const state = new EstimatorState(options.seed);
  return definePathwise(backend, 'darn', state, function* (logits: T, sampleOptions?: SampleOptions<T>): Reading<T, EstimatorSample<T, T>> {
    // A τ in the options is accepted and ignored, as REINFORCE does: DARN has none.
    const opts = optionsObject(sampleOptions);
    const [batch, k] = categoricalShape(backend, logits);
    const { rng } = state.resolve(opts);
    state.commit();
    const { hard, indices, probs, probValues: pi } = yield* drawExactCategorical(backend, logits, batch, k, rng);
    backend.dispose(probs);
    return finishSample(backend, {
      value: hard,
      *backward(dy: T): Reading<T, EstimatorGradients<T>> {
        const g = yield* readRows(backend, dy, batch, k, 'upstream');
        const out = new Float64Array(batch * k);
        for (let b = 0; b < batch; b++) {
          const row = b * k;
          const z = indices[b] as number;
          let open = 0;
          let sum = 0;
          for (let j = 0; j < k; j++) {
            if ((pi[row + j] as number) > 0) {
              open += 1;
              sum += g[row + j] as number;
            }
          }
          // gᵀ(z − ū) = g_z − mean of g over the classes with π > 0 (not masked; a class whose π
          // underflows to 0 is never sampled either, so it is left out of ū too).
          const signal = (g[row + z] as number) - sum / open;
          for (let j = 0; j < k; j++) {
            const p = pi[row + j] as number;
            if (p > 0) out[row + j] = signal * ((j === z ? 1 : 0) - p);
          }
        }
        return { dLogits: backend.fromArray(out, [batch, k]) };
      },
      dispose: () => {},
    });
  });
}
