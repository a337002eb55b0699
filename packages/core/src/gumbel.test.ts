import { describe, expect, it } from 'vitest';
import { CounterRng } from './counter-rng.js';
import { GumbelRangeError, GumbelTypeError } from './errors.js';
import {
  gumbelCdf,
  gumbelFromUniform,
  gumbelLogCdf,
  gumbelLogPdf,
  gumbelPdf,
  gumbelQuantile,
  logisticFromUniform,
  sampleGumbel,
} from './gumbel.js';

/** Kolmogorov–Smirnov statistic sup |F_n − F| of a sample against a continuous CDF. */
function ksStatistic(samples: readonly number[], cdf: (x: number) => number): number {
  const s = [...samples].sort((a, b) => a - b);
  const n = s.length;
  let d = 0;
  s.forEach((x, i) => {
    const f = cdf(x);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  });
  return d;
}

const EULER_GAMMA = 0.5772156649015329;

describe('Gumbel distribution', () => {
  it('matches closed forms at the mode: pdf(0) = cdf(0) = 1/e', () => {
    expect(gumbelPdf(0)).toBeCloseTo(Math.exp(-1), 15);
    expect(gumbelCdf(0)).toBeCloseTo(Math.exp(-1), 15);
    expect(gumbelLogCdf(0)).toBe(-1);
    expect(gumbelLogPdf(0)).toBe(-1);
    // scale enters as 1/scale in the density and as a change of variable in the CDF
    expect(gumbelPdf(2 + 3 * 0.7, 2, 3)).toBeCloseTo(gumbelPdf(0.7) / 3, 15);
    expect(gumbelCdf(2 + 3 * 0.7, 2, 3)).toBeCloseTo(gumbelCdf(0.7), 15);
  });

  it('keeps the log-density and log-CDF finite where pdf and cdf underflow', () => {
    expect(gumbelCdf(-7)).toBe(0);
    expect(gumbelLogCdf(-7)).toBeCloseTo(-Math.exp(7), 9);
    expect(gumbelPdf(-7)).toBe(0);
    expect(gumbelLogPdf(-7)).toBeCloseTo(7 - Math.exp(7), 9);
  });

  it('takes ±Infinity as limits, never NaN', () => {
    expect(gumbelPdf(-Infinity)).toBe(0);
    expect(gumbelPdf(Infinity)).toBe(0);
    expect(gumbelLogPdf(-Infinity)).toBe(-Infinity);
    expect(gumbelLogPdf(Infinity)).toBe(-Infinity);
    expect(gumbelCdf(-Infinity)).toBe(0);
    expect(gumbelCdf(Infinity)).toBe(1);
    expect(gumbelLogCdf(-Infinity)).toBe(-Infinity);
    expect(gumbelLogCdf(Infinity) === 0).toBe(true);
  });

  it('quantile inverts the CDF and maps 0 and 1 to ∓Infinity', () => {
    expect(gumbelQuantile(0)).toBe(-Infinity);
    expect(gumbelQuantile(1)).toBe(Infinity);
    for (const p of [1e-300, 1e-10, 0.01, 0.3, 0.5, 0.9, 1 - 1e-12]) {
      for (const [loc, scale] of [[0, 1], [-4, 0.25], [10, 7]] as const) {
        expect(gumbelCdf(gumbelQuantile(p, loc, scale), loc, scale)).toBeCloseTo(p, 12);
      }
    }
    expect(gumbelQuantile(Math.exp(-1))).toBeCloseTo(0, 15);
  });

  it('rejects bad parameters with typed errors naming the argument', () => {
    expect(() => gumbelPdf(NaN)).toThrow(GumbelRangeError);
    expect(() => gumbelPdf(NaN)).toThrow(/^x must be not NaN, got NaN$/);
    expect(() => gumbelLogPdf(0, Infinity)).toThrow(/^loc must be finite, got Infinity$/);
    expect(() => gumbelCdf(0, 0, 0)).toThrow(/^scale must be finite and > 0, got 0$/);
    expect(() => gumbelLogCdf(0, 0, -1)).toThrow(/scale .* got -1/);
    expect(() => gumbelQuantile(1.5)).toThrow(/^p must be in \[0, 1\], got 1\.5$/);
    expect(() => gumbelQuantile(NaN)).toThrow(GumbelRangeError);
    expect(() => gumbelQuantile('0.5' as unknown as number)).toThrow(GumbelTypeError);
  });
});

