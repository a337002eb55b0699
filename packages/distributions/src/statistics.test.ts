/**
 * The samplers against their laws, with fixed seeds. Discrete laws by a χ² test at α = 10⁻³
 * (conformance's chiSquareSurvival); the relaxed ones by their defining property — argmax of a
 * Concrete sample is Categorical(π) for every τ (Maddison et al. 2017, Prop. 1a), a BinConcrete
 * sample exceeds ½ with probability p — and Gumbel / Logistic by a KS test at α = 10⁻³.
 */
import { createCpuBackend } from '@gumbel/backend-cpu';
import { chiSquareStatistic, chiSquareSurvival, gumbelCdf, ksCriticalValue, ksStatistic, logisticCdf } from '@gumbel/conformance';
import { describe, expect, it } from 'vitest';
import { Bernoulli, Categorical, Gumbel, LogitRelaxedBernoulli, Logistic, OneHotCategorical, PlackettLuce, RelaxedBernoulli, RelaxedOneHotCategorical } from './index.js';

const backend = createCpuBackend({ precision: 64 });
const N = 20_000;
const PROBS = [0.5, 0.3, 0.15, 0.05];
const probs = () => backend.fromArray(PROBS, [4]);
const read = (t: ReturnType<typeof backend.fromArray>) => Array.from(backend.toArraySync(t));

function expectCategorical(counts: number[], p: number[]): void {
  const total = counts.reduce((a, b) => a + b);
  const stat = chiSquareStatistic(counts, p.map((q) => q * total));
  expect(chiSquareSurvival(stat, p.length - 1)).toBeGreaterThan(1e-3);
}

const countIndices = (xs: number[], k: number) => xs.reduce((c, x) => ((c[x] = (c[x] as number) + 1), c), new Array<number>(k).fill(0));
const argmaxRows = (xs: number[], k: number) => Array.from({ length: xs.length / k }, (_, r) => { const row = xs.slice(r * k, r * k + k); return row.indexOf(Math.max(...row)); });

describe('samplers follow their laws (fixed seeds, α = 10⁻³)', () => {
  it('Categorical: Gumbel-max class frequencies are π', () => {
    expectCategorical(countIndices(read(new Categorical({ backend, probs: probs() }).sample(N, { seed: 1 })), 4), PROBS);
  });

  it('OneHotCategorical: the hot index is Categorical(π)', () => {
    expectCategorical(countIndices(argmaxRows(read(new OneHotCategorical({ backend, probs: probs() }).sample(N, { seed: 2 })), 4), 4), PROBS);
  });

  for (const tau of [0.1, 1, 5]) {
    it(`RelaxedOneHotCategorical at τ = ${tau}: argmax of the sample is Categorical(π)`, () => {
      const d = new RelaxedOneHotCategorical({ backend, probs: probs(), temperature: tau });
      expectCategorical(countIndices(argmaxRows(read(d.sample(N, { seed: 3 })), 4), 4), PROBS);
    });
  }

  it('Bernoulli and RelaxedBernoulli (τ = 0.7): P(x = 1), P(y > ½) = p', () => {
    for (const [d, threshold] of [[new Bernoulli({ backend, probs: 0.3 }), 0.5], [new RelaxedBernoulli({ backend, probs: 0.3, temperature: 0.7 }), 0.5]] as const) {
      const ones = read(d.sample(N, { seed: 4 })).filter((v) => v > threshold).length;
      expectCategorical([ones, N - ones], [0.3, 0.7]);
    }
  });

  it('PlackettLuce: the first item is w_i / Σw, the second given the first is w_j / (Σw − w_first)', () => {
    const w = [4, 2, 1, 1];
    const x = read(new PlackettLuce({ backend, scores: backend.fromArray(w, [4]) }).sample(N, { seed: 5 }));
    const first = Array.from({ length: N }, (_, r) => x[r * 4] as number);
    expectCategorical(countIndices(first, 4), w.map((v) => v / 8));
    const secondAfter0 = Array.from({ length: N }, (_, r) => r).filter((r) => x[r * 4] === 0).map((r) => x[r * 4 + 1] as number);
    const counts = countIndices(secondAfter0, 4).slice(1);
    expectCategorical(counts, [2 / 4, 1 / 4, 1 / 4]);
  });

  it('Gumbel and Logistic: KS statistic below the α = 10⁻³ critical value', () => {
    const g = read(new Gumbel({ backend, loc: 1, scale: 2 }).sample(N, { seed: 6 }));
    expect(ksStatistic(g, (v) => gumbelCdf((v - 1) / 2))).toBeLessThan(ksCriticalValue(N, 1e-3));
    const l = read(new Logistic({ backend, loc: -1, scale: 0.5 }).sample(N, { seed: 7 }));
    expect(ksStatistic(l, (v) => logisticCdf((v + 1) / 0.5))).toBeLessThan(ksCriticalValue(N, 1e-3));
  });
});

describe('densities integrate to 1 (trapezoid on a fine grid, in logit space)', () => {
  it('RelaxedBernoulli / LogitRelaxedBernoulli and a 2-class Concrete', () => {
    // In x = logit(y) the BinConcrete density has logistic tails, so [−60, 60] holds all but e^(−60·τ).
    const xs = Array.from({ length: 24_001 }, (_, i) => -60 + i * 0.005);
    const trapezoid = (v: number[], h: number) => v.reduce((acc, e, i) => acc + (i === 0 || i === v.length - 1 ? e / 2 : e), 0) * h;
    for (const tau of [0.3, 1, 2.5]) {
      const logit = new LogitRelaxedBernoulli({ backend, logits: 0.7, temperature: tau });
      expect(Math.abs(trapezoid(read(logit.logProb(backend.fromArray(xs, [xs.length]))).map(Math.exp), 0.005) - 1)).toBeLessThan(1e-6);
      // On y = σ(x), |x| ≤ 30 (float64 rounds σ(37) to 1). x = (logit + L)/τ with L logistic, so the
      // mass left out is P(|logit + L| > 30τ) ≤ 2e^(−(30τ − |logit|)).
      const tail = 2 * Math.exp(-(30 * tau - 0.7));
      const inner = xs.filter((x) => Math.abs(x) <= 30);
      const ys = inner.map((x) => 1 / (1 + Math.exp(-x)));
      const d = new RelaxedBernoulli({ backend, logits: 0.7, temperature: tau });
      const dens = read(d.logProb(backend.fromArray(ys, [ys.length]))).map((lp, i) => Math.exp(lp) * (ys[i] as number) * (1 - (ys[i] as number)));
      expect(Math.abs(trapezoid(dens, 0.005) - 1)).toBeLessThan(1e-6 + tail);
      // The Concrete over 2 classes is the same law: its density at (y, 1 − y) times |dy/dx| integrates to 1 too.
      const c = new RelaxedOneHotCategorical({ backend, logits: backend.fromArray([0.7, 0], [2]), temperature: tau, validateArgs: false });
      const coarse = xs.filter((_, i) => i % 10 === 0).filter((x) => Math.abs(x) <= 30);
      const cy = coarse.map((x) => 1 / (1 + Math.exp(-x)));
      const cd = read(c.logProb(backend.fromArray(cy.flatMap((y) => [y, 1 - y]), [cy.length, 2]))).map((lp, i) => Math.exp(lp) * (cy[i] as number) * (1 - (cy[i] as number)));
      expect(Math.abs(trapezoid(cd, 0.05) - 1)).toBeLessThan(1e-4 + tail);
    }
  });
});
