import { describe, expect, it } from 'vitest';
import { expConcreteLogProb } from './densities.js';
import { expConcreteRowLogProb, expConcreteRowVjp } from './exp-concrete-row.js';

describe('expConcreteRowVjp', () => {
  // Golden values: mpmath at 40 digits, the log-density written out from Maddison et al. (2017) and
  // its derivatives by mpmath.diff (numerical differentiation, independent of the closed forms).
  // Logits (0.3, −∞, −1.2, 2.0): class 1 masked, so k = 3; x need not be on the log-simplex here.
  const logits = [9, 0.3, -Infinity, -1.2, 2.0]; // read from offset 1
  const x = [0, 0, -1.5, 123, -2.5, -0.4]; // read from offset 2; x[3] sits at the masked class
  const golden = { value: -4.0369398427850818558, dTau: 4.5182318231548226536 };
  const dlGolden = [0.24695735788768428464, 0, 0.66163612968357753227, -0.90859348757126181691];
  const dxGolden = [-0.17287015052137899925, 0, -0.46314529077850427259, 0.63601544129988327184];

  it('value, ∂/∂l, ∂/∂x and ∂/∂τ of a row with a masked class, read at offsets (mpmath)', () => {
    const dl = new Float64Array(4).fill(NaN);
    const dx = new Float64Array(4).fill(NaN);
    const r = expConcreteRowVjp(logits, 1, x, 2, 4, 0.7, dl, dx);
    expect(r.kEff).toBe(3);
    expect(r.value).toBeCloseTo(golden.value, 13);
    expect(r.dTau).toBeCloseTo(golden.dTau, 12);
    dlGolden.forEach((g, i) => expect(dl[i]).toBeCloseTo(g, 13));
    dxGolden.forEach((g, i) => expect(dx[i]).toBeCloseTo(g, 13));
    // The masked class gets exact zeros (not whatever the buffers held).
    expect([dl[1], dx[1]]).toEqual([0, 0]);
  });

  it('without buffers it returns the same value, and matches expConcreteLogProb on a log-simplex point', () => {
    expect(expConcreteRowVjp(logits, 1, x, 2, 4, 0.7).value).toBeCloseTo(golden.value, 13);
    const l = [0.5, -0.25, 1.0];
    const y = [0.2, 0.3, 0.5];
    const lx = y.map(Math.log);
    expect(expConcreteRowVjp(l, 0, lx, 0, 3, 1.3).value).toBe(expConcreteLogProb(lx, l, 1.3));
  });

  it('expConcreteRowLogProb (value only) gives the golden value, bit-identical to the VJP\'s', () => {
    expect(expConcreteRowLogProb(logits, 1, x, 2, 4, 0.7)).toBeCloseTo(golden.value, 13);
    expect(expConcreteRowLogProb(logits, 1, x, 2, 4, 0.7)).toBe(expConcreteRowVjp(logits, 1, x, 2, 4, 0.7).value);
  });

  it('the documented examples: k = 2, equal logits, τ = 1, x = log(½, ½) gives −log 4 and ∂/∂τ = (k − 1)/τ = 1', () => {
    // At x = log(½, ½) with equal logits softmax(a) = (½, ½), so c = 1 − 2·½ = 0 and ∂/∂τ = (k − 1)/τ.
    const r = expConcreteRowVjp([0, 0], 0, [-Math.LN2, -Math.LN2], 0, 2, 1);
    expect(r.value).toBeCloseTo(-Math.log(4), 15);
    expect(r.dTau).toBeCloseTo(1, 15);
    expect(expConcreteRowLogProb([0, 0], 0, [-Math.LN2, -Math.LN2], 0, 2, 1)).toBeCloseTo(-Math.log(4), 15);
  });

  it('is invariant to a common logit shift of 2^40, where Σ a − k·logsumexp(a) formed directly would lose ~1e-3', () => {
    // Logits, x and τ are short binary fractions, so every a_i = l_i − τ x_i, shifted or not, is exact
    // in float64 and only the formula can differ: Σ a and k·logsumexp(a) are each ≈ 3·2^40, whose
    // rounding (2^-52 relative) is ≈ 7e-4. (x need not be on the log-simplex for the row.)
    const l = [0.5, -0.25, 1.0];
    const lx = [-1.5, -2.25, -0.5];
    const shifted = l.map((v) => v + 2 ** 40);
    const a = expConcreteRowVjp(l, 0, lx, 0, 3, 1.25);
    const b = expConcreteRowVjp(shifted, 0, lx, 0, 3, 1.25);
    expect(b.value).toBeCloseTo(a.value, 12);
    expect(b.dTau).toBeCloseTo(a.dTau, 12);
  });
});
