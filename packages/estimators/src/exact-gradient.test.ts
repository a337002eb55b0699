import { describe, expect, it } from 'vitest';
import { GumbelRangeError, GumbelTypeError } from '@gumbel/core';
import { exactBernoulliGradient, exactExpectation, exactGradient } from './exact-gradient.js';
import { expectClose, numericGradient, refSigmoid, refSoftmax } from './test-support/helpers.js';

// E[f] written independently here, then differentiated numerically (h = 1e-5: central-difference
// error ~h² ≈ 1e-10 plus rounding ~1e-16/h ≈ 1e-11, so 1e-8 is a safe relative tolerance).
const expectation = (logits: ArrayLike<number>, f: (j: number) => number): number => {
  const p = refSoftmax(logits);
  return p.reduce((acc, pj, j) => acc + pj * f(j), 0);
};

describe('exactGradient', () => {
  const f = (j: number): number => (j - 2.5) ** 2 + Math.sin(j);

  it('matches central differences of the enumerated expectation', () => {
    const logits = [0.3, -1.2, 2, 0, 0.7, -0.4];
    expectClose(exactGradient(logits, f), numericGradient((x) => expectation(x, f), logits), 1e-8, 'grad');
    expect(exactExpectation(logits, f)).toBeCloseTo(expectation(logits, f), 12);
  });

  it('k = 2 has the closed form σ′(a − b)·(f(0) − f(1)) · (1, −1)', () => {
    const [a, b] = [0.8, -0.3];
    const s = refSigmoid(a - b);
    const slope = s * (1 - s) * (f(0) - f(1));
    expectClose(exactGradient([a, b], f), [slope, -slope], 1e-12);
  });

  it('sums to zero (shift invariance) and is zero for a constant f', () => {
    const g = exactGradient([1, 2, 3, 4], f);
    expect(Math.abs(g.reduce((s, v) => s + v, 0))).toBeLessThan(1e-14);
    for (const v of exactGradient([1, 2, 3], () => 7)) expect(Math.abs(v)).toBeLessThan(1e-15);
  });

  it('never calls f on masked classes and gives them gradient exactly 0', () => {
    const seen: number[] = [];
    const g = exactGradient([0.5, -Infinity, 1], (j) => (seen.push(j), j));
    expect(seen).toEqual([0, 2]);
    expect(g[1]).toBe(0);
    expectClose(g, exactGradient([0.5, -1e300, 1], (j) => j), 1e-15);
  });

  it('rejects bad input with typed errors naming the argument', () => {
    expect(() => exactGradient([1, Number.NaN], f)).toThrow(GumbelRangeError);
    expect(() => exactGradient([], f)).toThrow(/logits/);
    expect(() => exactGradient([1, 2], 3 as never)).toThrow(GumbelTypeError);
    expect(() => exactGradient([1, 2], () => Number.NaN)).toThrow(/f\(0\) must be finite/);
    expect(() => exactGradient([1, 2], () => '1' as never)).toThrow(GumbelTypeError);
  });
});

describe('exactBernoulliGradient', () => {
  const f = (z: Float64Array): number => (z[0] as number) * 2 - (z[1] as number) * (z[2] as number) + 0.5 * (z[0] as number) * (z[2] as number);
  const expectationBits = (logits: ArrayLike<number>): number => {
    let total = 0;
    for (let mask = 0; mask < 8; mask++) {
      const z = Float64Array.from([mask & 1, (mask >> 1) & 1, (mask >> 2) & 1]);
      let p = 1;
      for (let j = 0; j < 3; j++) p *= z[j] ? refSigmoid(logits[j] as number) : 1 - refSigmoid(logits[j] as number);
      total += p * f(z);
    }
    return total;
  };

  it('matches central differences of the enumerated expectation', () => {
    const logits = [0.4, -1.1, 0.9];
    expectClose(exactBernoulliGradient(logits, f), numericGradient(expectationBits, logits), 1e-8);
  });

  it('a −∞ logit is a bit that is always 0, with gradient 0', () => {
    const g = exactBernoulliGradient([0.3, -Infinity], (z) => (z[1] as number) * 10 + (z[0] as number));
    expect(g[1]).toBe(0);
    expect(g[0]).toBeCloseTo(refSigmoid(0.3) * (1 - refSigmoid(0.3)), 14);
  });

  it('rejects too many bits, bad logits and bad f', () => {
    expect(() => exactBernoulliGradient(new Array(21).fill(0), f)).toThrow(GumbelRangeError);
    expect(() => exactBernoulliGradient([Number.NaN], f)).toThrow(/logits\[0\]/);
    expect(() => exactBernoulliGradient([0], () => Infinity)).toThrow(GumbelRangeError);
  });
});
