import { describe, expect, it } from 'vitest';
import { CounterRng } from '@gumbel/core';
import { CHI2_CRIT_0001, chiSquareStatistic, chiSquareSurvival, gumbelCdf, ksCriticalValue, ksStatistic, logisticCdf } from './stats.js';

describe('stats helpers', () => {
  it('χ² survival reproduces the tabled 0.001 critical values and closed forms', () => {
    for (const [df, crit] of Object.entries(CHI2_CRIT_0001)) {
      expect(chiSquareSurvival(crit, Number(df))).toBeCloseTo(0.001, 5);
    }
    // df = 2: P(χ² > x) = e^(−x/2) exactly; df = 1: erfc-based value at x = 3.841 is 0.05.
    for (const x of [0.1, 1, 5, 40]) expect(chiSquareSurvival(x, 2)).toBeCloseTo(Math.exp(-x / 2), 12);
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 9);
    expect(chiSquareSurvival(0, 4)).toBe(1);
    expect(chiSquareSurvival(Infinity, 4)).toBe(0);
  });

  it('χ² statistic: zero for a perfect fit, infinite for an impossible outcome', () => {
    expect(chiSquareStatistic([10, 20, 0], [10, 20, 0])).toBe(0);
    expect(chiSquareStatistic([10, 20, 1], [10, 20, 0])).toBe(Infinity);
    expect(chiSquareStatistic([12, 18], [15, 15])).toBeCloseTo(1.2, 12);
  });

  it('KS: critical value ≈ 1.95/√n at α = 0.001, accepts true draws, rejects shifted ones', () => {
    expect(ksCriticalValue(10_000, 0.001)).toBeCloseTo(0.019495, 5);
    const rng = CounterRng.fromSeed(5);
    const n = 5000;
    const g = Float64Array.from({ length: n }, () => -Math.log(-Math.log(rng.next())));
    const crit = ksCriticalValue(n, 0.001);
    expect(ksStatistic(g, gumbelCdf)).toBeLessThan(crit);
    expect(ksStatistic(g.map((v) => v + 0.1), gumbelCdf)).toBeGreaterThan(crit);
    expect(ksStatistic(g, logisticCdf)).toBeGreaterThan(crit);
    expect(ksStatistic([0], (x) => (x < 0 ? 0 : 0.5))).toBeCloseTo(0.5, 12);
  });
});
