import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GumbelRangeError, GumbelTypeError, describeValue } from './errors.js';
import {
  validateLogits,
  validateProbabilities,
  validateSameShape,
  validateSeed,
  validateShape2D,
  validateTemperature,
  validateTemperatures,
} from './validate.js';

describe('validateTemperature', () => {
  it.each([0, -1, -0, NaN, Infinity, -Infinity])('rejects tau = %s with a RangeError naming tau and the value', (tau) => {
    expect(() => validateTemperature(tau)).toThrow(RangeError);
    expect(() => validateTemperature(tau)).toThrow(new RegExp(`^tau must be finite and > 0, got ${describeValue(tau)}$`));
  });
  it('rejects non-numbers with a TypeError', () => {
    expect(() => validateTemperature('1')).toThrow(GumbelTypeError);
    expect(() => validateTemperature(undefined, 'options.tau')).toThrow(/options\.tau must be a number, got undefined/);
  });
  it('accepts tiny and large finite temperatures', () => {
    expect(validateTemperature(1e-300)).toBe(1e-300);
    expect(validateTemperature(1e300)).toBe(1e300);
  });
  it('names the bad row of a per-row temperature', () => {
    expect(() => validateTemperatures([1, 0.5, 0], 'tau')).toThrow(/tau\[2\] must be finite and > 0, got 0/);
  });
});

describe('validateLogits', () => {
  it('allows masked (-Infinity) classes, including all but one', () => {
    expect(() => validateLogits([-Infinity, 0, -Infinity])).not.toThrow();
  });
  it.each([
    [[0, NaN], /logits\[1\] must be finite or -Infinity \(masked\), got NaN/],
    [[Infinity, 0], /logits\[0\] .* got Infinity/],
    [[-Infinity, -Infinity], /logits must be not entirely -Infinity/],
    [[], /logits must be non-empty/],
  ])('rejects %s', (logits, message) => {
    expect(() => validateLogits(logits)).toThrow(GumbelRangeError);
    expect(() => validateLogits(logits)).toThrow(message);
  });
  it('checks each row of a flat batch separately', () => {
    expect(() => validateLogits([0, 1, -Infinity, -Infinity], 'logits', 2)).toThrow(/logits row 1/);
  });
  it('property: any array of finite numbers is valid, and one NaN anywhere is not', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1 }), fc.nat(), (xs, at) => {
        validateLogits(xs);
        const bad = xs.slice();
        bad[at % bad.length] = NaN;
        expect(() => validateLogits(bad)).toThrow(GumbelRangeError);
      }),
    );
  });
});

describe('validateProbabilities', () => {
  it.each([
    [[0.5, -0.1], /probs\[1\] must be finite and ≥ 0, got -0\.1/],
    [[0.5, NaN], /probs\[1\] .* got NaN/],
    [[0, 0], /probs must be summing to a positive number, got a sum of 0/],
    [[Infinity, 1], /probs\[0\]/],
  ])('rejects %s', (probs, message) => {
    expect(() => validateProbabilities(probs)).toThrow(message);
  });
  it('accepts unnormalised weights with zeros', () => {
    expect(() => validateProbabilities([0, 3, 1])).not.toThrow();
  });
});

describe('validateSeed and shapes', () => {
  it('accepts 0 and the largest safe integer', () => {
    expect(validateSeed(0)).toBe(0);
    expect(validateSeed(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
  });
  it.each([0.5, -2, NaN, Infinity])('rejects seed %s', (seed) => {
    expect(() => validateSeed(seed)).toThrow(GumbelRangeError);
  });
  it('rejects shapes with k < 1 or non-integer sizes', () => {
    expect(() => validateShape2D([2, 0])).toThrow(/shape\[1\] \(k\) must be an integer ≥ 1, got 0/);
    expect(() => validateShape2D([1.5, 2])).toThrow(/shape\[0\] \(batch\)/);
    expect(() => validateShape2D([2])).toThrow(GumbelTypeError);
  });
  it('reports both shapes on a mismatch', () => {
    expect(() => validateSameShape([2, 3], [2, 4], 'noise', 'logits')).toThrow('noise must be of shape [2, 4] to match logits, got shape [2, 3]');
  });
});
