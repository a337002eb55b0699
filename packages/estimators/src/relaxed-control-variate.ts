/**
 * What REBAR (Tucker et al. 2017) and RELAX (Grathwohl et al. 2018) share for categorical latents:
 * one draw with two relaxed points, and the host arithmetic of a control variate evaluated there.
 *
 * Draw: z = θ + g (g standard Gumbel), b = onehot(argmax z) — the exact sample, `value` — and
 * z̃ = θ + g̃ with g̃ ~ p(g | argmax(θ + g) = b), the backend's `conditionalGumbelNoise` (the
 * "reverse Gumbel" Gumbel-Rao uses). The points are s = σ_λ(z) and s̃ = σ_λ(z̃), σ_λ(x) = softmax(x/λ).
 *
 * Estimate, for a control variate c(z) = Σ_m φ_m ψ_m(σ_λ(z)) linear in its parameters φ:
 *   ĝ = (f(b) − c(z̃))·∇θ log p(b) + ∇θ c(z) − ∇θ c(z̃)  =  f(b)(e_b − π) + Σ_m φ_m G_m,
 *   G_m = −ψ_m(s̃)(e_b − π) + ∇θ ψ_m(σ_λ(z)) − ∇θ ψ_m(σ_λ(z̃)),       π = softmax θ.
 * Unbiased for every φ: ∇θ E_z[c(z)] = ∇θ Σ_b p(b) E_{z̃|b}[c(z̃)] = E[c(z̃)∇θ log p(b)] + E[∇θ c(z̃)],
 * so the three c-terms have mean zero (Tucker et al. 2017, eq. 4 / Grathwohl et al. 2018, eq. 8).
 *
 * - ∇θ c(z) is the reparameterisation gradient with g fixed: J_σ(s)ᵀ∇_s ψ, J_σ(s)ᵀv = s ⊙ (v − ⟨s, v⟩)/λ.
 * - ∇θ c(z̃) must follow z̃'s *conditional* reparameterisation with b and the uniforms held fixed —
 *   not g̃ fixed, which would miss the mean-zero identity above. core's conditionalGumbelNoise draws
 *   z̃_b = logsumexp θ + G_b and, for i ≠ b, z̃_i = −log(e^(−z̃_b) + e^(−θ_i)·E_i) (E_i = e^(−G_i)). So
 *   ∂z̃_b/∂θ_j = π_j, and ∂z̃_i/∂θ_j = w_i δ_ij + (1 − w_i) π_j with 1 − w_i = exp(z̃_i − z̃_b): the
 *   Jacobian needs z̃ only, not the uniforms. Its VJP: Kᵀu = u ⊙ w + π·Σ_i u_i(1 − w_i), w_b = 0.
 *   (`relaxed-control-variate.test.ts` checks K against finite differences of core's sampler.)
 *
 * Why on the host: RELAX needs the 1 + 2k basis vectors G_m of every row (its variance gradient),
 * one softmax VJP each; k-wide row arithmetic in float64 is cheaper than 2k + 1 backend VJPs, and
 * MuProp already combines its terms on the host.
 */
import { softmax } from '@gumbel/core';
import type { Backend } from '@gumbel/core';
import { read, readAndDispose } from './host-reads.js';
import type { Reading } from './host-reads.js';
import { beginCategoricalDraw } from './options.js';
import type { EstimatorState } from './options.js';
import type { SampleOptions, TemperatureOption } from './types.js';

/** One draw: the sample, its two relaxed points, and what the host arithmetic needs of it. */
export interface RelaxedPairDraw<T> {
  readonly batch: number;
  readonly k: number;
  /** b, the one-hot sample `[batch, k]` (the caller's `value`). */
  readonly hard: T;
  /** s = σ_λ(z) and s̃ = σ_λ(z̃), `[batch, k]`: the sample's points, in that order. */
  readonly points: readonly [T, T];
  /** The τ (= λ) of this call, as the backend took it. */
  readonly tau: number | T;
  /** The sampled class of each row. */
  readonly indices: Int32Array;
  /** π = softmax(θ) per row, float64 (masked classes exactly 0). */
  readonly pi: Float64Array;
  /** w_i = 1 − exp(z̃_i − z̃_b) per row and class (w_b = 0; masked classes 1). */
  readonly w: Float64Array;
  /** λ per row. */
  readonly lambda: Float64Array;
}

