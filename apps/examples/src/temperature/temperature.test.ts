/**
 * The temperature example's claim, checked: at N = 1,000 observations from
 * RelaxedOneHotCategorical(π*, τ* = 0.5), both the MAP's Laplace 95% interval and MALA's 95%
 * credible interval contain τ*, and π is recovered to within 0.05 (its posterior sd at N = 1,000 is
 * ≈ 0.01). Fixed seed; fewer steps than the CLI (the chain still mixes: MALA is preconditioned by
 * the Laplace covariance).
 */
import { createCpuBackend } from '@gumbel/backend-cpu';
import { describe, expect, it } from 'vitest';
import { inferTemperature } from './infer.js';

describe('τ as a random variable', () => {
  it('recovers τ* = 0.5 inside its 95% intervals at N = 1,000 (MAP + Laplace, MALA)', () => {
    const backend = createCpuBackend({ precision: 64 });
    const r = inferTemperature(backend, { n: 1000, tau: 0.5, logits: [1.0, 0.2, -0.5, -1.0], seed: 7, mapSteps: 1500, draws: 1000, burnIn: 500 });
    for (const interval of [r.map.interval, r.mala.interval]) {
      expect(interval[0]).toBeLessThan(0.5);
      expect(interval[1]).toBeGreaterThan(0.5);
      // An informative interval, not a vacuous one.
      expect(interval[1] - interval[0]).toBeLessThan(0.1);
    }
    r.map.pi.forEach((p, i) => expect(Math.abs(p - (r.piTrue[i] as number))).toBeLessThan(0.05));
    r.mala.pi.forEach((p, i) => expect(Math.abs(p - (r.piTrue[i] as number))).toBeLessThan(0.05));
    expect(r.mala.acceptance).toBeGreaterThan(0.3);
  });
});
