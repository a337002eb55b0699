/**
 * Every estimator runs on every backend in BACKENDS (test-support/helpers.ts; adding tfjs or gpujs
 * is one line there) and gives the same mean as the float64 CPU reference. Each backend draws
 * n = 2 000 gradients at τ = 0.5; the means are compared component-wise as two independent
 * samples, max_j |z_j| ≤ 4.5 (false alarm ≈ 7e-5 per estimator). Backends that share the counter-
 * based noise agree far more closely than that; the bound also holds for a backend whose noise differs.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '@gumbel/backend-cpu';
import type { Backend } from '@gumbel/core';
import { createRelaxedBernoulli, createStraightThroughBernoulli } from './bernoulli-pathwise.js';
import { REPORT_ESTIMATORS } from './diagnostics/bias-variance.js';
import { drawGradients } from './diagnostics/draw-gradients.js';
import { summarizeDraws } from './diagnostics/statistics.js';
import type { DrawSummary } from './diagnostics/statistics.js';
import { createToyProblem } from './diagnostics/toy-problem.js';
import { createReinforceBernoulli } from './reinforce.js';
import type { Estimator, LossValues } from './types.js';
import { BACKENDS, drawBernoulliGradients, worstTwoSampleZ } from './test-support/helpers.js';

const problem = createToyProblem();
const DRAWS = 2000;
const TAU = 0.5;
const BITS = [0.4, -0.6, 1.1];
const bitLoss = (z: ArrayLike<number>): number => Array.from(z).reduce((s, v, i) => s + (v - 0.3 * i) ** 2, 0);
const bitGrad = (z: ArrayLike<number>): number[] => Array.from(z, (v, i) => 2 * (v - 0.3 * i));

type Make = <T>(backend: Backend<T>, seed: number) => Estimator<T, T> | Estimator<T, LossValues<T>>;
interface Case {
  readonly label: string;
  readonly make: Make;
  readonly draw: <T>(estimator: Estimator<T, T> | Estimator<T, LossValues<T>>) => Promise<DrawSummary>;
}

const categorical = async <T>(estimator: Estimator<T, T> | Estimator<T, LossValues<T>>): Promise<DrawSummary> =>
  summarizeDraws(await drawGradients(estimator, problem, { tau: TAU, draws: DRAWS }), problem.k);
const bernoulli = async <T>(estimator: Estimator<T, T> | Estimator<T, LossValues<T>>): Promise<DrawSummary> =>
  summarizeDraws(await drawBernoulliGradients(estimator, BITS, bitLoss, bitGrad, { tau: TAU, draws: DRAWS }), BITS.length);

const CASES: readonly Case[] = [
  // Gumbel-Rao K = 100 is left out: it exercises the same code as K = 10, a hundred times slower.
  ...REPORT_ESTIMATORS.filter((e) => e.label !== 'gumbel-rao K=100').map((e) => ({ label: e.label, make: e.make, draw: categorical })),
  { label: 'relaxed-bernoulli', make: (b, seed) => createRelaxedBernoulli(b, { seed }), draw: bernoulli },
  { label: 'st-bernoulli', make: (b, seed) => createStraightThroughBernoulli(b, { seed }), draw: bernoulli },
  { label: 'reinforce-bernoulli loo m=3', make: (b, seed) => createReinforceBernoulli(b, { seed, baseline: 'leave-one-out', samples: 3 }), draw: bernoulli },
];

const reference = createCpuBackend({ precision: 64 });
const referenceMeans = new Map<string, Promise<DrawSummary>>();
const referenceFor = (c: Case): Promise<DrawSummary> => {
  let summary = referenceMeans.get(c.label);
  if (summary === undefined) {
    summary = c.draw(c.make(reference, 61));
    referenceMeans.set(c.label, summary);
  }
  return summary;
};

for (const { name, create } of BACKENDS) {
  describe(`estimators on ${name}`, async () => {
    const backend = await create();
    for (const c of CASES) {
      it(`${c.label}: same mean as cpu float64 within 4.5 SE`, async () => {
        const summary = await c.draw(c.make(backend, 61));
        for (const v of summary.mean) expect(Number.isFinite(v)).toBe(true);
        expect(worstTwoSampleZ(summary, await referenceFor(c))).toBeLessThanOrEqual(4.5);
      });
    }
  });
}
