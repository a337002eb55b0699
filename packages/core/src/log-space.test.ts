import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logAddExp, logFactorialOfPredecessor, softplus } from './log-space.js';

describe('softplus', () => {
  it('is log(1 + e^t) without overflow or loss in the tails', () => {
    expect(softplus(0)).toBeCloseTo(Math.LN2, 16);
    expect(softplus(1000)).toBe(1000);
    expect(softplus(-800)).toBe(0);
    expect(softplus(-40)).toBeCloseTo(Math.exp(-40), 30);
    expect(softplus(-40) / Math.exp(-40)).toBeCloseTo(1, 14); // relative accuracy of the tiny tail
    expect(softplus(Infinity)).toBe(Infinity);
    expect(softplus(-Infinity)).toBe(0);
  });
  it('satisfies softplus(t) − softplus(−t) = t', () => {
    fc.assert(fc.property(fc.double({ min: -700, max: 700, noNaN: true }), (t) => Math.abs(softplus(t) - softplus(-t) - t) <= 1e-13 * Math.max(1, Math.abs(t))), { seed: 4, numRuns: 500 });
  });
});

describe('logAddExp', () => {
  it('is log(e^a + e^b), exact for empty (-Infinity) terms and infinite ones', () => {
    expect(logAddExp(0, 0)).toBeCloseTo(Math.LN2, 16);
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(-Infinity, 3)).toBe(3);
    expect(logAddExp(3, -Infinity)).toBe(3);
    expect(logAddExp(-Infinity, -Infinity)).toBe(-Infinity);
    expect(logAddExp(Infinity, Infinity)).toBe(Infinity);
    expect(logAddExp(Infinity, 2)).toBe(Infinity);
  });
  it('is symmetric and never NaN for non-NaN input', () => {
    fc.assert(fc.property(fc.double({ noNaN: true }), fc.double({ noNaN: true }), (a, b) => {
      const v = logAddExp(a, b);
      return !Number.isNaN(v) && v === logAddExp(b, a) && v >= Math.max(a, b);
    }), { seed: 5, numRuns: 500 });
  });
});

describe('logFactorialOfPredecessor', () => {
  it('is log((k − 1)!) summed exactly', () => {
    expect(logFactorialOfPredecessor(1)).toBe(0);
    expect(logFactorialOfPredecessor(2)).toBe(0);
    expect(logFactorialOfPredecessor(4)).toBeCloseTo(Math.log(6), 15);
    expect(logFactorialOfPredecessor(11)).toBeCloseTo(Math.log(3628800), 13);
  });
  it('answers from its cache in any order, the same bits as a fresh sum', () => {
    const fresh = (k: number) => { let s = 0; for (let j = 2; j < k; j++) s += Math.log(j); return s; };
    for (const k of [30, 3, 17, 1, 200, 5]) expect(logFactorialOfPredecessor(k)).toBe(fresh(k));
    // log Γ(200) = log 199! (scipy.special.gammaln(200.0) = 857.9336698258575)
    expect(logFactorialOfPredecessor(200)).toBeCloseTo(857.9336698258574, 9);
  });
});
