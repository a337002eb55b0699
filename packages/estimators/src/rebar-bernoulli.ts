/**
 * REBAR for Bernoulli latents (Tucker, Mnih, Maddison, Lawson & Sohl-Dickstein 2017, §3, the binary
 * case the paper develops first), for logits `[batch, d]` (d independent bits per row, one loss per row):
 *   ĝ_j = [f(b) − η f(σ_λ(z̃))](b_j − p_j) + η ∂f(σ_λ(z))/∂θ_j − η ∂f(σ_λ(z̃))/∂θ_j,
 * p = σ(θ), z = θ + logit(u), b = [z > 0], and z̃ ~ p(z | b): z̃ = θ + logit(v′) with
 * v′ = v(1 − p) for b = 0 and v′ = (1 − p) + v·p for b = 1 (u, v uniform; the paper's appendix),
 * σ_λ(x) = σ(x/λ) elementwise. The relaxed terms are elementwise:
 *   ∂f(σ_λ(z))/∂θ_j = ∇f(s)_j · s_j(1 − s_j)/λ,  s = σ_λ(z),
 *   ∂f(σ_λ(z̃))/∂θ_j = ∇f(s̃)_j · s̃_j(1 − s̃_j)/λ · ∂z̃_j/∂θ_j,
 * with the conditional reparameterisation's derivative at fixed v and b (from dv′/dθ = −p(1 − p)·…):
 *   ∂z̃_j/∂θ_j = 1 − (1 − p_j)/v′_j for b_j = 1,  1 − p_j/(1 − v′_j) for b_j = 0.
 * Unbiased for every η and λ (same identity as the categorical REBAR, rebar.ts).
 *
 * No backend has conditional logistic noise, so, as DisARM does, the uniforms (two per bit, u then
 * v) come from the backend's stream and the rest is float64 host arithmetic; the points and the
 * bits are made with `fromArray`. logit(v′) is formed from log terms, so v′ near 1 (p small, b = 1)
 * keeps its precision. A −∞ logit is a bit that is never on: its points are 0 and its gradient 0.
 * Contract: as REBAR, kind `control-variate`, points [σ_λ(z), σ_λ(z̃)].
 */
import { GumbelRangeError, GumbelTypeError } from '@gumbel/core';
import type { Backend } from '@gumbel/core';
import { sigmoids } from './antithetic-bernoulli.js';
import { requireBackend } from './capabilities.js';
import { readPairUpstream } from './control-variate-upstream.js';
import { read, readAndDispose } from './host-reads.js';
import type { Reading } from './host-reads.js';
import { EstimatorState, categoricalShape, finiteValue, optionsObject, resolveTau } from './options.js';
import type { PairDraw } from './relaxed-control-variate.js';
import { defineControlVariate, finishSample } from './protocol.js';
import type { RebarEstimator, RebarOptions } from './rebar.js';
import type { ControlVariateSample, ControlVariateUpstream, EstimatorGradients, SampleOptions, TemperatureOption } from './types.js';

/** σ(x) without overflow; σ(±∞) = 1, 0. */
function sigmoid(x: number): number {
  return sigmoids(x)[0];
}

/** One Bernoulli draw with its two relaxed points (header), kept on the host for the backward pass. */
export interface BernoulliPairDraw<T> extends PairDraw<T> {
  readonly theta: Float64Array;
  readonly bits: Float64Array;
  readonly p: Float64Array;
  readonly s: Float64Array;
  readonly sTilde: Float64Array;
  /** ∂z̃_j/∂θ_j at fixed v and b. */
  readonly dzTilde: Float64Array;
  readonly lambda: Float64Array;
}

