/**
 * Antithetic score-function estimators for Bernoulli latents, unbiased, drawing n coupled samples
 * per input (each bit's uniforms negatively correlated across the n samples, bits independent of
 * each other). Both are score-function estimators in this package's sense: `value` has batch·n
 * rows (row b·n + i is sample i of input b) and `backward` takes one loss f per row.
 *
 * DisARM (Dong, Mnih & Tucker 2020, "DisARM: An Antithetic Gradient Estimator for Binary Latent
 * Variables", eq. 5): one antithetic pair per input, u ~ U(0,1) per bit, b = 1[u < σ(θ)],
 * b̃ = 1[1 − u < σ(θ)]:
 *   ĝ_j = ½ (f(b) − f(b̃)) · (−1)^{b̃_j} 1[b_j ≠ b̃_j] · σ(|θ_j|).
 *
 * ARMS (Dimitriev & Zhou 2021, "ARMS: Antithetic-REINFORCE-Multi-Sample Gradient for Binary
 * Variables", §3, Dirichlet copula): n ≥ 2 samples per input from uniforms made antithetic by a
 * Dirichlet(1, …, 1) draw d per bit, u_i = 1 − (1 − d_i)^{n−1} (each u_i uniform, negatively
 * correlated), b_i = 1[u_i < σ]. The leave-one-out REINFORCE estimate of independent samples is
 * biased under that coupling; dividing by 1 − ρ (ρ = corr(b_i, b_k), known in closed form) fixes it:
 *   ĝ_j = 1/(n (1 − ρ_j)) Σ_i (f_i − mean_{k≠i} f_k)(b_ij − σ_j),
 *   1 − ρ_j = (σ_j − p11_j) / (σ_j (1 − σ_j)),  p11 = P(b_i = b_k = 1) = 2σ − 1 + max(0, 1 − 2a)^{n−1},
 *   a = 1 − (1 − σ)^{1/(n−1)}  (so b_i = 1[d_i < a]; P(d_i > x, d_k > y) = (1 − x − y)^{n−1}).
 * With n = 2 the copula is u, 1 − u and ARMS is DisARM (1/(1 − ρ) = σ(|θ|); tested).
 * Why it is unbiased: E[f_k (b_ij − σ_j)] = ρ_j · ∂_j E[f] for k ≠ i, since only bit j of sample k
 * is coupled to b_ij; so E[Σ_i (f_i − LOO_i)(b_ij − σ_j)] = n (1 − ρ_j) ∂_j E[f].
 *
 * The arithmetic is on the host in float64 (σ from the logits read back, so σ near 0 or 1 keeps its
 * precision); a bit with σ(1 − σ) = 0 (a −∞ logit, or saturated) gets gradient 0.
 */
import type { Backend, RandomSource } from '@gumbel/core';
import { GumbelRangeError, GumbelTypeError } from '@gumbel/core';
import { requireBackend } from './capabilities.js';
import { read, readAndDispose, readLosses } from './host-reads.js';
import type { Reading } from './host-reads.js';
import { EstimatorState, bernoulliShape, optionsObject, positiveInteger } from './options.js';
import { finishSample, samplers } from './protocol.js';
import type { EstimatorGradients, EstimatorSample, LossValues, SampleOptions, ScoreFunctionEstimator } from './types.js';

export interface AntitheticSample<T> extends EstimatorSample<T, LossValues<T>> {
  /** n, coupled samples per input: row b·n + i of `value` is sample i of input b. */
  readonly samples: number;
}

export interface AntitheticEstimator<T> extends ScoreFunctionEstimator<T> {
  readonly samples: number;
  sample(logits: T, options?: SampleOptions<T>): Promise<AntitheticSample<T>>;
  sampleSync(logits: T, options?: SampleOptions<T>): AntitheticSample<T>;
}

export interface DisarmOptions {
  readonly seed?: RandomSource;
}

export interface ArmsOptions {
  readonly seed?: RandomSource;
  /** n ≥ 2 coupled samples per input (default 4). */
  readonly samples?: number;
}

/** σ(t) and 1 − σ(t) = σ(−t), each without cancellation. */
export function sigmoids(t: number): [number, number] {
  if (t >= 0) {
    const e = Math.exp(-t);
    return [1 / (1 + e), e / (1 + e)];
  }
  const e = Math.exp(t);
  return [e / (1 + e), 1 / (1 + e)];
}

/**
 * Bits of the n coupled samples of one input from its uniforms, and the per-bit weight w_j the
 * leave-one-out sum is multiplied by (1/(n(1 − ρ_j)), or 0 where σ(1 − σ) = 0).
 */
type Coupling = (uniforms: Float64Array | Float32Array, sigma: number, complement: number, n: number, bits: Float64Array) => number;

