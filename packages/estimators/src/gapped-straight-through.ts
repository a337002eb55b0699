/**
 * GST, the gapped straight-through estimator (Fan, Lin, Sun, Hsieh, Cho & Hsu, ICML 2022,
 * "Training Discrete Deep Generative Models via Gapped Straight-Through Estimator", §4).
 * ST-GS's surrogate softmax((θ + g)/τ) is random given the sample D; Gumbel-Rao averages that
 * randomness away at K times the cost. GST removes it instead: the surrogate's logits m are a
 * *deterministic* function of θ and D, built to have the two properties the paper asks of a
 * surrogate — consistency (argmax m = D) and a gap (m_D exceeds every other logit by ≥ κ):
 *   D ~ Cat(softmax θ)  (one-hot, the forward value),
 *   m = θ + sg(Δ),  Δ_D = max_j θ_j − θ_D,  Δ_j = −max(0, θ_j + κ − max_i θ_i)  (j ≠ D),
 *   ∇θ = J(softmax(m/τ))ᵀ·dL/dD    (m − θ is held constant, so ∂m/∂θ = I),
 * i.e. the chosen class is raised to the largest logit and any other class within κ of it is
 * pushed down to max θ − κ. κ = `gap`, default 1 (the paper's GST-1.0). Biased like every
 * straight-through estimator, but with no Gumbel noise in the backward pass. dTau is the
 * derivative of the surrogate wrt τ, as for ST-GS. Where the references sample D from
 * softmax(θ) directly, we use the backend's exact Gumbel-max sample (the same distribution).
 */
import type { Backend, RandomSource } from '@gumbel/core';
import { GumbelRangeError, GumbelTypeError } from '@gumbel/core';
import { requireBackend } from './capabilities.js';
import { read, readAndDispose } from './host-reads.js';
import type { Reading } from './host-reads.js';
import { EstimatorState, beginCategoricalDraw } from './options.js';
import { definePathwise, finishSample } from './protocol.js';
import type { EstimatorSample, PathwiseEstimator, SampleOptions, TemperatureOption } from './types.js';

export interface GappedStraightThroughOptions<T> {
  readonly seed?: RandomSource;
  /** τ of the surrogate softmax(m/τ) (default 1). */
  readonly tau?: TemperatureOption<T>;
  /** κ, the gap between the chosen class's surrogate logit and every other one (finite, ≥ 0; default 1). */
  readonly gap?: number;
}

export interface GappedStraightThroughEstimator<T> extends PathwiseEstimator<T> {
  readonly gap: number;
}

function gapValue(value: unknown): number {
  if (value === undefined) return 1;
  if (typeof value !== 'number') throw new GumbelTypeError('gap', value, 'a number');
  if (!(Number.isFinite(value) && value >= 0)) throw new GumbelRangeError('gap', value, 'finite and ≥ 0');
  return value;
}

/** The gapped logits m of one row, given θ and the sampled class d (−∞ logits stay −∞). */
export function gappedLogits(theta: ArrayLike<number>, d: number, gap: number, out: Float64Array, offset = 0): void {
  let max = -Infinity;
  for (let j = 0; j < theta.length; j++) max = Math.max(max, theta[j] as number);
  for (let j = 0; j < theta.length; j++) {
    const t = theta[j] as number;
    out[offset + j] = j === d ? max : t - Math.max(0, t + gap - max);
  }
}

export function createGappedStraightThrough<T>(backend: Backend<T>, options: GappedStraightThroughOptions<T> = {}): GappedStraightThroughEstimator<T> {
  requireBackend(backend, 'gapped straight-through', ['seededNoise', 'gradients']);
  if (typeof options !== 'object' || options === null) throw new GumbelTypeError('options', options, 'an object or undefined');
  const gap = gapValue(options.gap);
  const state = new EstimatorState(options.seed);
  const defaultTau = options.tau ?? 1;
  return definePathwise(
    backend,
    'gapped-straight-through',
    state,
    function* (logits: T, sampleOptions?: SampleOptions<T>): Reading<T, EstimatorSample<T, T>> {
      const { batch, k, tau, noise } = beginCategoricalDraw(backend, state, logits, sampleOptions, defaultTau);
      const hard = backend.gumbelMax({ logits, noise });
      backend.dispose(noise);
      const indices = yield* readAndDispose(backend, backend.argmax(hard));
      const theta = yield* read(logits);
      const m = new Float64Array(batch * k);
      for (let b = 0; b < batch; b++) gappedLogits(theta.subarray(b * k, (b + 1) * k), indices[b] as number, gap, m, b * k);
      const surrogateLogits = backend.fromArray(m, [batch, k]);
      const y = backend.relaxedSample({ logits: surrogateLogits, tau });
      return finishSample(backend, {
        value: hard,
        tau,
        *backward(dy: T) {
          // The VJP wrt m is the one wrt θ (∂m/∂θ = I); its dTau is the surrogate's.
          return backend.relaxedSampleVjp({ logits: surrogateLogits, tau, y, dy });
        },
        dispose: () => backend.dispose(surrogateLogits, y),
      });
    },
    { gap },
  );
}
