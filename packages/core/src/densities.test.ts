import { describe, expect, it } from 'vitest';
import { GumbelRangeError, GumbelTypeError } from './errors.js';
import {
  binConcreteLogitLogProb,
  binConcreteLogProb,
  concreteLogProb,
  expConcreteLogProb,
  logitsFromProbabilities,
} from './densities.js';

/**
 * The integrals run in logit coordinates s (y = softmax(s, 0)), where the Concrete density becomes
 * smooth and decays like e^(−τ|s|) in every direction: for τ < 1 the density in y is unbounded at
 * the simplex's edges, which a grid in y cannot integrate. The Jacobian of y ↦ s is Π_i y_i. On
 * such integrands the trapezoid rule converges geometrically in the step, so a window holding all
 * but e^(−40) of the mass, with steps of 0.02/τ (1-D) or 0.2/τ (2-D) in a density of width ~1/τ,
 * leaves an error well below the 5e-10 (1-D) and 5e-9 (2-D) asserted.
 */
const sigmoid = (s: number): number => 1 / (1 + Math.exp(-s));

/** ∫ f over [a, b] by the trapezoid rule with n intervals. */
function trapezoid(f: (s: number) => number, a: number, b: number, n: number): number {
  const h = (b - a) / n;
  let sum = (f(a) + f(b)) / 2;
  for (let i = 1; i < n; i++) sum += f(a + i * h);
  return sum * h;
}

const TAUS = [0.1, 0.5, 1, 2.5];

describe('Concrete density integrates to 1', () => {
  it.each(TAUS)('k = 2, τ = %s (1-D quadrature over y1 = σ(s))', (tau) => {
    const logits = [0.7, -0.4];
    // s = (l1 − l2 + Logistic)/τ: centre (l1 − l2)/τ, and e^(−40) of the mass beyond ±40/τ.
    const centre = (logits[0]! - logits[1]!) / tau;
    const f = (s: number): number => {
      const y = [sigmoid(s), sigmoid(-s)]; // both computed directly: 1 − σ(s) would round to 0
      return Math.exp(concreteLogProb(y, logits, tau) + Math.log(y[0]!) + Math.log(y[1]!));
    };
    expect(trapezoid(f, centre - 40 / tau, centre + 40 / tau, 4000)).toBeCloseTo(1, 9);
  });

  it.each(TAUS)('k = 3, τ = %s (2-D quadrature over the simplex, y = softmax(s1, s2, 0))', (tau) => {
    const logits = [0.5, -0.25, 1.2];
    const n = 400;
    const c1 = (logits[0]! - logits[2]!) / tau;
    const c2 = (logits[1]! - logits[2]!) / tau;
    const half = 40 / tau;
    const h = (2 * half) / n;
    let total = 0;
    for (let i = 0; i <= n; i++) {
      const s1 = c1 - half + i * h;
      const w1 = i === 0 || i === n ? 0.5 : 1;
      for (let j = 0; j <= n; j++) {
        const s2 = c2 - half + j * h;
        const w2 = j === 0 || j === n ? 0.5 : 1;
        const m = Math.max(s1, s2, 0);
        const e = [Math.exp(s1 - m), Math.exp(s2 - m), Math.exp(-m)];
        const z = e[0]! + e[1]! + e[2]!;
        const y = e.map((v) => v / z);
        // A coordinate underflows to 0 only where |s1 − s2| or |s_i| > 745; each of s1 − s2, s1, s2
        // is (a logit difference + a Logistic)/τ, with mass e^(−40) beyond 40/τ of its centre, and
        // 745 is farther than that here (40/τ ≤ 400, centres ≤ 17): nothing measurable is skipped.
        if (y.some((v) => v === 0)) continue;
        const logJacobian = Math.log(y[0]!) + Math.log(y[1]!) + Math.log(y[2]!);
        total += w1 * w2 * Math.exp(concreteLogProb(y, logits, tau) + logJacobian);
      }
    }
    expect(total * h * h).toBeCloseTo(1, 8);
  });

  it('k = 2 inside k = 3 with one masked class: the masked coordinate is 0 and the rest integrates to 1', () => {
    const logits = [0.3, -Infinity, 1.1];
    const tau = 0.4;
    const centre = (logits[0]! - logits[2]!) / tau;
    const f = (s: number): number => {
      const y = [sigmoid(s), 0, sigmoid(-s)];
      return Math.exp(concreteLogProb(y, logits, tau) + Math.log(y[0]!) + Math.log(y[2]!));
    };
    expect(trapezoid(f, centre - 40 / tau, centre + 40 / tau, 4000)).toBeCloseTo(1, 9);
  });

  it('the density without the −k exponent (the seed summary formula) does not integrate to 1', () => {
    // Guards against re-deriving the typo: Σ log softmax replaced by Σ(l − τx) − logsumexp.
    const logits = [0.7, -0.4];
    const tau = 0.5;
    const f = (s: number): number => {
      const y = [sigmoid(s), sigmoid(-s)];
      const correct = concreteLogProb(y, logits, tau);
      const a = logits.map((l, i) => l - tau * Math.log(y[i]!));
      const lse = Math.log(Math.exp(a[0]!) + Math.exp(a[1]!));
      const wrong = correct + lse; // k·lse → (k − 1)·lse
      return Math.exp(wrong + Math.log(y[0]!) + Math.log(y[1]!));
    };
    expect(Math.abs(trapezoid(f, -30, 30, 4000) - 1)).toBeGreaterThan(0.1);
  });
});

