/**
 * validateArgs (on by default): typed errors naming the argument and the element; seeds that
 * work (`seed ?? fresh`, 0 is a seed, a CounterRng advances); the opt-out; masked classes.
 */
import { createCpuBackend } from '@gumbel/backend-cpu';
import { CounterRng, GumbelRangeError, GumbelTypeError, concreteBoundaryLogProb } from '@gumbel/core';
import { describe, expect, it } from 'vitest';
import { Bernoulli, Categorical, ExpRelaxedOneHotCategorical, Gumbel, OneHotCategorical, PlackettLuce, RelaxedOneHotCategorical } from './index.js';

const backend = createCpuBackend({ precision: 64 });
const t = (v: number[], s: number[] = [v.length]) => backend.fromArray(v, s);
const read = (x: ReturnType<typeof t>) => Array.from(backend.toArraySync(x));

describe('validation', () => {
  it('exactly one of logits / probs', () => {
    expect(() => new Categorical({ backend })).toThrow(/neither logits nor probs/);
    expect(() => new Categorical({ backend, logits: t([0, 1]), probs: t([0.5, 0.5]) })).toThrow(GumbelTypeError);
    expect(() => new Bernoulli({ backend })).toThrow(GumbelTypeError);
  });

  it('parameters: NaN and +∞ logits, all-masked rows, negative probabilities, a missing backend', () => {
    expect(() => new Categorical({ backend, logits: t([0, Number.NaN]) })).toThrow(/logits\[1\] must be finite or -Infinity/);
    expect(() => new Categorical({ backend, logits: t([0, Infinity]) })).toThrow(GumbelRangeError);
    expect(() => new Categorical({ backend, logits: t([-Infinity, -Infinity, 0, 1], [2, 2]) })).toThrow(/logits row 0 must be not entirely -Infinity/);
    expect(() => new Bernoulli({ backend, logits: Number.NaN })).toThrow(/logits must be not NaN, got NaN/);
    expect(() => new Gumbel({ backend, loc: Infinity })).toThrow(/loc must be finite, got Infinity/);
    expect(() => new Gumbel({} as never)).toThrow(GumbelTypeError);
    expect(() => new Gumbel({ backend, loc: 'a' as never })).toThrow(/loc must be a number or a cpu tensor/);
  });

  it('values off the support', () => {
    expect(() => new Categorical({ backend, logits: t([0, 1]) }).logProb(2)).toThrow(/value must be a class index: an integer in \[0, 1\], got 2/);
    expect(() => new Categorical({ backend, logits: t([0, 1]) }).logProb(0.5)).toThrow(GumbelRangeError);
    expect(() => new OneHotCategorical({ backend, logits: t([0, 1]) }).logProb(t([1, 1]))).toThrow(/exactly one entry 1/);
    expect(() => new Bernoulli({ backend, probs: 0.5 }).logProb(0.5)).toThrow(/value must be 0 or 1, got 0.5/);
    expect(() => new Gumbel({ backend }).logProb(Number.NaN)).toThrow(/value must be not NaN/);
    expect(() => new Gumbel({ backend }).icdf(1.5)).toThrow(/p must be in \[0, 1\], got 1.5/);
    expect(() => new PlackettLuce({ backend, scores: t([1, 2, 3]) }).logProb(t([0, 0, 1]))).toThrow(/a permutation of 0 … 2/);
    const masked = new RelaxedOneHotCategorical({ backend, logits: t([0, -Infinity, 1]), temperature: 0.5 });
    expect(() => masked.logProb(t([0.5, 0.1, 0.4]))).toThrow(/value\[1\] must be 0 at a masked class, got 0.1/);
    expect(() => new ExpRelaxedOneHotCategorical({ backend, logits: t([0, 1]), temperature: 0.5 }).logProb(t([Math.log(0.5), Infinity]))).toThrow(GumbelRangeError);
  });

  it('validateArgs: false skips the checks (for hot loops)', () => {
    expect(() => new Gumbel({ backend, scale: -1, validateArgs: false })).not.toThrow();
    expect(read(new Bernoulli({ backend, probs: 0.5, validateArgs: false }).logProb(0.5))).toEqual([Math.log(0.5)]);
  });

  it('sample shapes and seeds', () => {
    const g = new Gumbel({ backend });
    expect(() => g.sample([-1])).toThrow(/sampleShape must be an array of integers ≥ 0/);
    expect(() => g.sample([2], { seed: -1 })).toThrow(/seed must be an integer/);
    expect(() => g.sample([2], { seed: 0.5 })).toThrow(GumbelRangeError);
    expect(read(g.sample(3, { seed: 0 }))).toEqual(read(g.sample(3, { seed: 0 })));
    expect(read(g.sample(3))).not.toEqual(read(g.sample(3)));
    const rng = CounterRng.fromSeed(9);
    expect(read(g.sample(3, { seed: rng }))).not.toEqual(read(g.sample(3, { seed: rng })));
  });
});

