/**
 * RELAX (Grathwohl, Choi, Wu, Roeder & Duvenaud 2018, "Backpropagation through the Void:
 * Optimizing control variates for black-box gradient estimation", ICLR; §3.3, eq. 8, Alg. 2) for
 * categorical latents: REBAR's estimator with a *learned* control variate c_φ,
 *   ĝ = [f(b) − c_φ(z̃)]·∇θ log p(b) + ∇θ c_φ(z) − ∇θ c_φ(z̃),
 * z, b = onehot(argmax z), z̃ ~ p(z | b) as in REBAR (rebar.ts, relaxed-control-variate.ts). Here
 *   c_φ(z) = η f(σ_λ(z)) + Σ_i a_i s_i + Σ_i q_i s_i²,   s = σ_λ(z) = softmax(z/λ),
 * the paper's "f at the relaxed point plus a small learned surrogate r_φ", with r_φ a diagonal
 * quadratic on the relaxed point and φ = (η, a, q) (1 + 2k numbers). The constant direction of a
 * (Σ a_i s_i = const on the simplex) is an ordinary baseline. Unbiased for every φ.
 * `createRelaxBernoulli` runs the same on REBAR-for-bits' draw (rebar-bernoulli.ts), elementwise,
 * with one more parameter, a constant c (bits have no simplex, so a does not span a baseline).
 *
 * Training φ (the paper's Alg. 2): the mean of ĝ does not depend on φ, so ∂/∂φ Var(ĝ) =
 * E[∂/∂φ ‖ĝ‖²] = E[2 ĝᵀ ∂ĝ/∂φ], estimated from the same single sample that gave ĝ. Because c_φ is
 * *linear* in φ, ĝ = f(b)(e_b − π) + Σ_m φ_m G_m with basis vectors G_m that do not depend on φ:
 * the variance is a convex quadratic in φ (least squares), so stochastic steps cannot get stuck in
 * a bad local optimum — the reason for this surrogate rather than a neural net. Each `backward`
 * computes that single-sample variance gradient (averaged over the batch's rows, summed over
 * classes); `estimator.update(...samples)` takes one Adam step (Kingma & Ba 2015; β = 0.9, 0.999)
 * along their mean. Nothing trains implicitly: `backward` stays a pure function of the sample,
 * which keeps the φ it was drawn with.
 *
 * Initialisation: φ₀ = (η₀, 0, 0), i.e. RELAX starts as REBAR with η₀ (option `eta`, default 1),
 * or (η₀, a₀, q₀) from option `initial` (a saved φ). It is deterministic, so the seed only drives
 * the noise; a random init would buy nothing for a convex objective and would make "before
 * training" a different estimator per seed.
 * λ is given (the estimator's τ), not learned. φ is sized for k classes at the first sample
 * (or by option `classes`); a later call with another k is a typed error.
 *
 * What is minimised is the variance of dL/dlogits per row; in a model, the variance that matters
 * is that of the parameters' gradient, which weights the rows' logits by the network's Jacobian.
 */
import { GumbelRangeError, GumbelTypeError } from '@gumbel/core';
import type { Backend, RandomSource } from '@gumbel/core';
import { requireBackend } from './capabilities.js';
import { readPairUpstream } from './control-variate-upstream.js';
import { read } from './host-reads.js';
import type { Reading } from './host-reads.js';
import { EstimatorState, finiteValue, positiveInteger } from './options.js';
import { finishSample, samplers } from './protocol.js';
import { drawBernoulliPair } from './rebar-bernoulli.js';
import { drawCategoricalPair } from './relaxed-control-variate.js';
import type { PairDraw } from './relaxed-control-variate.js';
import type { ControlVariateEstimator, ControlVariateSample, ControlVariateUpstream, EstimatorGradients, SampleOptions, TemperatureOption } from './types.js';

export interface RelaxOptions<T> {
  readonly seed?: RandomSource;
  /** λ, the relaxation's temperature (default 1). */
  readonly tau?: TemperatureOption<T>;
  /** η₀, the starting scale of f(σ_λ(z)) in c_φ (default 1): RELAX starts as REBAR with it. */
  readonly eta?: number;
  /** Adam's step size for φ (default 0.03: on the toy problem 100 steps of 500 rows converge). */
  readonly learningRate?: number;
  /** k, the classes φ is sized for; default: the first sample's (or `initial`'s). */
  readonly classes?: number;
  /** A starting a and q (k each, e.g. a saved φ); default 0 and 0. */
  readonly initial?: { readonly linear: ArrayLike<number>; readonly quadratic: ArrayLike<number> };
}

/** φ = (η, a, q) of c_φ(z) = η f(s) + Σ a_i s_i + Σ q_i s_i² (copies). */
export interface RelaxParameters {
  readonly eta: number;
  readonly linear: Float64Array;
  readonly quadratic: Float64Array;
  /** c, the constant term (RELAX for bits; always 0 for categorical, where a spans it). */
  readonly constant: number;
}

