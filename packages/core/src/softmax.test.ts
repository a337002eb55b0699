import { describe, expect, it } from 'vitest';
import { GumbelRangeError, GumbelTypeError } from './errors.js';
import { argmax, logSoftmax, logSumExp, softmax } from './softmax.js';

describe('logSumExp', () => {
  it('is exact on small cases and does not overflow', () => {
    expect(logSumExp([0, 0])).toBeCloseTo(Math.LN2, 15);
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSumExp([-1000, -1000])).toBeCloseTo(-1000 + Math.LN2, 12);
    expect(logSumExp(new Float32Array([1, 2, 3]))).toBeCloseTo(Math.log(Math.E + Math.E ** 2 + Math.E ** 3), 14);
  });
  it('treats -Infinity as an empty term', () => {
    expect(logSumExp([-Infinity, 2])).toBe(2);
    expect(logSumExp([-Infinity, 0, -Infinity, 0])).toBeCloseTo(Math.LN2, 15);
  });
  it('rejects NaN, +Infinity, empty and all-masked input', () => {
    expect(() => logSumExp([0, NaN])).toThrow(/^values\[1\] must be finite or -Infinity/);
    expect(() => logSumExp([Infinity])).toThrow(GumbelRangeError);
    expect(() => logSumExp([])).toThrow(/^values must be non-empty/);
    expect(() => logSumExp([-Infinity])).toThrow(GumbelRangeError);
    expect(() => logSumExp(5 as unknown as number[])).toThrow(GumbelTypeError);
  });
});

describe('softmax and logSoftmax', () => {
  it('sum to one, agree with each other and are invariant to a common shift', () => {
    const logits = [0.3, -1.2, 2.5, 0];
    for (const tau of [0.05, 0.5, 1, 20]) {
      const p = softmax(logits, tau);
      const lp = logSoftmax(logits, tau);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
      p.forEach((v, i) => expect(Math.log(v)).toBeCloseTo(lp[i] as number, 12));
      const shifted = softmax(logits.map((l) => l + 1e4), tau);
      shifted.forEach((v, i) => expect(v).toBeCloseTo(p[i] as number, 10));
    }
  });
  it('divides by τ: small τ sharpens, large τ flattens', () => {
    expect(softmax([0, 1], 0.01)[1]).toBeCloseTo(1, 15);
    expect(softmax([0, 1], 1e6)[1]).toBeCloseTo(0.5, 6);
    expect(logSoftmax([0, Math.LN2 * 2], 2)[1]).toBeCloseTo(Math.log(2 / 3), 15);
  });
  it('gives masked classes log-softmax -Infinity and softmax 0, never NaN', () => {
    const p = softmax([-Infinity, 0, -Infinity, 0], 0.3);
    expect(Array.from(p)).toEqual([0, 0.5, 0, 0.5]);
    const lp = logSoftmax([-Infinity, 7], 0.1);
    expect(lp[0]).toBe(-Infinity);
    expect(lp[1]).toBe(0);
  });
  it('survives extreme logits and τ without overflow', () => {
    const p = softmax([1e308, -1e308, 0], 1e-300);
    expect(Array.from(p)).toEqual([1, 0, 0]);
    expect(logSoftmax([1e308, -1e308], 1e-300)[0]).toBe(0);
  });
  it('rejects bad logits and τ, naming them', () => {
    expect(() => softmax([0, 1], 0)).toThrow(/^tau must be finite and > 0, got 0$/);
    expect(() => logSoftmax([0, 1], NaN)).toThrow(/^tau must be finite and > 0, got NaN$/);
    expect(() => softmax([0, Infinity])).toThrow(/^logits\[1\]/);
    expect(() => logSoftmax([-Infinity, -Infinity])).toThrow(/^logits must be not entirely -Infinity/);
    expect(() => softmax({} as number[])).toThrow(GumbelTypeError);
  });
});

describe('argmax', () => {
  it('returns the lowest index among ties', () => {
    expect(argmax([1, 3, 3, 2])).toBe(1);
    expect(argmax([0, 0, 0])).toBe(0);
    expect(argmax([-Infinity, -Infinity])).toBe(0);
    expect(argmax([-Infinity, 5, Infinity, Infinity])).toBe(2);
    expect(argmax(new Float64Array([-1, -0.5]))).toBe(1);
  });
  it('rejects NaN, empty input and non-arrays', () => {
    expect(() => argmax([0, NaN])).toThrow(/^values\[1\] must be not NaN, got NaN$/);
    expect(() => argmax([])).toThrow(/^values must be non-empty/);
    expect(() => argmax([0, '1'] as unknown as number[])).toThrow(GumbelTypeError);
    expect(() => argmax(null as unknown as number[])).toThrow(GumbelTypeError);
  });
});