describe('masked classes (−∞ logits, zero probabilities)', () => {
  it('are never sampled, have exact zeros in relaxed samples, −∞ log-probability and zero gradients', () => {
    const logits = t([1, -Infinity, 0]);
    expect(read(new Categorical({ backend, logits }).sample(2000, { seed: 1 })).includes(1)).toBe(false);
    const d = new RelaxedOneHotCategorical({ backend, logits, temperature: 0.3 });
    const y = d.rsampleVjp([50], { seed: 2 });
    const ys = read(y.value);
    expect(ys.filter((_, i) => i % 3 === 1).every((v) => v === 0)).toBe(true);
    const g = read(y.backwardSync(t(new Array(150).fill(1), [50, 3])).logits!);
    expect(g.filter((_, i) => i % 3 === 1).every((v) => v === 0)).toBe(true);
    expect(read(d.logProb(y.value)).every(Number.isFinite)).toBe(true);
    expect(read(new Categorical({ backend, logits }).logProb(1))).toEqual([-Infinity]);
    expect(read(new Categorical({ backend, probs: t([0.5, 0, 0.5]) }).entropy())).toEqual([Math.log(2)]);
  });
});

describe('the Concrete density at the boundary of the simplex: the limit, not NaN', () => {
  const logits = t([3, 5, 4.4, 3, 2, 1], [2, 3]);
  it('+∞ at a vertex when (k − 1)τ < 1 (TFP’s intended testPdfAtBoundary); −∞ in log space', () => {
    const d = new RelaxedOneHotCategorical({ backend, logits, temperature: 0.1 });
    expect(read(d.logProb(t([1, 0, 0, 0, 1, 0], [2, 3])))).toEqual([Infinity, Infinity]);
    const e = new ExpRelaxedOneHotCategorical({ backend, logits, temperature: 0.1 });
    expect(read(e.logProb(t([0, -Infinity, -Infinity, -Infinity, 0, -Infinity], [2, 3])))).toEqual([-Infinity, -Infinity]);
  });
  it('one zero coordinate and (k − 1)τ > 1: −∞; two zeros with τk = m(τ + 1): the finite radial limit, core’s rule (one rule for every backend)', () => {
    const d = new RelaxedOneHotCategorical({ backend, logits, temperature: 2 });
    expect(read(d.logProb(t([0.5, 0.5, 0], [3])))).toEqual([-Infinity, -Infinity]);
    // k = 3, m = 2, τ = 2: the exponent τk − m(τ + 1) is 0, so the limit is finite (core tests its value against mpmath).
    const got = read(d.logProb(t([1, 0, 0], [3])));
    expect(got.every(Number.isFinite)).toBe(true);
    const want = [concreteBoundaryLogProb([1, 0, 0], [3, 5, 4.4], 2), concreteBoundaryLogProb([1, 0, 0], [3, 2, 1], 2)];
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i] as number, 10));
  });
});

describe('saturated relaxed Bernoulli samples', () => {
  it('are evaluated at their logit-space point: logProb(sample) = LogitRelaxedBernoulli.logProb(x) + softplus(x) + softplus(−x)', async () => {
    const { LogitRelaxedBernoulli, RelaxedBernoulli } = await import('./index.js');
    const softplus = (v: number) => (v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v)));
    const y = new RelaxedBernoulli({ backend, logits: 0.5, temperature: 0.02 });
    const sample = y.rsample([200], { seed: 3 });
    const x = new LogitRelaxedBernoulli({ backend, logits: 0.5, temperature: 0.02 });
    const xs = read(x.rsample([200], { seed: 3 }));
    // At τ = 0.02 most samples have |x| > 37, where float64 rounds y to 0 or 1 (then clamped).
    expect(xs.filter((v) => Math.abs(v) > 37).length).toBeGreaterThan(100);
    const lx = read(x.logProb(t(xs, [200])));
    const expected = lx.map((v, i) => v + softplus(xs[i] as number) + softplus(-(xs[i] as number)));
    const got = read(y.logProb(sample));
    got.forEach((v, i) => expect(Math.abs(v - (expected[i] as number))).toBeLessThanOrEqual(1e-9 * Math.abs(expected[i] as number)));
  });
});

describe('relaxed one-hot samples with underflowing coordinates', () => {
  it('are evaluated at their log-space point: logProb(y) = ExpRelaxed.logProb(x) − Σ x', async () => {
    const { ExpRelaxedOneHotCategorical: Exp } = await import('./index.js');
    const logits = t([0, 4, -4]);
    const y = new RelaxedOneHotCategorical({ backend, logits, temperature: 0.005 }).rsample([50], { seed: 1 });
    const xs = read(new Exp({ backend, logits, temperature: 0.005 }).rsample([50], { seed: 1 }));
    // At τ = 0.005 gaps of a few nats put x_i below −708, where e^x underflows.
    expect(xs.filter((v) => v < -708).length).toBeGreaterThan(10);
    const expected = read(new Exp({ backend, logits, temperature: 0.005 }).logProb(t(xs, [50, 3]))).map((v, r) => v - (xs[3 * r]! + xs[3 * r + 1]! + xs[3 * r + 2]!));
    const got = read(new RelaxedOneHotCategorical({ backend, logits, temperature: 0.005 }).logProb(y));
    got.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(1e-9 * Math.abs(expected[i]!)));
  });
});