export interface RelaxSample<T> extends ControlVariateSample<T> {
  /**
   * ∂/∂φ of ‖ĝ‖² (summed over classes, averaged over rows) from this sample's last `backward`,
   * φ flattened as [η, a_0 … a_(k−1), q_0 … q_(k−1)] (and c last, for bits); undefined until `backward` has run.
   */
  varianceGradient(): Float64Array | undefined;
}

export interface RelaxEstimator<T> extends ControlVariateEstimator<T> {
  sample(logits: T, options?: SampleOptions<T>): Promise<RelaxSample<T>>;
  sampleSync(logits: T, options?: SampleOptions<T>): RelaxSample<T>;
  /** φ now. Before φ is sized (no `classes`, no sample yet) a and q are empty. */
  parameters(): RelaxParameters;
  /** Adam steps taken so far. */
  readonly updates: number;
  /** One Adam step on φ along the mean variance gradient of these samples (each must have run `backward`). */
  update(...samples: readonly RelaxSample<T>[]): void;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

function positiveValue(value: unknown, fallback: number, argument: string): number {
  const v = finiteValue(value, fallback, argument);
  if (!(v > 0)) throw new GumbelRangeError(argument, v, '> 0');
  return v;
}

function isNumbers(value: unknown): value is ArrayLike<number> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

export function createRelax<T>(backend: Backend<T>, options: RelaxOptions<T> = {}): RelaxEstimator<T> {
  requireBackend(backend, 'RELAX', ['seededNoise', 'conditionalGumbel']);
  return defineRelax(backend, options, 'relax', drawCategoricalPair, false);
}

/**
 * RELAX for bits (logits `[batch, d]`): the same c_φ and training on REBAR-for-bits' draw
 * (rebar-bernoulli.ts: conditional logistic noise from the backend's uniforms, on the host);
 * a and q are per bit.
 */
export function createRelaxBernoulli<T>(backend: Backend<T>, options: RelaxOptions<T> = {}): RelaxEstimator<T> {
  requireBackend(backend, 'RELAX (Bernoulli)', ['seededNoise']);
  return defineRelax(backend, options, 'relax-bernoulli', drawBernoulliPair, true);
}

type DrawPair = <T>(
  backend: Backend<T>,
  state: EstimatorState,
  logits: T,
  sampleOptions: SampleOptions<T> | undefined,
  defaultTau: TemperatureOption<T>,
) => Reading<T, PairDraw<T>>;

/**
 * `constant`: whether c_φ also has a constant term c (a baseline), the last entry of φ. Bits need
 * it; on the categorical simplex Σ a_i s_i = const already spans it, so it would be redundant.
 */
function defineRelax<T>(backend: Backend<T>, options: RelaxOptions<T>, name: string, drawPair: DrawPair, constant: boolean): RelaxEstimator<T> {
  const extra = constant ? 1 : 0;
  if (typeof options !== 'object' || options === null) throw new GumbelTypeError('options', options, 'an object or undefined');
  const eta0 = finiteValue(options.eta, 1, 'eta');
  const learningRate = positiveValue(options.learningRate, 0.03, 'learningRate');
  const state = new EstimatorState(options.seed);
  const defaultTau = options.tau ?? 1;
  // φ and Adam's moments, flattened [η, a, q]; sized once k is known.
  let phi = Float64Array.of(eta0);
  let moment1 = new Float64Array(1);
  let moment2 = new Float64Array(1);
  let updates = 0;
  let classes: number | undefined;
  const size = (k: number, argument: string): void => {
    if (classes === undefined) {
      classes = k;
      phi = new Float64Array(1 + 2 * k + extra);
      phi[0] = eta0;
      moment1 = new Float64Array(1 + 2 * k + extra);
      moment2 = new Float64Array(1 + 2 * k + extra);
    } else if (k !== classes) {
      throw new GumbelRangeError(argument, k, `${classes}, the class count RELAX's surrogate was sized for`);
    }
  };
  if (options.classes !== undefined) size(positiveInteger(options.classes, 1, 'classes'), 'classes');
  if (options.initial !== undefined) {
    const { linear, quadratic } = options.initial ?? {};
    if (!isNumbers(linear)) throw new GumbelTypeError('initial.linear', linear, 'an array of numbers (a, one per class)');
    size(linear.length, 'initial.linear.length');
    if (!isNumbers(quadratic) || quadratic.length !== linear.length) throw new GumbelTypeError('initial.quadratic', quadratic, `an array of ${linear.length} numbers (q, one per class)`);
    for (let i = 0; i < linear.length; i++) phi[1 + i] = finiteValue(linear[i], 0, `initial.linear[${i}]`);
    for (let i = 0; i < linear.length; i++) phi[1 + linear.length + i] = finiteValue(quadratic[i], 0, `initial.quadratic[${i}]`);
  }

  function* draw(logits: T, sampleOptions?: SampleOptions<T>): Reading<T, RelaxSample<T>> {
    // A k that φ was not sized for is refused before the stream advances; φ is sized only once
    // the call has passed every check, so a rejected first call leaves the estimator as it was.
    const shape = backend.shapeOf(logits);
    if (classes !== undefined && shape.length === 2) size(shape[1] as number, 'logits.shape[1]');
    const d = yield* drawPair(backend, state, logits, sampleOptions, defaultTau);
    size(d.k, 'logits.shape[1]');
    const { batch, k, points } = d;
    const used = phi.slice(); // the φ this sample's backward uses, whatever updates come later
    const P = 1 + 2 * k + extra;
    let lastVarianceGradient: Float64Array | undefined;
    const parts = finishSample(backend, {
      value: d.hard,
      tau: d.tau,
      points,
      varianceGradient: () => lastVarianceGradient?.slice(),
      *backward(upstream: ControlVariateUpstream<T>): Reading<T, EstimatorGradients<T>> {
        const { f, fTilde, gradS, gradSTilde } = yield* readPairUpstream(backend, upstream, batch, k);
        const s = yield* read(points[0]);
        const sTilde = yield* read(points[1]);
        const out = new Float64Array(batch * k);
        const varianceGradient = new Float64Array(P);
        const basis = new Float64Array(P * k); // G_m, row m
        const g = new Float64Array(k);
        const atS1 = new Float64Array(k);
        const atS2 = new Float64Array(k);
        const scratch = new Float64Array(3 * k);
        for (let r = 0; r < batch; r++) {
          const row = d.row(r, s, sTilde);
          const { s: sr, sTilde: tr } = row;
          row.basis(fTilde[r] as number, gradS.subarray(r * k, (r + 1) * k), gradSTilde.subarray(r * k, (r + 1) * k), basis.subarray(0, k), scratch);
          for (let m = 0; m < k; m++) {
            // a_m: ψ = s_m, ∇ψ = e_m.  q_m: ψ = s_m², ∇ψ = 2 s_m e_m.
            atS1.fill(0);
            atS2.fill(0);
            atS1[m] = 1;
            atS2[m] = 1;
            row.basis(tr[m] as number, atS1, atS2, basis.subarray((1 + m) * k, (2 + m) * k), scratch);
            atS1[m] = 2 * (sr[m] as number);
            atS2[m] = 2 * (tr[m] as number);
            row.basis((tr[m] as number) ** 2, atS1, atS2, basis.subarray((1 + k + m) * k, (2 + k + m) * k), scratch);
          }
          if (constant) {
            // c: ψ = 1, ∇ψ = 0, so G = −(∇θ log p(b)): an ordinary baseline.
            atS1.fill(0);
            row.basis(1, atS1, atS1, basis.subarray((1 + 2 * k) * k, (2 + 2 * k) * k), scratch);
          }
          row.score(f[r] as number, g);
          for (let p = 0; p < P; p++) for (let j = 0; j < k; j++) g[j] = (g[j] as number) + (used[p] as number) * (basis[p * k + j] as number);
          for (let j = 0; j < k; j++) if (row.masked(j)) g[j] = 0; // masked: exactly 0
          out.set(g, r * k);
          for (let p = 0; p < P; p++) {
            let dot = 0;
            for (let j = 0; j < k; j++) dot += (g[j] as number) * (basis[p * k + j] as number);
            varianceGradient[p] = (varianceGradient[p] as number) + (2 * dot) / batch;
          }
        }
        lastVarianceGradient = varianceGradient;
        return { dLogits: backend.fromArray(out, [batch, k]) };
      },
      dispose: () => backend.dispose(...points),
    });
    return parts;
  }

  return {
    name,
    kind: 'control-variate',
    backend,
    get step() {
      return state.step;
    },
    get updates() {
      return updates;
    },
    parameters() {
      const k = classes ?? 0;
      return { eta: phi[0] as number, linear: phi.slice(1, 1 + k), quadratic: phi.slice(1 + k, 1 + 2 * k), constant: extra === 1 && classes !== undefined ? (phi[1 + 2 * k] as number) : 0 };
    },
    update(...samples: readonly RelaxSample<T>[]): void {
      if (samples.length === 0) throw new GumbelRangeError('samples', samples, 'at least one RELAX sample whose backward has run');
      const mean = new Float64Array(phi.length);
      samples.forEach((sample, i) => {
        const v = typeof sample?.varianceGradient === 'function' ? sample.varianceGradient() : undefined;
        if (v === undefined || v.length !== phi.length) throw new GumbelTypeError(`samples[${i}]`, sample, 'a sample of this RELAX estimator whose backward has run');
        for (let p = 0; p < v.length; p++) mean[p] = (mean[p] as number) + (v[p] as number) / samples.length;
      });
      updates += 1;
      for (let p = 0; p < phi.length; p++) {
        const grad = mean[p] as number;
        moment1[p] = BETA1 * (moment1[p] as number) + (1 - BETA1) * grad;
        moment2[p] = BETA2 * (moment2[p] as number) + (1 - BETA2) * grad * grad;
        const m = (moment1[p] as number) / (1 - BETA1 ** updates);
        const v = (moment2[p] as number) / (1 - BETA2 ** updates);
        phi[p] = (phi[p] as number) - (learningRate * m) / (Math.sqrt(v) + EPSILON);
      }
    },
    ...samplers(backend, draw),
  };
}
