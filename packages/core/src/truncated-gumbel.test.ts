import { describe, expect, it } from 'vitest';
import { CounterRng } from './counter-rng.js';
import { GumbelRangeError, GumbelTypeError } from './errors.js';
import { gumbelCdf, gumbelFromUniform } from './gumbel.js';
import { argmax, logSumExp } from './softmax.js';
import { conditionalGumbelNoise, sampleTruncatedGumbel, truncatedGumbelFromUniform } from './truncated-gumbel.js';

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

function meanAndVariance(xs: readonly number[]): { mean: number; variance: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, variance };
}

/** 1.95/√n: the asymptotic 0.1% critical value of the one-sample KS statistic. */
const ksCritical = (n: number): number => 1.95 / Math.sqrt(n);

describe('truncatedGumbelFromUniform', () => {
  it('is the plain Gumbel(loc) draw when the bound is +Infinity', () => {
    for (const u of [1e-12, 0.2, 0.5, 0.999]) {
      expect(truncatedGumbelFromUniform(0.7, Infinity, u)).toBeCloseTo(0.7 + gumbelFromUniform(u), 13);
    }
  });

  it('inverts the conditioned CDF F(x)/F(bound)', () => {
    for (const [loc, bound] of [[0, 0], [1, -2], [-3, 5], [0, 30]] as const) {
      for (const u of [0.01, 0.3, 0.9]) {
        const x = truncatedGumbelFromUniform(loc, bound, u);
        // compare in log space: log F(x) − log F(bound) = log u
        const logRatio = -Math.exp(-(x - loc)) + Math.exp(-(bound - loc));
        expect(logRatio).toBeCloseTo(Math.log(u), 10);
      }
    }
  });

  it('never exceeds the bound, even far below loc or with u at the extremes', () => {
    for (const [loc, bound] of [[0, -50], [0, -700], [5, 4.999999], [-1e6, 1e6], [0, 0]] as const) {
      for (const u of [Number.MIN_VALUE, 1e-300, 0.5, 1 - 2 ** -53]) {
        const x = truncatedGumbelFromUniform(loc, bound, u);
        expect(Number.isFinite(x)).toBe(true);
        expect(x).toBeLessThanOrEqual(bound);
      }
    }
  });

  it('samples follow the truncated distribution (KS, fixed seed)', () => {
    const n = 20_000;
    const rng = CounterRng.fromSeed(99);
    const loc = 0.3;
    const bound = 1;
    const xs = Array.from({ length: n }, () => sampleTruncatedGumbel(rng, loc, bound));
    expect(rng.position).toBe(n);
    expect(Math.max(...xs)).toBeLessThanOrEqual(bound);
    const fb = gumbelCdf(bound, loc);
    expect(ksStatistic(xs, (x) => gumbelCdf(x, loc) / fb)).toBeLessThan(ksCritical(n));
  });

  it('rejects bad arguments, naming them', () => {
    expect(() => truncatedGumbelFromUniform(NaN, 0, 0.5)).toThrow(/^loc must be finite, got NaN$/);
    expect(() => truncatedGumbelFromUniform(0, NaN, 0.5)).toThrow(/^bound must be not NaN/);
    expect(() => truncatedGumbelFromUniform(0, -Infinity, 0.5)).toThrow(/^bound must be greater than -Infinity/);
    expect(() => truncatedGumbelFromUniform(0, 0, 1)).toThrow(/^u must be in the open interval/);
    expect(() => sampleTruncatedGumbel(null as unknown as CounterRng, 0, 0)).toThrow(GumbelTypeError);
    const rng = CounterRng.fromSeed(0);
    expect(() => sampleTruncatedGumbel(rng, 0, -Infinity)).toThrow(GumbelRangeError);
    expect(rng.position).toBe(0);
  });
});

