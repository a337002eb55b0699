/**
 * VIMCO (Mnih & Rezende 2016, "Variational Inference for Monte Carlo Objectives", §3): the
 * score-function gradient of a K-sample objective with a per-sample leave-one-out baseline. Loss
 * convention of this package (minimise): `backward` takes f_s = −log w_s per sample row (e.g. the
 * negative log importance weight log q − log p of a VAE), and the objective is the negated
 * multi-sample bound
 *   L̂ = −log (1/K) Σ_s exp(−f_s),                       z_1..z_K ~ Cat(softmax θ) i.i.d.,
 *   L̂_{−s} = L̂ with f_s replaced by mean_{j≠s} f_j      (the paper's geometric-mean substitute),
 *   ĝ = Σ_s (L̂ − L̂_{−s}) (onehot(z_s) − softmax θ).
 * L̂_{−s} does not depend on z_s, so ĝ is unbiased for the score-function part of ∇θ E[L̂]; when f
 * depends on θ only through the samples (as in the tests) that is all of ∇θ E[L̂]. In a model
 * whose f_s also depend on parameters directly, the direct term Σ_s w̃_s ∇f_s (w̃ = softmax(−f),
 * the normalised weights) is the caller's, on its tape — as REINFORCE leaves Σ f/m to the caller;
 * `sample.objective(f)` gives L̂ per input and the w̃ (backend-tfjs's `estimatorGrads` uses them).
 * K ≥ 2 (`samples`, default 4); `value` has batch·K rows, row b·K + s is sample s of input b.
 */
import type { Backend, RandomSource } from '@gumbel/core';
import { GumbelRangeError, GumbelTypeError } from '@gumbel/core';
import { requireBackend } from './capabilities.js';
import { checkLosses, read, readAndDispose, readLosses } from './host-reads.js';
import type { Reading } from './host-reads.js';
import { EstimatorState, categoricalShape, optionsObject, positiveInteger } from './options.js';
import { finishSample, samplers } from './protocol.js';
import type { EstimatorGradients, EstimatorSample, LossValues, SampleObjective, SampleOptions, ScoreFunctionEstimator, WeightedObjectiveSample } from './types.js';

export interface VimcoOptions {
  readonly seed?: RandomSource;
  /** K ≥ 2 samples per input (default 4). */
  readonly samples?: number;
}

export interface VimcoSample<T> extends EstimatorSample<T, LossValues<T>>, WeightedObjectiveSample {
  readonly samples: number;
  /** The sampled class of every row of `value`. */
  readonly indices: Int32Array;
  /**
   * Per input the negated bound L̂ = −log (1/K) Σ_s exp(−f_s); `weights` = ∂L̂/∂f_s = w̃_s =
   * softmax(−f) within each input: the direct term Σ_s w̃_s ∇f_s (`estimatorGrads` uses it).
   */
  objective(losses: ArrayLike<number>): SampleObjective;
}

export interface VimcoEstimator<T> extends ScoreFunctionEstimator<T> {
  readonly samples: number;
  sample(logits: T, options?: SampleOptions<T>): Promise<VimcoSample<T>>;
  sampleSync(logits: T, options?: SampleOptions<T>): VimcoSample<T>;
}

/** −log (1/n) Σ exp(−x_i), stably (a log-sum-exp around the smallest x). */
function negLogMeanExpNeg(xs: Float64Array): number {
  let min = Infinity;
  for (const x of xs) min = Math.min(min, x);
  let sum = 0;
  for (const x of xs) sum += Math.exp(min - x);
  return min - Math.log(sum / xs.length);
}

/** The VIMCO learning signals L̂ − L̂_{−s} of one input's K losses. */
export function vimcoSignals(f: Float64Array): Float64Array {
  const K = f.length;
  const whole = negLogMeanExpNeg(f);
  let total = 0;
  for (const v of f) total += v;
  const out = new Float64Array(K);
  const replaced = new Float64Array(K);
  for (let s = 0; s < K; s++) {
    replaced.set(f);
    replaced[s] = (total - (f[s] as number)) / (K - 1);
    out[s] = whole - negLogMeanExpNeg(replaced);
  }
  return out;
}

export function createVimco<T>(backend: Backend<T>, options: VimcoOptions = {}): VimcoEstimator<T> {
  requireBackend(backend, 'VIMCO', ['seededNoise']);
  if (typeof options !== 'object' || options === null) throw new GumbelTypeError('options', options, 'an object or undefined');
  const K = positiveInteger(options.samples, 4, 'samples');
  if (K < 2) throw new GumbelRangeError('samples', K, '≥ 2 (the baseline leaves one sample out)');
  const state = new EstimatorState(options.seed);
  return {
    name: 'vimco',
    kind: 'score-function',
    backend,
    samples: K,
    get step() {
      return state.step;
    },
    ...samplers(backend, function* (logits: T, sampleOptions?: SampleOptions<T>): Reading<T, VimcoSample<T>> {
      const opts = optionsObject(sampleOptions);
      const [batch, k] = categoricalShape(backend, logits);
      const { rng } = state.resolve(opts);
      state.commit();
      const indices = new Int32Array(batch * K);
      for (let s = 0; s < K; s++) {
        const noise = backend.gumbelNoise([batch, k], rng);
        const hard = backend.gumbelMax({ logits, noise });
        backend.dispose(noise);
        const classes = yield* readAndDispose(backend, backend.argmax(hard));
        backend.dispose(hard);
        for (let b = 0; b < batch; b++) indices[b * K + s] = classes[b] as number;
      }
      const probs = backend.relaxedSample({ logits, tau: 1 });
      const pi = Float64Array.from(yield* read(probs));
      backend.dispose(probs);
      const oneHot = new Float64Array(batch * K * k);
      indices.forEach((z, row) => (oneHot[row * k + z] = 1));
      return finishSample(backend, {
        value: backend.fromArray(oneHot, [batch * K, k]),
        samples: K,
        indices,
        objective(losses: ArrayLike<number>): SampleObjective {
          const f = checkLosses(losses, batch * K);
          const values = new Float64Array(batch);
          const weights = new Float64Array(batch * K);
          for (let b = 0; b < batch; b++) {
            const group = f.subarray(b * K, (b + 1) * K);
            values[b] = negLogMeanExpNeg(group);
            // w̃_s = exp(−f_s)/Σ exp(−f) = exp(−f_s − log Σ exp(−f)), with log Σ exp(−f) = log K − L̂.
            for (let s = 0; s < K; s++) weights[b * K + s] = Math.exp(-(group[s] as number) - Math.log(K) + (values[b] as number));
          }
          return { values, weights };
        },
        *backward(upstream: LossValues<T>): Reading<T, EstimatorGradients<T>> {
          const f = yield* readLosses(upstream, batch * K);
          const grad = new Float64Array(batch * k);
          for (let b = 0; b < batch; b++) {
            const c = vimcoSignals(f.subarray(b * K, (b + 1) * K));
            for (let s = 0; s < K; s++) {
              const z = indices[b * K + s] as number;
              for (let j = 0; j < k; j++) {
                const p = pi[b * k + j] as number;
                if (p > 0) grad[b * k + j] = (grad[b * k + j] as number) + (c[s] as number) * ((j === z ? 1 : 0) - p);
              }
            }
          }
          return { dLogits: backend.fromArray(grad, [batch, k]) };
        },
        dispose: () => {},
      });
    }),
  };
}