export function* drawRelaxedPair<T>(
  backend: Backend<T>,
  state: EstimatorState,
  logits: T,
  sampleOptions: SampleOptions<T> | undefined,
  defaultTau: TemperatureOption<T>,
): Reading<T, RelaxedPairDraw<T>> {
  const { batch, k, rng, tau, noise } = beginCategoricalDraw(backend, state, logits, sampleOptions, defaultTau);
  const { hard, soft } = backend.straightThroughSample({ logits, tau, noise });
  backend.dispose(noise);
  const index = backend.argmax(hard);
  const gTilde = backend.conditionalGumbelNoise(logits, index, rng);
  const softTilde = backend.relaxedSample({ logits, tau, noise: gTilde });
  const indices = Int32Array.from(yield* readAndDispose(backend, index));
  const g = yield* readAndDispose(backend, gTilde);
  const theta = yield* read(logits);
  const lambda = typeof tau === 'number' ? new Float64Array(batch).fill(tau) : Float64Array.from(yield* read(tau));
  const pi = new Float64Array(batch * k);
  const w = new Float64Array(batch * k);
  for (let r = 0; r < batch; r++) {
    const row = r * k;
    pi.set(softmax(theta.subarray(row, row + k)), row);
    const b = indices[r] as number;
    const top = (theta[row + b] as number) + (g[row + b] as number);
    for (let i = 0; i < k; i++) {
      if (i === b) continue;
      // −expm1 keeps w_i accurate when z̃_i sits just below z̃_b; a masked class (−∞) gets 1.
      w[row + i] = -Math.expm1((theta[row + i] as number) + (g[row + i] as number) - top);
    }
  }
  return { batch, k, hard, points: [soft, softTilde], tau, indices, pi, w, lambda };
}

/** One row of a draw, with its relaxed points read back: what a basis vector G_m is computed from. */
export interface RowGeometry {
  readonly k: number;
  /** The sampled class. */
  readonly b: number;
  readonly lambda: number;
  readonly pi: Float64Array;
  readonly w: Float64Array;
  readonly s: Float64Array;
  readonly sTilde: Float64Array;
}

export function rowGeometry<T>(draw: RelaxedPairDraw<T>, s: ArrayLike<number>, sTilde: ArrayLike<number>, r: number): RowGeometry {
  const { k } = draw;
  const slice = (v: ArrayLike<number>) => Float64Array.from({ length: k }, (_, j) => v[r * k + j] as number);
  return { k, b: draw.indices[r] as number, lambda: draw.lambda[r] as number, pi: draw.pi.subarray(r * k, (r + 1) * k), w: draw.w.subarray(r * k, (r + 1) * k), s: slice(s), sTilde: slice(sTilde) };
}

/** out = J_σ(s)ᵀv = s ⊙ (v − ⟨s, v⟩)/λ, the VJP of s = softmax(x/λ) wrt x. */
function softmaxVjp(s: Float64Array, v: ArrayLike<number>, lambda: number, out: Float64Array): void {
  let dot = 0;
  for (let j = 0; j < s.length; j++) dot += (s[j] as number) * (v[j] as number);
  for (let j = 0; j < s.length; j++) out[j] = ((s[j] as number) * ((v[j] as number) - dot)) / lambda;
}

/** out = Kᵀu = u ⊙ w + π·Σ_i u_i(1 − w_i): the VJP of z̃(θ) given b at fixed uniforms (header). */
function conditionalVjp(u: Float64Array, geometry: RowGeometry, out: Float64Array): void {
  const { w, pi } = geometry;
  let spill = 0;
  for (let i = 0; i < u.length; i++) spill += (u[i] as number) * (1 - (w[i] as number));
  for (let j = 0; j < u.length; j++) out[j] = (u[j] as number) * (w[j] as number) + (pi[j] as number) * spill;
}