/** DisARM's pair: u and 1 − u; weight ½σ(|θ|) (= 1/(2(1 − ρ))). */
const antitheticPair: Coupling = (u, sigma, complement, _n, bits) => {
  const v = u[0] as number;
  bits[0] = v < sigma ? 1 : 0;
  bits[1] = 1 - v < sigma ? 1 : 0;
  return sigma * complement === 0 ? 0 : 0.5 * Math.max(sigma, complement);
};

/** ARMS's Dirichlet copula: d = e/Σe with e_i = −log u_i; b_i = 1[d_i < a]; weight σ(1 − σ)/(n(σ − p11)). */
const dirichletCopula: Coupling = (u, sigma, complement, n, bits) => {
  let sum = 0;
  for (let i = 0; i < n; i++) sum -= Math.log(u[i] as number);
  const a = -Math.expm1(Math.log(complement) / (n - 1)); // 1 − (1 − σ)^{1/(n−1)}
  for (let i = 0; i < n; i++) bits[i] = -Math.log(u[i] as number) / sum < a ? 1 : 0;
  if (sigma * complement === 0) return 0;
  const p11 = 2 * sigma - 1 + Math.max(0, 1 - 2 * a) ** (n - 1);
  return (sigma * complement) / (n * (sigma - p11));
};

function defineAntithetic<T>(backend: Backend<T>, name: string, n: number, uniformsPerBit: number, coupling: Coupling, seed: RandomSource | undefined): AntitheticEstimator<T> {
  const state = new EstimatorState(seed);
  return {
    name,
    kind: 'score-function',
    backend,
    samples: n,
    get step() {
      return state.step;
    },
    ...samplers(backend, function* (logits: T, sampleOptions?: SampleOptions<T>): Reading<T, AntitheticSample<T>> {
      const opts = optionsObject(sampleOptions);
      const { shape, batch, rowSize } = bernoulliShape(backend, logits);
      const { rng } = state.resolve(opts);
      state.commit();
      const theta = yield* read(logits);
      // Uniforms laid out [batch, rowSize, uniformsPerBit]: one block of coupled uniforms per bit.
      const u = yield* readAndDispose(backend, backend.uniformNoise([batch, rowSize, uniformsPerBit], rng));
      const bits = new Float64Array(batch * n * rowSize);
      const sigma = new Float64Array(batch * rowSize);
      const weight = new Float64Array(batch * rowSize);
      const column = new Float64Array(n);
      for (let b = 0; b < batch; b++) {
        for (let j = 0; j < rowSize; j++) {
          const at = b * rowSize + j;
          const t = theta[at] as number;
          if (Number.isNaN(t) || t === Infinity) throw new GumbelRangeError(`logits[${at}]`, t, 'finite or -Infinity');
          const [s, c] = sigmoids(t);
          sigma[at] = s;
          weight[at] = coupling(u.subarray(at * uniformsPerBit, (at + 1) * uniformsPerBit), s, c, n, column);
          for (let i = 0; i < n; i++) bits[(b * n + i) * rowSize + j] = column[i] as number;
        }
      }
      return finishSample(backend, {
        value: backend.fromArray(bits, [batch * n, ...shape.slice(1)]),
        samples: n,
        *backward(upstream: LossValues<T>): Reading<T, EstimatorGradients<T>> {
          const f = yield* readLosses(upstream, batch * n);
          const grad = new Float64Array(batch * rowSize);
          for (let b = 0; b < batch; b++) {
            let total = 0;
            for (let i = 0; i < n; i++) total += f[b * n + i] as number;
            for (let i = 0; i < n; i++) {
              const fi = f[b * n + i] as number;
              const centred = fi - (total - fi) / (n - 1);
              const row = (b * n + i) * rowSize;
              for (let j = 0; j < rowSize; j++) {
                const at = b * rowSize + j;
                grad[at] = (grad[at] as number) + centred * ((bits[row + j] as number) - (sigma[at] as number));
              }
            }
          }
          for (let at = 0; at < grad.length; at++) grad[at] = (grad[at] as number) * (weight[at] as number);
          return { dLogits: backend.fromArray(grad, shape) };
        },
        dispose: () => {},
      });
    }),
  };
}

export function createDisarm<T>(backend: Backend<T>, options: DisarmOptions = {}): AntitheticEstimator<T> {
  requireBackend(backend, 'DisARM', ['seededNoise']);
  if (typeof options !== 'object' || options === null) throw new GumbelTypeError('options', options, 'an object or undefined');
  return defineAntithetic(backend, 'disarm', 2, 1, antitheticPair, options.seed);
}

export function createArms<T>(backend: Backend<T>, options: ArmsOptions = {}): AntitheticEstimator<T> {
  requireBackend(backend, 'ARMS', ['seededNoise']);
  if (typeof options !== 'object' || options === null) throw new GumbelTypeError('options', options, 'an object or undefined');
  const n = positiveInteger(options.samples, 4, 'samples');
  if (n < 2) throw new GumbelRangeError('samples', n, '≥ 2 (ARMS couples n samples per input)');
  return defineAntithetic(backend, 'arms', n, n, dirichletCopula, options.seed);
}