describe('Concrete and ExpConcrete densities', () => {
  it('concrete(y) = expConcrete(log y) − Σ log y', () => {
    const logits = [0.2, -1, 0.5, -Infinity];
    const y = [0.1, 0.6, 0.3, 0];
    const x = y.map(Math.log);
    const jac = Math.log(0.1) + Math.log(0.6) + Math.log(0.3);
    expect(concreteLogProb(y, logits, 0.7)).toBeCloseTo(expConcreteLogProb(x, logits, 0.7) - jac, 13);
  });
  it('matches the product form (k − 1)! τ^(k−1) (Σ π y^−τ)^−k Π π y^(−τ−1) by hand', () => {
    const pi = [0.2, 0.5, 0.3];
    const y = [0.25, 0.15, 0.6];
    const tau = 0.8;
    const sum = pi.reduce((acc, p, i) => acc + p * y[i]! ** -tau, 0);
    const prod = pi.reduce((acc, p, i) => acc * p * y[i]! ** (-tau - 1), 1);
    const expected = Math.log(2 * tau ** 2 * sum ** -3 * prod);
    expect(concreteLogProb(y, logitsFromProbabilities(pi), tau)).toBeCloseTo(expected, 13);
  });
  it('drops masked classes: the same as the density on the unmasked classes alone', () => {
    const tau = 1.3;
    expect(concreteLogProb([0.2, 0, 0.8], [0.1, -Infinity, 0.4], tau)).toBeCloseTo(concreteLogProb([0.2, 0.8], [0.1, 0.4], tau), 14);
    const [a, b] = [Math.log(0.3), Math.log(0.7)];
    expect(expConcreteLogProb([a, -Infinity, b], [0.1, -Infinity, 0.4], tau)).toBeCloseTo(expConcreteLogProb([a, b], [0.1, 0.4], tau), 14);
  });
  it('is 0 for a single class (a point mass at y = [1])', () => {
    expect(concreteLogProb([1], [3], 0.5)).toBe(0);
    expect(concreteLogProb([0, 1], [-Infinity, 3], 0.5)).toBe(0);
    expect(expConcreteLogProb([0], [3], 0.5)).toBe(0);
  });
  it('stays finite near the simplex vertices and at small τ', () => {
    const v = concreteLogProb([1e-300, 1 - 1e-300 * 2, 1e-300], [0, 0, 0], 0.05);
    expect(Number.isFinite(v)).toBe(true);
    expect(Number.isFinite(expConcreteLogProb([-700, 0, -700], [1, 2, 3], 0.01))).toBe(true);
  });
  it('rejects bad y, x, logits and τ, naming them', () => {
    expect(() => concreteLogProb([0.5, 0.5], [0, 0, 0], 1)).toThrow(GumbelTypeError);
    expect(() => concreteLogProb([0.5, 0.5], [0, 0, 0], 1)).toThrow(/^y must be of length 3 to match logits, got length 2$/);
    expect(() => expConcreteLogProb([0], [0, 0], 1)).toThrow(/^x must be of length 2/);
    expect(() => concreteLogProb([0.5, 0.5], [0, 0], 0)).toThrow(/^tau must be finite and > 0, got 0$/);
    expect(() => concreteLogProb([1.5, -0.5], [0, 0], 1)).toThrow(/^y\[0\] must be in \[0, 1\], got 1\.5$/);
    expect(() => concreteLogProb([NaN, 0.5], [0, 0], 1)).toThrow(/^y\[0\] must be finite, got NaN$/);
    expect(() => concreteLogProb([0.4, 0.1, 0.3], [0, 0, 0], 1)).toThrow(/^y must be on the simplex .*got a sum of 0\.8/);
    expect(() => expConcreteLogProb([-0.2, 0.5, 0.3], [0, 0, 0], 1)).toThrow(/^x\[1\] must be ≤ 0 \(x = log y, y on the simplex\), got 0\.5$/);
    expect(() => expConcreteLogProb([-1, -1], [0, 0], 1)).toThrow(/^x must be on the log-simplex/);
    expect(() => concreteLogProb([0.1, 0.9], [-Infinity, 0], 1)).toThrow(/^y\[0\] must be 0 at a masked class, got 0\.1$/);
    expect(() => expConcreteLogProb([-1, -1], [-Infinity, 0], 1)).toThrow(/^x\[0\] must be -Infinity \(log 0\) at a masked class/);
    expect(() => expConcreteLogProb([NaN, -1], [0, 0], 1)).toThrow(/^x\[0\] must be not NaN/);
    expect(() => expConcreteLogProb([-1e308, 0], [0, 0], 1e10)).toThrow(/^x must be small enough/);
    expect(() => concreteLogProb([0.5, 0.5], [NaN, 0], 1)).toThrow(/^logits\[0\]/);
    expect(() => concreteLogProb([0, 0], [-Infinity, -Infinity], 1)).toThrow(/^logits must be not entirely -Infinity/);
    expect(() => concreteLogProb('y' as unknown as number[], [0], 1)).toThrow(GumbelTypeError);
  });
});