describe('conditionalGumbelNoise', () => {
  it('draws k uniforms in class order; class i uses the i-th (the documented, stable order)', () => {
    const logits = [0.5, -Infinity, -0.25, 2];
    const rng = CounterRng.fromSeed(31);
    const copy = rng.clone();
    const g = conditionalGumbelNoise(logits, 2, rng);
    expect(rng.position).toBe(4);
    const G = [copy.next(), copy.next(), copy.next(), copy.next()].map(gumbelFromUniform);
    const max = -0.25 + (logSumExp(logits) + (G[2] as number) - -0.25);
    expect(g[2]).toBeCloseTo(logSumExp(logits) + (G[2] as number) + 0.25, 14);
    expect(g[1]).toBe(G[1]); // masked: an ordinary Gumbel draw
    expect(0.5 + (g[0] as number)).toBeCloseTo(truncatedGumbelFromUniform(0.5, max, Math.exp(-Math.exp(-(G[0] as number)))), 12);
    expect(2 + (g[3] as number)).toBeCloseTo(truncatedGumbelFromUniform(2, max, Math.exp(-Math.exp(-(G[3] as number)))), 12);
  });

  it('always makes the requested index the argmax, including tied and masked logits', () => {
    const rng = CounterRng.fromSeed(5);
    const cases: number[][] = [[0, 0, 0], [3, -Infinity, 3, 3], [-20, 20], [1e6, 1e6 + 1, 1e6], [0]];
    for (const logits of cases) {
      for (let index = 0; index < logits.length; index++) {
        if (logits[index] === -Infinity) continue;
        for (let rep = 0; rep < 200; rep++) {
          const g = conditionalGumbelNoise(logits, index, rng);
          expect(g.every(Number.isFinite)).toBe(true);
          expect(argmax(logits.map((l, i) => l + (g[i] as number)))).toBe(index);
        }
      }
    }
  });

  // k = 3 with an unlikely index (softmax ≈ 0.17) so rejection sampling is a real check.
  const logits = [0.5, -0.25, 2];
  const index = 0;
  const n = 20_000;

  it('the maximum z_index is Gumbel(logsumexp(logits)) (KS, fixed seed)', () => {
    const rng = CounterRng.fromSeed(123);
    const lse = logSumExp(logits);
    const z = Array.from({ length: n }, () => logits[index]! + conditionalGumbelNoise(logits, index, rng)[index]!);
    expect(ksStatistic(z, (x) => gumbelCdf(x, lse))).toBeLessThan(ksCritical(n));
  });

  it('agrees with rejection sampling of unconditioned Gumbels in every class mean', () => {
    const rngConditional = CounterRng.fromSeed(11);
    const rngRejection = CounterRng.fromSeed(12);
    const conditional: number[][] = [[], [], []];
    const accepted: number[][] = [[], [], []];
    for (let s = 0; s < n; s++) {
      const g = conditionalGumbelNoise(logits, index, rngConditional);
      g.forEach((v, i) => conditional[i]!.push(v));
    }
    while (accepted[0]!.length < n) {
      const g = logits.map(() => gumbelFromUniform(rngRejection.next()));
      if (argmax(logits.map((l, i) => l + g[i]!)) === index) g.forEach((v, i) => accepted[i]!.push(v));
    }
    for (let i = 0; i < 3; i++) {
      const a = meanAndVariance(conditional[i]!);
      const b = meanAndVariance(accepted[i]!);
      // Two independent samples of n: the difference of means has sd √(s_a²/n + s_b²/n) (CLT; the
      // conditioned noise has light tails, so n = 20 000 is deep in the normal regime). 4.5 sd makes
      // a false alarm 7e-6 per class, 2e-5 over the three. sd ≈ 0.01 here, while leaving a class
      // untruncated shifts its mean by 0.22 (class 1) or 0.86 (class 2): over 20 sd.
      const sd = Math.sqrt(a.variance / n + b.variance / n);
      expect(Math.abs(a.mean - b.mean), `class ${i}: ${a.mean} vs ${b.mean}, sd ${sd}`).toBeLessThan(4.5 * sd);
    }
  });

  it('rejects a bad index, masked index, bad logits and a non-rng, before drawing', () => {
    const rng = CounterRng.fromSeed(3);
    expect(() => conditionalGumbelNoise([0, 1], 2, rng)).toThrow(/^index must be an integer in \[0, 2\), got 2$/);
    expect(() => conditionalGumbelNoise([0, 1], 0.5, rng)).toThrow(GumbelRangeError);
    expect(() => conditionalGumbelNoise([0, 1], -1, rng)).toThrow(GumbelRangeError);
    expect(() => conditionalGumbelNoise([-Infinity, 1], 0, rng)).toThrow(/^index must be a class whose logit is not -Infinity/);
    expect(() => conditionalGumbelNoise([NaN, 1], 1, rng)).toThrow(/^logits\[0\] must be finite or -Infinity/);
    expect(() => conditionalGumbelNoise([-Infinity, -Infinity], 0, rng)).toThrow(GumbelRangeError);
    expect(() => conditionalGumbelNoise('ab' as unknown as number[], 0, rng)).toThrow(GumbelTypeError);
    expect(() => conditionalGumbelNoise([0, 1], 0, {} as CounterRng)).toThrow(GumbelTypeError);
    expect(rng.position).toBe(0);
  });
});
