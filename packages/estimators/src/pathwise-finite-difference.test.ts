/**
 * Each pathwise estimator's gradient is the exact derivative of its own surrogate objective. The
 * surrogates are rebuilt here in float64 from the same noise (a seeded estimator's first draw is
 * the backend's noise for that seed), then differentiated by central differences (h = 1e-5:
 * truncation ~h² ≈ 1e-10, rounding ~1e-16/h ≈ 1e-11; tolerance 1e-7 relative).
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '@gumbel/backend-cpu';
import { createRelaxedBernoulli, createStraightThroughBernoulli } from './bernoulli-pathwise.js';
import { createReinMax } from './reinmax.js';
import { createRelaxedGumbelSoftmax, createStraightThroughGumbelSoftmax } from './gumbel-softmax.js';
import { expectClose, numericGradient, refSigmoid, refSoftmax } from './test-support/helpers.js';

const backend = createCpuBackend({ precision: 64 });
const B = 2;
const K = 4;
const THETA = [0.2, -0.7, 1.1, 0.4, -0.3, 0.9, 0.1, -1.4];
const TARGET = [0.1, 0.5, 0.2, 0.9, 0.6, 0.3, 0.8, 0.0];
const SEED = 11;
const TOL = 1e-7;

const rows = (x: ArrayLike<number>, b: number): number[] => Array.from(x).slice(b * K, (b + 1) * K);
const quadratic = (y: ArrayLike<number>): number => Array.from(y).reduce((s, v, i) => s + (v - (TARGET[i] as number)) ** 2, 0);
const quadraticGrad = (y: ArrayLike<number>): number[] => Array.from(y, (v, i) => 2 * (v - (TARGET[i] as number)));
const relaxedRows = (theta: ArrayLike<number>, g: ArrayLike<number>, tau: (b: number) => number): number[] =>
  Array.from({ length: B }, (_, b) => Array.from(refSoftmax(rows(theta, b).map((t, j) => t + (g[b * K + j] as number)), tau(b)))).flat();

async function noise(kind: 'gumbel' | 'logistic'): Promise<Float64Array> {
  const t = kind === 'gumbel' ? backend.gumbelNoise([B, K], SEED) : backend.logisticNoise([B, K], SEED);
  return Float64Array.from(await backend.toArray(t));
}

describe('relaxed Gumbel-Softmax: the derivative of f(softmax((θ + g)/τ))', () => {
  it('wrt θ and a scalar τ', async () => {
    const g = await noise('gumbel');
    const tau = 0.7;
    const sample = await createRelaxedGumbelSoftmax(backend, { seed: SEED, tau }).sample(backend.fromArray(THETA, [B, K]));
    const y = await backend.toArray(sample.value);
    expectClose(y, relaxedRows(THETA, g, () => tau), 1e-12, 'value');
    const { dLogits, dTau } = await sample.backward(backend.fromArray(quadraticGrad(y), [B, K]));
    expectClose(await backend.toArray(dLogits), numericGradient((th) => quadratic(relaxedRows(th, g, () => tau)), THETA), TOL, 'dLogits');
    expect(dTau).toBeDefined();
    expect(backend.shapeOf(dTau as never)).toEqual([]);
    expectClose(await backend.toArray(dTau as never), numericGradient(([t]) => quadratic(relaxedRows(THETA, g, () => t as number)), [tau]), TOL, 'dTau');
  });

  it('wrt a per-row τ', async () => {
    const g = await noise('gumbel');
    const taus = [0.5, 1.3];
    const sample = await createRelaxedGumbelSoftmax(backend, { seed: SEED }).sample(backend.fromArray(THETA, [B, K]), { tau: backend.fromArray(taus, [B]) });
    const y = await backend.toArray(sample.value);
    const { dTau } = await sample.backward(backend.fromArray(quadraticGrad(y), [B, K]));
    expect(backend.shapeOf(dTau as never)).toEqual([B]);
    expectClose(await backend.toArray(dTau as never), numericGradient((t) => quadratic(relaxedRows(THETA, g, (b) => t[b] as number)), taus), TOL, 'dTau');
  });
});

describe('straight-through Gumbel-Softmax: one-hot forward, the relaxed Jacobian backward', () => {
  it('value = onehot(argmax(θ + g)); gradient = d/dθ of dL/dz(hard) · softmax((θ + g)/τ)', async () => {
    const g = await noise('gumbel');
    const tau = 0.6;
    const sample = await createStraightThroughGumbelSoftmax(backend, { seed: SEED, tau }).sample(backend.fromArray(THETA, [B, K]));
    const hard = await backend.toArray(sample.value);
    for (let b = 0; b < B; b++) {
      const perturbed = rows(THETA, b).map((t, j) => t + (g[b * K + j] as number));
      const best = perturbed.indexOf(Math.max(...perturbed));
      expect(rows(hard, b)).toEqual(perturbed.map((_, j) => (j === best ? 1 : 0)));
    }
    const dy = quadraticGrad(hard);
    const surrogate = (th: Float64Array, t: number): number => relaxedRows(th, g, () => t).reduce((s, v, i) => s + v * (dy[i] as number), 0);
    const { dLogits, dTau } = await sample.backward(backend.fromArray(dy, [B, K]));
    expectClose(await backend.toArray(dLogits), numericGradient((th) => surrogate(th, tau), THETA), TOL, 'dLogits');
    expectClose(await backend.toArray(dTau as never), numericGradient(([t]) => surrogate(Float64Array.from(THETA), t as number), [tau]), TOL, 'dTau');
  });
});

describe('Bernoulli: relaxed σ((θ + l)/τ) and straight-through bits', () => {
  const relaxedBits = (th: ArrayLike<number>, l: ArrayLike<number>, tau: number): number[] => Array.from(th, (t, i) => refSigmoid((t + (l[i] as number)) / tau));

  it('relaxed: wrt θ and τ', async () => {
    const l = await noise('logistic');
    const tau = 0.8;
    const sample = await createRelaxedBernoulli(backend, { seed: SEED, tau }).sample(backend.fromArray(THETA, [B, K]));
    const y = await backend.toArray(sample.value);
    expectClose(y, relaxedBits(THETA, l, tau), 1e-12, 'value');
    const { dLogits, dTau } = await sample.backward(backend.fromArray(quadraticGrad(y), [B, K]));
    expectClose(await backend.toArray(dLogits), numericGradient((th) => quadratic(relaxedBits(th, l, tau)), THETA), TOL, 'dLogits');
    expectClose(await backend.toArray(dTau as never), numericGradient(([t]) => quadratic(relaxedBits(THETA, l, t as number)), [tau]), TOL, 'dTau');
  });

  it('straight-through: bits [θ + l > 0] forward, the relaxed Jacobian backward', async () => {
    const l = await noise('logistic');
    const tau = 0.5;
    const sample = await createStraightThroughBernoulli(backend, { seed: SEED, tau }).sample(backend.fromArray(THETA, [B, K]));
    const bits = await backend.toArray(sample.value);
    expect(Array.from(bits)).toEqual(THETA.map((t, i) => (t + (l[i] as number) > 0 ? 1 : 0)));
    const dy = quadraticGrad(bits);
    const { dLogits } = await sample.backward(backend.fromArray(dy, [B, K]));
    const surrogate = (th: Float64Array): number => relaxedBits(th, l, tau).reduce((s, v, i) => s + v * (dy[i] as number), 0);
    expectClose(await backend.toArray(dLogits), numericGradient(surrogate, THETA), TOL, 'dLogits');
  });
});

describe('ReinMax: 2·J(π1)ᵀg − ½·J(π0)ᵀg, the derivative of its surrogate', () => {
  it('matches g · (2·softmax(θ′ + sg(log π1 − θ)) − ½·softmax(θ′)) differentiated at θ′ = θ', async () => {
    const g = await noise('gumbel');
    const tau = 1.5;
    const sample = await createReinMax(backend, { seed: SEED, tau }).sample(backend.fromArray(THETA, [B, K]));
    const hard = await backend.toArray(sample.value);
    // D ~ Cat(softmax(θ)): the Gumbel-max sample at τ = 1 with the seed's noise.
    for (let b = 0; b < B; b++) {
      const perturbed = rows(THETA, b).map((t, j) => t + (g[b * K + j] as number));
      expect(rows(hard, b).indexOf(1)).toBe(perturbed.indexOf(Math.max(...perturbed)));
    }
    const dy = quadraticGrad(hard);
    const shift = Array.from({ length: B }, (_, b) => {
      const pt = refSoftmax(rows(THETA, b), tau);
      return rows(hard, b).map((d, j) => Math.log((d + (pt[j] as number)) / 2) - (THETA[b * K + j] as number));
    }).flat();
    const surrogate = (th: Float64Array): number => {
      let s = 0;
      for (let b = 0; b < B; b++) {
        const p1 = refSoftmax(rows(th, b).map((t, j) => t + (shift[b * K + j] as number)));
        const p0 = refSoftmax(rows(th, b));
        for (let j = 0; j < K; j++) s += (dy[b * K + j] as number) * (2 * (p1[j] as number) - 0.5 * (p0[j] as number));
      }
      return s;
    };
    const { dLogits, dTau } = await sample.backward(backend.fromArray(dy, [B, K]));
    expect(dTau).toBeUndefined();
    expectClose(await backend.toArray(dLogits), numericGradient(surrogate, THETA), TOL, 'dLogits');
  });
});
