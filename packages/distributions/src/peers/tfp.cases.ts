/**
 * Cases learned from TFP's tests (relaxed_onehot_categorical_test.py, relaxed_bernoulli_test.py,
 * gumbel_test.py, logistic_test.py, plackett_luce_test.py), written for our API. Values that TFP
 * checks against scipy live in fixtures/golden.json instead (counted there). Statistical bounds are
 * 4 standard errors at the sample size used (fixed seeds; a false alarm ≈ 6e-5 per check).
 */
import { createCpuBackend } from '@gumbel/backend-cpu';
import { ksCriticalValue, ksStatistic, logisticCdf } from '@gumbel/conformance';
import { GumbelRangeError, GumbelTypeError } from '@gumbel/core';
import { expect } from 'vitest';
import { ExpRelaxedOneHotCategorical, Gumbel, Logistic, PlackettLuce, RelaxedBernoulli, RelaxedOneHotCategorical } from '../index.js';
import { checkVjpFinite } from './finite.js';
import { expectClose, read } from '../test-support/support.js';
import type { PortedCase } from './case.js';

const b = createCpuBackend({ precision: 64 });
const b32 = createCpuBackend({ precision: 32 });
const t = (v: number[], s: number[] = [v.length]) => b.fromArray(v, s);
const softmax = (l: number[]) => {
  const m = Math.max(...l);
  const e = l.map((x) => Math.exp(x - m));
  const s = e.reduce((a, c) => a + c);
  return e.map((x) => x / s);
};
const mean = (v: number[]) => v.reduce((a, c) => a + c, 0) / v.length;
const variance = (v: number[]) => {
  const m = mean(v);
  return v.reduce((a, c) => a + (c - m) ** 2, 0) / v.length;
};
const column = (v: number[], stride: number, j: number) => v.filter((_, i) => i % stride === j);

const ROC = 'tfp/relaxed_onehot_categorical_test.py';
const RB = 'tfp/relaxed_bernoulli_test.py';
const GU = 'tfp/gumbel_test.py';
const LO = 'tfp/logistic_test.py';
const PL = 'tfp/plackett_luce_test.py';