export function* drawBernoulliPair<T>(
  backend: Backend<T>,
  state: EstimatorState,
  logits: T,
  sampleOptions: SampleOptions<T> | undefined,
  defaultTau: TemperatureOption<T>,
): Reading<T, BernoulliPairDraw<T>> {
  const opts = optionsObject(sampleOptions);
  const [batch, d] = categoricalShape(backend, logits, 'logits');
  const { rng, step } = state.resolve(opts);
  const tau = resolveTau(backend, opts.tau ?? defaultTau, step, batch);
  const theta = Float64Array.from(yield* read(logits)); // kept for backward: a copy
  for (let at = 0; at < theta.length; at++) {
    const t = theta[at] as number;
    if (Number.isNaN(t) || t === Infinity) throw new GumbelRangeError(`logits[${Math.floor(at / d)}, ${at % d}]`, t, 'finite or -Infinity');
  }
  state.commit();
  const uv = yield* readAndDispose(backend, backend.uniformNoise([batch, d, 2], rng));
  const lambda = typeof tau === 'number' ? new Float64Array(batch).fill(tau) : Float64Array.from(yield* read(tau));
  const bits = new Float64Array(batch * d);
  const p = new Float64Array(batch * d);
  const s = new Float64Array(batch * d);
  const sTilde = new Float64Array(batch * d);
  const dzTilde = new Float64Array(batch * d);
  for (let r = 0; r < batch; r++) {
    const l = lambda[r] as number;
    for (let j = 0; j < d; j++) {
      const at = r * d + j;
      const t = theta[at] as number;
      if (t === -Infinity) continue; // never on: bit, points and gradient stay 0
      const [pj, qj] = sigmoids(t); // p and 1 − p
      p[at] = pj;
      const u = uv[2 * at] as number;
      const v = uv[2 * at + 1] as number;
      const z = t + Math.log(u) - Math.log1p(-u);
      const b = z > 0 ? 1 : 0;
      bits[at] = b;
      let logitV: number;
      if (b === 1) {
        const vPrime = qj + v * pj; // 1 − v′ = p(1 − v)
        logitV = Math.log(vPrime) - Math.log(pj) - Math.log1p(-v);
        dzTilde[at] = 1 - qj / vPrime;
      } else {
        const oneMinus = 1 - v * qj; // 1 − v′, v′ = v(1 − p)
        logitV = Math.log(v) + Math.log(qj) - Math.log(oneMinus);
        dzTilde[at] = 1 - pj / oneMinus;
      }
      s[at] = sigmoid(z / l);
      sTilde[at] = sigmoid((t + logitV) / l);
    }
  }
  const points = [backend.fromArray(s, [batch, d]), backend.fromArray(sTilde, [batch, d])] as const;
  return {
    batch,
    k: d,
    hard: backend.fromArray(bits, [batch, d]),
    points,
    tau,
    theta,
    bits,
    p,
    s,
    sTilde,
    dzTilde,
    lambda,
    row(r) {
      const slice = (v: Float64Array) => v.subarray(r * d, (r + 1) * d);
      const [rs, rt, rp, rb, rdz, rtheta] = [slice(s), slice(sTilde), slice(p), slice(bits), slice(dzTilde), slice(theta)];
      const l = lambda[r] as number;
      return {
        s: rs,
        sTilde: rt,
        masked: (j) => (rtheta[j] as number) === -Infinity,
        score(fb, out) {
          for (let j = 0; j < d; j++) out[j] = fb * ((rb[j] as number) - (rp[j] as number));
        },
        // −ψ(s̃)(b − p) + ∇ψ(s) ⊙ s(1 − s)/λ − ∇ψ(s̃) ⊙ s̃(1 − s̃)/λ ⊙ ∂z̃/∂θ, elementwise.
        basis(psiTilde, gradAtS, gradAtSTilde, out) {
          for (let j = 0; j < d; j++) {
            const [sj, tj] = [rs[j] as number, rt[j] as number];
            const atZ = ((gradAtS[j] as number) * sj * (1 - sj)) / l;
            const atZTilde = (((gradAtSTilde[j] as number) * tj * (1 - tj)) / l) * (rdz[j] as number);
            out[j] = -psiTilde * ((rb[j] as number) - (rp[j] as number)) + atZ - atZTilde;
          }
        },
      };
    },
  };
}

export function createRebarBernoulli<T>(backend: Backend<T>, options: RebarOptions<T> = {}): RebarEstimator<T> {
  requireBackend(backend, 'REBAR (Bernoulli)', ['seededNoise']);
  if (typeof options !== 'object' || options === null) throw new GumbelTypeError('options', options, 'an object or undefined');
  const eta = finiteValue(options.eta, 1, 'eta');
  const state = new EstimatorState(options.seed);
  const defaultTau = options.tau ?? 1;
  const estimator = defineControlVariate(backend, 'rebar-bernoulli', state, function* (logits: T, sampleOptions?: SampleOptions<T>): Reading<T, ControlVariateSample<T>> {
    const draw = yield* drawBernoulliPair(backend, state, logits, sampleOptions, defaultTau);
    const { batch, k: d, points } = draw;
    return finishSample(backend, {
      value: draw.hard,
      tau: draw.tau,
      points,
      *backward(upstream: ControlVariateUpstream<T>): Reading<T, EstimatorGradients<T>> {
        const { f, fTilde, gradS, gradSTilde } = yield* readPairUpstream(backend, upstream, batch, d);
        const out = new Float64Array(batch * d);
        const score = new Float64Array(d);
        const basis = new Float64Array(d);
        for (let r = 0; r < batch; r++) {
          const row = draw.row(r, draw.s, draw.sTilde);
          row.score(f[r] as number, score);
          row.basis(fTilde[r] as number, gradS.subarray(r * d, (r + 1) * d), gradSTilde.subarray(r * d, (r + 1) * d), basis, basis);
          for (let j = 0; j < d; j++) out[r * d + j] = row.masked(j) ? 0 : (score[j] as number) + eta * (basis[j] as number);
        }
        return { dLogits: backend.fromArray(out, [batch, d]) };
      },
      dispose: () => backend.dispose(...points),
    });
  });
  return { ...estimator, eta, get step() { return estimator.step; } };
}