describe('BinConcrete density', () => {
  it.each(TAUS)('integrates to 1 in logit space, τ = %s', (tau) => {
    const logit = 1.5;
    const f = (x: number): number => Math.exp(binConcreteLogitLogProb(x, logit, tau));
    expect(trapezoid(f, (logit - 40) / tau, (logit + 40) / tau, 4000)).toBeCloseTo(1, 9);
  });
  it.each([1, 2.5])('integrates to 1 over y in (0, 1), τ = %s', (tau) => {
    // y = σ(s) for |s| ≤ 36 keeps y < 1 in float64; for τ ≥ 1 the mass beyond is below e^(−34).
    const logit = -0.6;
    const f = (s: number): number => {
      const y = sigmoid(s);
      return Math.exp(binConcreteLogProb(y, logit, tau) + Math.log(y) + Math.log(sigmoid(-s)));
    };
    expect(trapezoid(f, -36, 36, 4000)).toBeCloseTo(1, 9);
  });
  it('is the uniform density at logit 0, τ = 1, and the k = 2 Concrete marginal in general', () => {
    for (const y of [1e-9, 0.2, 0.5, 0.9]) expect(binConcreteLogProb(y, 0, 1)).toBeCloseTo(0, 12);
    for (const [y, logit, tau] of [[0.3, 0.4, 0.6], [0.01, -2, 2], [0.97, 1, 0.2]] as const) {
      expect(binConcreteLogProb(y, logit, tau)).toBeCloseTo(concreteLogProb([y, 1 - y], [logit, 0], tau), 11);
    }
  });
  it('logit form: log τ + (l − τx) − 2·softplus(l − τx), -Infinity at x = ±Infinity', () => {
    const [x, l, tau] = [0.8, 0.3, 1.7];
    const t = l - tau * x;
    expect(binConcreteLogitLogProb(x, l, tau)).toBeCloseTo(Math.log(tau) + t - 2 * Math.log1p(Math.exp(t)), 14);
    expect(binConcreteLogitLogProb(Infinity, l, tau)).toBe(-Infinity);
    expect(binConcreteLogitLogProb(-Infinity, l, tau)).toBe(-Infinity);
    expect(Number.isFinite(binConcreteLogitLogProb(1e6, 0, 0.1))).toBe(true);
  });
  it('rejects bad y, x, logit and τ, naming them', () => {
    expect(() => binConcreteLogProb(1.2, 0, 1)).toThrow(/^y must be in \[0, 1\], got 1\.2$/);
    expect(() => binConcreteLogProb(-1e-300, 0, 1)).toThrow(GumbelRangeError);
    expect(() => binConcreteLogProb(NaN, 0, 1)).toThrow(/^y must be not NaN/);
    expect(() => binConcreteLogProb(0.5, NaN, 1)).toThrow(/^logit must be not NaN, got NaN$/);
    expect(() => binConcreteLogProb(0.5, 0, -2)).toThrow(/^tau must be finite and > 0, got -2$/);
    expect(() => binConcreteLogitLogProb(NaN, 0, 1)).toThrow(/^x must be not NaN/);
    expect(() => binConcreteLogitLogProb(0, -Infinity, 1)).toThrow(/^logit must be finite/);
    expect(() => binConcreteLogitLogProb(0, 0, Infinity)).toThrow(/^tau must be finite and > 0/);
    expect(() => binConcreteLogitLogProb('0' as unknown as number, 0, 1)).toThrow(GumbelTypeError);
  });
});

describe('logitsFromProbabilities', () => {
  it('is log p with zeros masked, and feeds the densities', () => {
    expect(Array.from(logitsFromProbabilities([0.25, 0, 0.75]))).toEqual([Math.log(0.25), -Infinity, Math.log(0.75)]);
    // unnormalised probabilities give the same densities (a common shift of the logits)
    expect(concreteLogProb([0.3, 0.7], logitsFromProbabilities([2, 6]), 0.5)).toBeCloseTo(concreteLogProb([0.3, 0.7], logitsFromProbabilities([0.25, 0.75]), 0.5), 14);
  });
  it('rejects invalid probabilities, naming them', () => {
    expect(() => logitsFromProbabilities([0.5, -0.1])).toThrow(/^probs\[1\] must be finite and ≥ 0, got -0\.1$/);
    expect(() => logitsFromProbabilities([0, 0])).toThrow(/^probs must be summing to a positive number/);
    expect(() => logitsFromProbabilities([NaN])).toThrow(GumbelRangeError);
    expect(() => logitsFromProbabilities([])).toThrow(GumbelRangeError);
    expect(() => logitsFromProbabilities('p' as unknown as number[])).toThrow(GumbelTypeError);
  });
});