describe('noise from uniforms', () => {
  it('gumbelFromUniform is -log(-log u), finite at the float64 extremes of (0, 1)', () => {
    expect(gumbelFromUniform(Math.exp(-1))).toBeCloseTo(0, 15);
    expect(gumbelFromUniform(0.5)).toBeCloseTo(-Math.log(Math.log(2)), 15);
    expect(Number.isFinite(gumbelFromUniform(Number.MIN_VALUE))).toBe(true);
    expect(Number.isFinite(gumbelFromUniform(1 - 2 ** -53))).toBe(true);
    expect(gumbelFromUniform(1 - 2 ** -53)).toBeCloseTo(36.7368005696771, 10);
  });

  it('logisticFromUniform is log(u / (1 − u)), antisymmetric about 1/2', () => {
    expect(logisticFromUniform(0.5)).toBe(0);
    expect(logisticFromUniform(0.8)).toBeCloseTo(Math.log(4), 15);
    expect(logisticFromUniform(0.25)).toBeCloseTo(-logisticFromUniform(0.75), 15);
    expect(logisticFromUniform(2 ** -60)).toBeCloseTo(-60 * Math.LN2, 12);
  });

  it.each([0, 1, -0.1, 1.1, NaN, Infinity])('rejects u = %s (the open interval keeps noise finite)', (u) => {
    expect(() => gumbelFromUniform(u)).toThrow(GumbelRangeError);
    expect(() => gumbelFromUniform(u)).toThrow(/^u must be in the open interval \(0, 1\)/);
    expect(() => logisticFromUniform(u)).toThrow(GumbelRangeError);
  });
});

describe('sampleGumbel', () => {
  it('uses one uniform per draw, reproducibly', () => {
    const rng = CounterRng.fromSeed(7);
    const again = rng.clone();
    const x = sampleGumbel(rng, 1, 2);
    expect(rng.position).toBe(1);
    expect(x).toBe(1 + 2 * gumbelFromUniform(again.next()));
  });

  it('passes a KS test and a mean test against Gumbel(1.5, 2) (fixed seed)', () => {
    const n = 20_000;
    const rng = CounterRng.fromSeed(2017);
    const xs = Array.from({ length: n }, () => sampleGumbel(rng, 1.5, 2));
    // 1.95/√n is the 0.1% critical value of the one-sample KS statistic (asymptotic): a correct
    // sampler fails it for 1 seed in 1000, and this seed is fixed, so the test is deterministic.
    expect(ksStatistic(xs, (x) => gumbelCdf(x, 1.5, 2))).toBeLessThan(1.95 / Math.sqrt(n));
    // Mean loc + γ·scale; sd = scale·π/√6. 4 standard errors: a false alarm rate of 6e-5.
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    expect(Math.abs(mean - (1.5 + EULER_GAMMA * 2))).toBeLessThan((4 * 2 * Math.PI) / Math.sqrt(6 * n));
  });

  it('rejects a non-CounterRng and bad loc/scale before drawing', () => {
    const rng = CounterRng.fromSeed(1);
    expect(() => sampleGumbel({ next: () => 0.5 } as unknown as CounterRng)).toThrow(GumbelTypeError);
    expect(() => sampleGumbel(rng, NaN)).toThrow(/^loc must be finite/);
    expect(() => sampleGumbel(rng, 0, 0)).toThrow(/^scale must be finite and > 0/);
    expect(rng.position).toBe(0);
  });
});
