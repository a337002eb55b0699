/**
 * REBAR (Tucker, Mnih, Maddison, Lawson & Sohl-Dickstein 2017, "REBAR: Low-variance, unbiased
 * gradient estimates for discrete latent variable models", NIPS; eq. 4 and §3 for categorical b):
 * REINFORCE with the Gumbel-Softmax relaxation of f as its control variate,
 *   ĝ = [f(b) − η f(σ_λ(z̃))]·∇θ log p(b) + η ∇θ f(σ_λ(z)) − η ∇θ f(σ_λ(z̃)),
 * z = θ + g, b = onehot(argmax z), z̃ ~ p(z | b) (conditional Gumbels), σ_λ(x) = softmax(x/λ),
 * ∇θ log p(b) = e_b − softmax θ. The last term differentiates z̃'s conditional reparameterisation
 * with b fixed (relaxed-control-variate.ts derives its Jacobian). Unbiased for every η and λ.
 *
 * λ is the estimator's τ (given: a number, per-row tensor or schedule); η is fixed (option `eta`,
 * default 1). The paper also tunes η and λ by the variance gradient; RELAX (relax.ts) does that for
 * η and a learned surrogate, and keeps λ given.
 *
 * Contract: kind `control-variate` (types.ts) unchanged — `sample.points` = [σ_λ(z), σ_λ(z̃)], and
 * `backward({ losses: f(b), atPoints: [{ losses: f(s), gradient: ∇f(s) }, { losses: f(s̃), gradient: ∇f(s̃) }] })`.
 * f(s) itself is not used (only its gradient) but is checked like every loss, so one caller loop
 * serves MuProp, REBAR and RELAX.
 */
import { GumbelTypeError } from '@gumbel/core';
import type { Backend, RandomSource } from '@gumbel/core';
import { requireBackend } from './capabilities.js';
import { readPairUpstream } from './control-variate-upstream.js';
import { read } from './host-reads.js';
import type { Reading } from './host-reads.js';
import { EstimatorState, finiteValue, optionsObject } from './options.js';
import { defineControlVariate, finishSample } from './protocol.js';
import { basisGradient, drawRelaxedPair, rowGeometry, scoreTerm } from './relaxed-control-variate.js';
import type { ControlVariateEstimator, ControlVariateSample, ControlVariateUpstream, EstimatorGradients, SampleOptions, TemperatureOption } from './types.js';

export interface RebarOptions<T> {
  readonly seed?: RandomSource;
  /** λ, the relaxation's temperature (default 1). */
  readonly tau?: TemperatureOption<T>;
  /** η, the control variate's scale (default 1; 0 is plain one-sample REINFORCE). */
  readonly eta?: number;
}

export interface RebarEstimator<T> extends ControlVariateEstimator<T> {
  readonly eta: number;
}

export function createRebar<T>(backend: Backend<T>, options: RebarOptions<T> = {}): RebarEstimator<T> {
  requireBackend(backend, 'REBAR', ['seededNoise', 'conditionalGumbel']);
  if (typeof options !== 'object' || options === null) throw new GumbelTypeError('options', options, 'an object or undefined');
  const eta = finiteValue(options.eta, 1, 'eta');
  const state = new EstimatorState(options.seed);
  const defaultTau = options.tau ?? 1;
  const estimator = defineControlVariate(backend, 'rebar', state, function* (logits: T, sampleOptions?: SampleOptions<T>): Reading<T, ControlVariateSample<T>> {
    const draw = yield* drawRelaxedPair(backend, state, logits, optionsObject(sampleOptions), defaultTau);
    const { batch, k, points } = draw;
    return finishSample(backend, {
      value: draw.hard,
      tau: draw.tau,
      points,
      *backward(upstream: ControlVariateUpstream<T>): Reading<T, EstimatorGradients<T>> {
        const { f, fTilde, gradS, gradSTilde } = yield* readPairUpstream(backend, upstream, batch, k);
        const s = yield* read(points[0]);
        const sTilde = yield* read(points[1]);
        const out = new Float64Array(batch * k);
        const score = new Float64Array(k);
        const basis = new Float64Array(k);
        for (let r = 0; r < batch; r++) {
          const geometry = rowGeometry(draw, s, sTilde, r);
          scoreTerm(geometry, f[r] as number, score);
          basisGradient(geometry, fTilde[r] as number, gradS.subarray(r * k, (r + 1) * k), gradSTilde.subarray(r * k, (r + 1) * k), basis);
          for (let j = 0; j < k; j++) {
            // Masked classes (π = 0) are never sampled: their gradient is exactly 0.
            out[r * k + j] = (geometry.pi[j] as number) === 0 ? 0 : (score[j] as number) + eta * (basis[j] as number);
          }
        }
        return { dLogits: backend.fromArray(out, [batch, k]) };
      },
      dispose: () => backend.dispose(...points),
    });
  });
  return { ...estimator, eta, get step() { return estimator.step; } };
}
