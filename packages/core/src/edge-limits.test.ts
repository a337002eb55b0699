import { describe, expect, it } from 'vitest';
import { binConcreteLogProb, concreteLogProb, expConcreteLogProb } from './densities.js';

// The limits of edge-limits.ts, checked against the interior formula close to the edge: the sign
// of the divergence, or (balanced case) the finite value it tends to.
describe('densities at the boundary of their support', () => {
  it('BinConcrete at y ∈ {0, 1}: +∞ for τ < 1, −∞ for τ > 1, 1/α and α at τ = 1', () => {
    expect(binConcreteLogProb(0, 0.3, 0.5)).toBe(Infinity);
    expect(binConcreteLogProb(1, 0.3, 0.5)).toBe(Infinity);
    expect(binConcreteLogProb(0, 0.3, 2)).toBe(-Infinity);
    expect(binConcreteLogProb(1, 0.3, 2)).toBe(-Infinity);
    expect(binConcreteLogProb(0, 0.3, 1)).toBeCloseTo(-0.3, 14);
    expect(binConcreteLogProb(1, 0.3, 1)).toBeCloseTo(0.3, 14);
    expect(binConcreteLogProb(1e-12, 0.3, 1)).toBeCloseTo(-0.3, 9);
    expect(binConcreteLogProb(1e-200, 0.3, 0.5)).toBeGreaterThan(200);
  });
  it('BinConcrete with a logit of ±∞: all mass at one end', () => {
    expect(binConcreteLogProb(1, Infinity, 0.5)).toBe(Infinity);
    expect(binConcreteLogProb(0.5, Infinity, 0.5)).toBe(-Infinity);
    expect(binConcreteLogProb(0, Infinity, 3)).toBe(-Infinity);
    expect(binConcreteLogProb(0, -Infinity, 3)).toBe(Infinity);
    expect(binConcreteLogProb(1, -Infinity, 0.5)).toBe(-Infinity);
  });
  it('Concrete at a boundary point: the radial limit, sign of τk − m(τ + 1)', () => {
    expect(concreteLogProb([0, 0.4, 0.6], [0.1, 0.2, 0.3], 0.2)).toBe(Infinity); // e = 0.6 − 1.2 < 0
    expect(concreteLogProb([0, 0.4, 0.6], [0.1, 0.2, 0.3], 2)).toBe(-Infinity); // e = 6 − 3 > 0
    expect(concreteLogProb([0, 0, 1], [0.1, 0.2, 0.3], 0.3)).toBe(Infinity); // a vertex: e = 0.9 − 2.6
    // Balanced (e = 0): k = 3, m = 1, τ = 0.5; the interior value at y_0 = 1e-9 tends to it.
    const exact = concreteLogProb([0, 0.4, 0.6], [0.1, 0.2, 0.3], 0.5);
    expect(Number.isFinite(exact)).toBe(true);
    // (the approach is slow: the correction is O(y_0^τ), so y_0 = 1e-30 for ~1e-15)
    expect(concreteLogProb([1e-30, 0.4, 0.6], [0.1, 0.2, 0.3], 0.5)).toBeCloseTo(exact, 12);
    // the two-class case is the BinConcrete rule
    expect(concreteLogProb([0, 1], [0.3, 0], 1)).toBeCloseTo(binConcreteLogProb(0, 0.3, 1), 14);
  });
  it('ExpConcrete at x_i = −∞ (y_i = 0) is −∞', () => {
    expect(expConcreteLogProb([-Infinity, 0], [0, 0], 0.1)).toBe(-Infinity);
    expect(expConcreteLogProb([-Infinity, Math.log(0.5), Math.log(0.5)], [5, 0, 0], 0.01)).toBe(-Infinity);
  });
});