/**
 * out = G for one basis function ψ of the control variate:
 * −ψ(s̃)(e_b − π) + J_σ(s)ᵀ∇ψ(s) − Kᵀ J_σ(s̃)ᵀ∇ψ(s̃).
 */
export function basisGradient(
  geometry: RowGeometry,
  psiTilde: number,
  gradAtS: ArrayLike<number>,
  gradAtSTilde: ArrayLike<number>,
  out: Float64Array,
  scratch: Float64Array = new Float64Array(3 * geometry.k),
): void {
  const { k, b, pi, lambda, s, sTilde } = geometry;
  // RELAX calls this 2k + 1 times per row: a caller's scratch (3k) saves the allocations.
  const atZ = scratch.subarray(0, k);
  const u = scratch.subarray(k, 2 * k);
  const atZTilde = scratch.subarray(2 * k, 3 * k);
  softmaxVjp(s, gradAtS, lambda, atZ);
  softmaxVjp(sTilde, gradAtSTilde, lambda, u);
  conditionalVjp(u, geometry, atZTilde);
  for (let j = 0; j < k; j++) out[j] = -psiTilde * ((j === b ? 1 : 0) - (pi[j] as number)) + (atZ[j] as number) - (atZTilde[j] as number);
}

/** out = f(b)(e_b − π): the REINFORCE term every φ adds its basis vectors to. */
export function scoreTerm(geometry: RowGeometry, fb: number, out: Float64Array): void {
  const { k, b, pi } = geometry;
  for (let j = 0; j < k; j++) out[j] = fb * ((j === b ? 1 : 0) - (pi[j] as number));
}

/**
 * One row of a REBAR/RELAX draw as the estimators combine it, the same for categorical and
 * Bernoulli latents: the relaxed points, the score term f(b)·∇θ log p(b), and the basis vector G of
 * one control-variate function ψ (header). RELAX's loop is written once against it.
 */
export interface ControlVariateRow {
  readonly s: Float64Array;
  readonly sTilde: Float64Array;
  /** Never sampled (a −∞ logit): its gradient is exactly 0. */
  masked(j: number): boolean;
  score(fb: number, out: Float64Array): void;
  basis(psiTilde: number, gradAtS: ArrayLike<number>, gradAtSTilde: ArrayLike<number>, out: Float64Array, scratch: Float64Array): void;
}

/** A draw with two relaxed points, as RELAX consumes it (categorical here, Bernoulli in rebar-bernoulli.ts). */
export interface PairDraw<T> {
  readonly batch: number;
  /** Classes (categorical) or bits (Bernoulli) per row. */
  readonly k: number;
  readonly hard: T;
  readonly points: readonly [T, T];
  readonly tau: number | T;
  row(r: number, s: ArrayLike<number>, sTilde: ArrayLike<number>): ControlVariateRow;
}

/** The categorical draw as a `PairDraw`. */
export function* drawCategoricalPair<T>(
  backend: Backend<T>,
  state: EstimatorState,
  logits: T,
  sampleOptions: SampleOptions<T> | undefined,
  defaultTau: TemperatureOption<T>,
): Reading<T, PairDraw<T>> {
  const draw = yield* drawRelaxedPair(backend, state, logits, sampleOptions, defaultTau);
  return {
    batch: draw.batch,
    k: draw.k,
    hard: draw.hard,
    points: draw.points,
    tau: draw.tau,
    row(r, s, sTilde) {
      const geometry = rowGeometry(draw, s, sTilde, r);
      return {
        s: geometry.s,
        sTilde: geometry.sTilde,
        masked: (j) => (geometry.pi[j] as number) === 0,
        score: (fb, out) => scoreTerm(geometry, fb, out),
        basis: (psiTilde, gradAtS, gradAtSTilde, out, scratch) => basisGradient(geometry, psiTilde, gradAtS, gradAtSTilde, out, scratch),
      };
    },
  };
}