export const TFP_CASES: PortedCase[] = [
  { source: ROC, name: 'ExpRelaxed testProbs: probs() = softmax(logits)', run: () => expectClose(read(b, new ExpRelaxedOneHotCategorical({ backend: b, temperature: 1, logits: t([2, 3, -4]) }).probs()), softmax([2, 3, -4]), 1e-14) },
  { source: ROC, name: 'testProbs: probs() returns the probs given', run: () => expectClose(read(b, new RelaxedOneHotCategorical({ backend: b, temperature: 1, probs: t([0.1, 0.5, 0.4]) }).probs()), [0.1, 0.5, 0.4], 1e-14) },
  {
    source: ROC,
    name: 'testLogits: logits() are the given logits up to a per-row constant (normalised, PyTorch style)',
    run: () => {
      const l = read(b, new RelaxedOneHotCategorical({ backend: b, temperature: 1, logits: t([2, 3, -4]) }).logits());
      expectClose(l.map((v, i) => v - ([2, 3, -4][i] as number)), new Array(3).fill((l[0] as number) - 2), 1e-14);
    },
  },
  { source: ROC, name: 'testParamBroadcasting: τ [2] × logits [3] → batch [2], event [3]', run: () => {
    const d = new RelaxedOneHotCategorical({ backend: b, temperature: t([1, 1.4]), logits: t([2, 3, -4]) });
    expect([d.batchShape, d.eventShape]).toEqual([[2], [3]]);
  } },
  {
    source: ROC,
    name: 'testSample: shapes for logits [3], [2, 3], [4, 1, 3] with sample shapes [] and [5]',
    run: () => {
      for (const shape of [[3], [2, 3], [4, 1, 3]]) {
        const d = new RelaxedOneHotCategorical({ backend: b, temperature: 1.4, logits: b.fromArray(new Array(shape.reduce((x, y) => x * y)).fill(0.3), shape) });
        expect(b.shapeOf(d.sample([], { seed: 1 }))).toEqual(shape);
        expect(b.shapeOf(d.sample(5, { seed: 1 }))).toEqual([5, ...shape]);
      }
    },
  },
  {
    source: ROC,
    name: 'testShapes: batch [], [1], [2, 3, 4] with k = 10, logits −50 + U(−10, 10), τ in (0.1, 10)',
    run: () => {
      for (const batch of [[], [1], [2, 3, 4]]) {
        const n = batch.reduce((x, y) => x * y, 1);
        const logits = b.fromArray(Array.from({ length: n * 10 }, (_, i) => -50 + 10 * Math.sin(i)), [...batch, 10]);
        const d = new RelaxedOneHotCategorical({ backend: b, logits, temperature: b.fromArray(Array.from({ length: n }, (_, i) => 0.1 + (i % 10)), batch) });
        expect([d.batchShape, d.eventShape]).toEqual([batch, [10]]);
      }
    },
  },
  { source: ROC, name: 'testUnknownAndInvalidShape: scalar logits → rank error', run: () => expect(() => new ExpRelaxedOneHotCategorical({ backend: b, temperature: 0.75, logits: b.fromArray([19.84], []) })).toThrow(/logits must be a tensor of rank ≥ 1/) },
  { source: ROC, name: 'testUnknownAndInvalidShape: k = 0 → error', run: () => expect(() => new ExpRelaxedOneHotCategorical({ backend: b, temperature: 12, logits: b.fromArray([], [2, 0]) })).toThrow(GumbelRangeError) },
  { source: ROC, name: 'testAssertValidSample: ExpRelaxed log-sample off the log-simplex → error', run: () => expect(() => new ExpRelaxedOneHotCategorical({ backend: b, temperature: 0.4, logits: t([0.3, 0.1, 0.4], [1, 3]) }).logProb(t([-0.2, 0.5, 0.3]))).toThrow(/value\[1\] must be ≤ 0/) },
  {
    source: ROC,
    name: 'testPdfAtBoundary (a TODO in TFP, which gives NaN): τ = 0.1, one-hot points → log-density +∞',
    run: () => expect(read(b, new RelaxedOneHotCategorical({ backend: b, temperature: 0.1, logits: t([3, 5, 4.4, 3, 2, 1], [2, 3]) }).logProb(t([1, 0, 0, 0, 1, 0], [2, 3])))).toEqual([Infinity, Infinity]),
  },
  { source: ROC, name: 'testAssertValidSample: y not summing to 1 → error', run: () => expect(() => new RelaxedOneHotCategorical({ backend: b, temperature: 0.4, logits: t([0.3, 0.1, 0.4], [1, 3]) }).logProb(t([0.4, 0.1, 0.3]))).toThrow(/summing to 1/) },
  {
    source: ROC,
    name: 'testEventSizeOfOne: samples are all 0 (log 1) with shape [5, 3, 1]',
    run: () => {
      const x = new ExpRelaxedOneHotCategorical({ backend: b, temperature: 0.1337, logits: t([0]) }).sample([5, 3], { seed: 2 });
      expect(b.shapeOf(x)).toEqual([5, 3, 1]);
      expect(read(b, x).every((v) => v === 0)).toBe(true);
    },
  },
  {
    source: ROC,
    name: 'testDTypes: logProb(sample) works in float32 and float64',
    run: () => {
      for (const be of [b, b32]) {
        const d = new RelaxedOneHotCategorical({ backend: be, temperature: 0.5, logits: be.fromArray([0.1, 0.9, 0.4, 0.3, 0.2, 0.8, 0.5, 0.6, 0.7], [3, 3]) });
        expect(Array.from(be.toArraySync(d.logProb(d.sample([], { seed: 4 })))).every(Number.isFinite)).toBe(true);
      }
    },
  },
  { source: ROC, name: 'testParamTensorFromLogits: probs() = softmax(x)', run: () => expectClose(read(b, new ExpRelaxedOneHotCategorical({ backend: b, temperature: 1, logits: t([-1, 0.5, 1]) }).probs()), softmax([-1, 0.5, 1]), 1e-14) },
  { source: ROC, name: 'testParamTensorFromProbs: logits() = log x', run: () => expectClose(read(b, new ExpRelaxedOneHotCategorical({ backend: b, temperature: 1, probs: t([0.1, 0.5, 0.4]) }).logits()), [0.1, 0.5, 0.4].map(Math.log), 1e-14) },
  {
    source: ROC,
    name: 'testGradientLogits: −logProb has finite gradients wrt τ [0.01, 1] and logits',
    run: () =>
      checkVjpFinite(new ExpRelaxedOneHotCategorical({ backend: b, temperature: t([0.01, 1]), logits: t([-1, 0, 1, 3, 3, 3], [2, 3]) }).logProbVjp(b.fromArray([[-1, 0, 0], [0, 0, 1]].flatMap((r) => { const s = softmax(r); return s.map(Math.log); }), [2, 3])), b, ['logits', 'temperature']),
  },
  {
    source: ROC,
    name: 'testGradientProbs: −logProb has finite gradients wrt τ and probs',
    run: () =>
      checkVjpFinite(new ExpRelaxedOneHotCategorical({ backend: b, temperature: t([0.4], [1]), probs: t([0.1, 0.7, 0.2]) }).logProbVjp(b.fromArray([[1, 0, 0], [0, 0, 1]].flatMap((r) => softmax(r).map(Math.log)), [2, 3])), b, ['probs', 'temperature']),
  },
  { source: ROC, name: 'testAssertionsTemperatureAfterMutation: τ = −0.07 → typed error', run: () => expect(() => new ExpRelaxedOneHotCategorical({ backend: b, temperature: -0.07, probs: t([0.5, 0.5]) })).toThrow(/temperature must be finite and > 0, got -0.07/) },

  { source: RB, name: 'testP: probs() returns p', run: () => expectClose(read(b, new RelaxedBernoulli({ backend: b, temperature: 1, probs: t([0.1, 0.4]) }).probs()), [0.1, 0.4], 1e-15) },
  {
    source: RB,
    name: 'testLogits: logits [−42, 42] → σ; probs [0.01, 0.99, 0.42] → logit',
    run: () => {
      const d = new RelaxedBernoulli({ backend: b, temperature: 2, logits: t([-42, 42]) });
      expectClose(read(b, d.logits()), [-42, 42], 0);
      expectClose(read(b, d.probs()), [1 / (1 + Math.exp(42)), 1 / (1 + Math.exp(-42))], 1e-15);
      expectClose(read(b, new RelaxedBernoulli({ backend: b, temperature: 2, probs: t([0.01, 0.99, 0.42]) }).logits()), [0.01, 0.99, 0.42].map((p) => Math.log(p / (1 - p))), 1e-12);
    },
  },
  {
    source: RB,
    name: 'testInvalidP: 1.01, 2, −0.01, −3 are errors; 0, 0.5, 1 are valid',
    run: () => {
      for (const p of [1.01, 2, -0.01, -3]) expect(() => new RelaxedBernoulli({ backend: b, temperature: 1, probs: p })).toThrow(/probs must be in \[0, 1\]/);
      for (const p of [0, 0.5, 1]) expect(read(b, new RelaxedBernoulli({ backend: b, temperature: 1, probs: p }).probs())).toEqual([p]);
    },
  },
  {
    source: RB,
    name: 'testShapes: batch [], [1], [2, 3, 4], event []',
    run: () => {
      for (const batch of [[], [1], [2, 3, 4]]) {
        const d = new RelaxedBernoulli({ backend: b, temperature: 1, probs: b.fromArray(new Array(batch.reduce((x, y) => x * y, 1)).fill(0.3), batch) });
        expect([d.batchShape, d.eventShape]).toEqual([batch, []]);
      }
    },
  },
  { source: RB, name: 'testZeroTemperature: τ = 0 → typed error', run: () => expect(() => new RelaxedBernoulli({ backend: b, temperature: t([0], []), probs: t([0.1, 0.4]) })).toThrow(/temperature must be finite and > 0, got 0/) },
  {
    source: RB,
    name: 'testDtype: samples have the backend precision (float32 and float64)',
    run: () => {
      expect(b32.toArraySync(new RelaxedBernoulli({ backend: b32, temperature: 1, probs: 0.1 }).sample(5, { seed: 1 }))).toBeInstanceOf(Float32Array);
      expect(b.toArraySync(new RelaxedBernoulli({ backend: b, temperature: 1, probs: 0.1 }).sample(5, { seed: 1 }))).toBeInstanceOf(Float64Array);
    },
  },
  {
    source: RB,
    name: 'testBoundaryConditions (our limits, where TFP gives NaN): p = 1, τ = 0.01 → logProb(0) = −∞, logProb(1) = +∞',
    run: () => expect(read(b, new RelaxedBernoulli({ backend: b, temperature: 0.01, probs: 1 }).logProb(t([0, 1])))).toEqual([-Infinity, Infinity]),
  },
  {
    source: RB,
    name: 'testPdfAtBoundary (a TODO in TFP, which gives NaN): τ = 0.1, logits [[3, 5], [3, 2]] at [0, 1] → +∞',
    run: () => expect(read(b, new RelaxedBernoulli({ backend: b, temperature: 0.1, logits: t([3, 5, 3, 2], [2, 2]) }).logProb(t([0, 1])))).toEqual([Infinity, Infinity, Infinity, Infinity]),
  },
  { source: RB, name: 'testAssertValidSample: a value above 1 → error', run: () => expect(() => new RelaxedBernoulli({ backend: b, temperature: 0.01, probs: t([0.2, 0.6, 0.5]) }).logProb(t([0.3, 0.1, 1.2]))).toThrow(/value\[2\] must be in \[0, 1\], got 1.2/) },
  {
    source: RB,
    name: 'testSampleN: the fraction of samples ≥ ½ at τ = 0.01 is p (n = 10⁴, 4 s.e. ≤ 0.02)',
    run: () => {
      const p = [0.2, 0.6, 0.5];
      const x = read(b, new RelaxedBernoulli({ backend: b, temperature: 0.01, probs: t(p) }).sample(10_000, { seed: 123 }));
      expect(x.every((v) => v > 0 && v < 1)).toBe(true);
      p.forEach((pi, j) => expect(Math.abs(mean(column(x, 3, j).map((v) => (v >= 0.5 ? 1 : 0))) - pi)).toBeLessThan(4 * Math.sqrt((pi * (1 - pi)) / 10_000)));
    },
  },
  { source: RB, name: 'testParamTensorFromLogits: probs() = σ(x)', run: () => expectClose(read(b, new RelaxedBernoulli({ backend: b, temperature: 1, logits: t([-1, 0.5, 1]) }).probs()), [-1, 0.5, 1].map((x) => 1 / (1 + Math.exp(-x))), 1e-15) },
  { source: RB, name: 'testParamTensorFromProbs: logits() = logit(x)', run: () => expectClose(read(b, new RelaxedBernoulli({ backend: b, temperature: 1, probs: t([0.1, 0.5, 0.4]) }).logits()), [0.1, 0.5, 0.4].map((p) => Math.log(p) - Math.log1p(-p)), 1e-14, 1e-16) },
  { source: RB, name: 'testGradientLogits: −logProb([0, 1]) has finite gradients wrt logits', run: () => checkVjpFinite(new RelaxedBernoulli({ backend: b, temperature: 0.5, logits: t([-1, 1]) }).logProbVjp(t([0, 1])), b, ['logits']) },
  { source: RB, name: 'testGradientProbs: the sample has finite gradients wrt probs', run: () => checkVjpFinite(new RelaxedBernoulli({ backend: b, temperature: 0.5, probs: t([0.1, 0.7]) }).rsampleVjp([], { seed: 3 }), b, ['probs']) },
  { source: RB, name: 'testGradientTemperature: the sample has finite gradients wrt τ', run: () => checkVjpFinite(new RelaxedBernoulli({ backend: b, temperature: t([0.2, 2]), probs: t([0.8, 0.5]) }).rsampleVjp([], { seed: 3 }), b, ['temperature']) },
  {
    source: RB,
    name: 'testAssertionsProbs: probs −0.7 and 1.7 → errors naming the element',
    run: () => {
      expect(() => new RelaxedBernoulli({ backend: b, temperature: 0.5, probs: t([0.1, -0.7, 0]) })).toThrow(/probs\[1\] must be in \[0, 1\], got -0.7/);
      expect(() => new RelaxedBernoulli({ backend: b, temperature: 0.5, probs: t([0.1, 1.7, 0]) })).toThrow(/probs\[1\] must be in \[0, 1\], got 1.7/);
    },
  },
  { source: RB, name: 'testAssertionsTemperature: τ = −1.2 → error', run: () => expect(() => new RelaxedBernoulli({ backend: b, temperature: -1.2, probs: t([0.1, 0.35, 0.7]) })).toThrow(GumbelRangeError) },

  { source: GU, name: 'testGumbelShape: loc, scale [5] → batch [5], event []', run: () => {
    const d = new Gumbel({ backend: b, loc: t([3, 3, 3, 3, 3]), scale: t([3, 3, 3, 3, 3]) });
    expect([d.batchShape, d.eventShape]).toEqual([[5], []]);
  } },
  { source: GU, name: 'testInvalidScale: scale −0.01 → error naming scale[0]', run: () => expect(() => new Gumbel({ backend: b, loc: 0, scale: t([-0.01, 0, 2]) })).toThrow(/scale\[0\] must be finite and > 0, got -0.01/) },
  { source: GU, name: 'testGumbelMode: mode = loc (broadcast)', run: () => expectClose(read(b, new Gumbel({ backend: b, loc: t([2, 4, 5, 2, 4, 5], [2, 3]), scale: t([1]) }).mode()), [2, 4, 5, 2, 4, 5], 0) },
  {
    source: GU,
    name: 'testGumbelSample: n = 10⁵ sample mean and variance within 4 s.e. of loc + γ·scale and π²scale²/6',
    run: () => {
      const x = read(b, new Gumbel({ backend: b, loc: 4, scale: 1 }).sample(100_000, { seed: 123456 }));
      const v = (Math.PI ** 2) / 6;
      expect(Math.abs(mean(x) - (4 + 0.5772156649015329))).toBeLessThan(4 * Math.sqrt(v / 1e5));
      // Var of the sample variance ≈ (μ4 − σ⁴)/n, μ4 = 27/5 σ⁴ for the Gumbel (excess kurtosis 12/5).
      expect(Math.abs(variance(x) - v)).toBeLessThan(4 * Math.sqrt(((27 / 5 - 1) * v * v) / 1e5));
    },
  },
  {
    source: GU,
    name: 'testGumbelSampleMultidimensionalMean/Var: loc [6, 3] × scale [3], n = 2·10⁴ per element',
    run: () => {
      const scale = [1, 0.8, 0.5];
      const x = read(b, new Gumbel({ backend: b, loc: t([2, 4, 5], [1, 3]), scale: t(scale) }).sample(20_000, { seed: 123456 }));
      scale.forEach((s, j) => {
        const c = column(x, 3, j);
        const v = (Math.PI ** 2 * s * s) / 6;
        expect(Math.abs(mean(c) - ([2, 4, 5][j]! + 0.5772156649015329 * s))).toBeLessThan(4 * Math.sqrt(v / 2e4));
        expect(Math.abs(variance(c) - v)).toBeLessThan(4 * Math.sqrt((4.4 * v * v) / 2e4));
      });
    },
  },

  { source: LO, name: 'testReparameterizable: hasRsample', run: () => expect(new Logistic({ backend: b, loc: t([2, 2]), scale: 1.5 }).hasRsample).toBe(true) },
  {
    source: LO,
    name: 'testLogisticSample: KS statistic of 15,000 samples per column below the α = 10⁻³ critical value',
    run: () => {
      const loc = [3, 4, 2];
      const x = read(b, new Logistic({ backend: b, loc: t(loc), scale: 1 }).sample(15_000, { seed: 99 }));
      expect(b.shapeOf(new Logistic({ backend: b, loc: t(loc), scale: 1 }).sample(15_000, { seed: 99 }))).toEqual([15_000, 3]);
      loc.forEach((m, j) => expect(ksStatistic(column(x, 3, j), (v) => logisticCdf(v - m))).toBeLessThan(ksCriticalValue(15_000, 1e-3)));
    },
  },
  { source: LO, name: 'testGradientThroughParams: −logProb has finite gradients wrt loc and scale', run: () => checkVjpFinite(new Logistic({ backend: b, loc: t([-5, 0, 5]), scale: t([2], []) }).logProbVjp(t([1, 2, 3])), b, ['loc', 'scale']) },
  { source: LO, name: 'testAssertsPositiveScale: scale [1, 2, −3] → error naming scale[2]', run: () => expect(() => new Logistic({ backend: b, loc: 0, scale: t([1, 2, -3]) })).toThrow(/scale\[2\] must be finite and > 0, got -3/) },

  { source: PL, name: 'testScores: the scores are kept', run: () => expect(Array.from(new PlackettLuce({ backend: b, scores: t([0.1, 2, 5]) }).param.values)).toEqual([0.1, 2, 5]) },
  {
    source: PL,
    name: 'testShapes: batch [], [1], [2, 3, 4] with 10 elements',
    run: () => {
      for (const batch of [[], [1], [2, 3, 4]]) {
        const n = batch.reduce((x, y) => x * y, 1) * 10;
        const d = new PlackettLuce({ backend: b, scores: b.fromArray(Array.from({ length: n }, (_, i) => 0.1 + (i % 9)), [...batch, 10]) });
        expect([d.batchShape, d.eventShape]).toEqual([batch, [10]]);
      }
    },
  },
  { source: PL, name: 'testUnknownShape: scores [[1e-6, 1000], [1000, 1e-6]] sample [[1, 0], [0, 1]]', run: () => expect(read(b, new PlackettLuce({ backend: b, scores: t([1e-6, 1000, 1000, 1e-6], [2, 2]) }).sample([], { seed: 5 }))).toEqual([1, 0, 0, 1]) },
  {
    source: PL,
    name: 'testPmfMode: the mode is at least as likely as a sample',
    run: () => {
      const d = new PlackettLuce({ backend: b, scores: t(Array.from({ length: 10 }, (_, i) => 0.1 + Math.abs(Math.sin(3 * i)))) });
      expect(read(b, d.logProb(d.sample([], { seed: 8 })))[0]!).toBeLessThanOrEqual(read(b, d.logProb(d.mode()))[0]!);
    },
  },
  {
    source: PL,
    name: 'testSample: 100 samples of shape [100, 1, 2, 3], each a permutation of 0 … 2',
    run: () => {
      const x = new PlackettLuce({ backend: b, scores: t([0.1, 2.3, 5, 4.2, 0.5, 3.1], [1, 2, 3]) }).sample(100, { seed: 6 });
      expect(b.shapeOf(x)).toEqual([100, 1, 2, 3]);
      const v = read(b, x);
      for (let r = 0; r < v.length; r += 3) expect(v.slice(r, r + 3).sort()).toEqual([0, 1, 2]);
    },
  },
  { source: PL, name: 'testAssertionsProbsAfterMutation: a negative score → error', run: () => expect(() => new PlackettLuce({ backend: b, scores: t([-0.25, 0.75, 0.5]) })).toThrow(/scores\[0\] must be finite and > 0/) },
  { source: PL, name: 'testAssertionsScores: scalar scores → rank error', run: () => expect(() => new PlackettLuce({ backend: b, scores: b.fromArray([1], []) })).toThrow(GumbelTypeError) },
];
