/**
 * Every estimator runs on every backend that is present and gives the same mean as the float64 CPU
 * reference. It lives at the repository level, not in @gumbel/estimators, because
 * @gumbel/backend-tfjs depends on the estimators (its adapter): a dev dependency back would be a
 * build cycle. An estimator whose capability a backend lacks must be refused with
 * UnsupportedOperationError, which is asserted instead — and only a backend with some capability
 * false may refuse. Every backend listed here claims every capability today (GPU.js's cpu mode
 * gained `topK` and `conditionalGumbel`, so Gumbel-Rao runs there), so a refusal fails. Each backend draws
 * n = 2 000 gradients at τ = 0.5 (ReinMax, which refuses τ < 1: 1.5); the means are compared component-wise as two independent
 * samples, max_j |z_j| ≤ 4.5 (false alarm ≈ 7e-5 per estimator). Backends that share the counter-
 * based noise agree far more closely than that; the bound also holds for a backend whose noise differs.
 *
 * The synchronous forms (`sampleSync`, `backwardSync`) run the same estimator body with blocking
 * read-backs, so on every backend they must give *exactly* the async forms' values and gradients,
 * over several steps (the stream, the step counter and an EMA baseline advance alike).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '@gumbel/backend-cpu';
import { createGpujsBackend } from '@gumbel/backend-gpujs';
import { createTfjsBackend } from '@gumbel/backend-tfjs';
import { UnsupportedOperationError } from '@gumbel/core';
import type { Backend } from '@gumbel/core';
import { ESTIMATORS, createToyProblem, drawGradients, summarizeDraws } from '@gumbel/estimators';
import type { AnyEstimator, ControlVariateSample, DrawSummary } from '@gumbel/estimators';
import { drawBernoulliGradients, worstTwoSampleZ } from '../packages/estimators/src/test-support/helpers.js';

const BACKENDS: ReadonlyArray<{ readonly name: string; readonly create: () => Backend<unknown> | Promise<Backend<unknown>> }> = [
  { name: 'cpu float64', create: () => createCpuBackend({ precision: 64 }) as Backend<unknown> },
  { name: 'cpu float32 (js)', create: () => createCpuBackend({ precision: 32, path: 'js' }) as Backend<unknown> },
  { name: 'cpu float32 (auto)', create: () => createCpuBackend({ precision: 32 }) as Backend<unknown> },
  {
    name: 'tfjs cpu',
    create: async () => {
      expect(await tf.setBackend('cpu')).toBe(true);
      return createTfjsBackend() as Backend<unknown>;
    },
  },
  { name: 'gpujs cpu mode', create: () => createGpujsBackend({ mode: 'cpu' }) as Backend<unknown> },
];

const problem = createToyProblem();
const DRAWS = 2000;
const TAU = 0.5;
const BITS = [0.4, -0.6, 1.1];
const bitLoss = (z: ArrayLike<number>): number => Array.from(z).reduce((s, v, i) => s + (v - 0.3 * i) ** 2, 0);
const bitGrad = (z: ArrayLike<number>): number[] => Array.from(z, (v, i) => 2 * (v - 0.3 * i));

type Make = <T>(backend: Backend<T>, seed: number) => AnyEstimator<T>;
interface Case {
  readonly label: string;
  readonly make: Make;
  readonly draw: <T>(estimator: AnyEstimator<T>, tau: number) => Promise<DrawSummary>;
  /** τ of the draws: 0.5, or 1.5 for ReinMax, which refuses τ < 1. */
  readonly tau: number;
}

const categorical = async <T>(estimator: AnyEstimator<T>, tau: number): Promise<DrawSummary> =>
  summarizeDraws(await drawGradients(estimator, problem, { tau, draws: DRAWS }), problem.k);
const bernoulli = async <T>(estimator: AnyEstimator<T>, tau: number): Promise<DrawSummary> =>
  summarizeDraws(await drawBernoulliGradients(estimator, BITS, bitLoss, bitGrad, { tau, draws: DRAWS }), BITS.length);

// Every estimator of the registry, with its default options, on its own kind of toy problem.
const CASES: readonly Case[] = ESTIMATORS.map((e) => ({
  label: e.id,
  make: (b, seed) => e.create(b, { seed }),
  draw: e.variable === 'categorical' ? categorical : bernoulli,
  tau: e.id === 'reinmax' ? 1.5 : TAU,
}));

const reference = createCpuBackend({ precision: 64 });
const referenceMeans = new Map<string, Promise<DrawSummary>>();
const referenceFor = (c: Case): Promise<DrawSummary> => {
  let summary = referenceMeans.get(c.label);
  if (summary === undefined) {
    summary = c.draw(c.make(reference, 61), c.tau);
    referenceMeans.set(c.label, summary);
  }
  return summary;
};

for (const { name, create } of BACKENDS) {
  describe(`estimators on ${name}`, async () => {
    const backend = await create();
    for (const c of CASES) {
      it(`${c.label}: same mean as cpu float64 within 4.5 SE`, async () => {
        let estimator: ReturnType<Make>;
        try {
          estimator = c.make(backend, 61);
        } catch (error) {
          // Refusal is the only acceptable way to not run: typed, and only for a missing capability.
          expect(error).toBeInstanceOf(UnsupportedOperationError);
          expect(Object.values(backend.supports)).toContain(false);
          return;
        }
        const summary = await c.draw(estimator, c.tau);
        for (const v of summary.mean) expect(Number.isFinite(v)).toBe(true);
        expect(worstTwoSampleZ(summary, await referenceFor(c))).toBeLessThanOrEqual(4.5);
      });

      it(`${c.label}: sampleSync/backwardSync equal sample/backward exactly`, async () => {
        let viaAsync: ReturnType<Make>;
        let viaSync: ReturnType<Make>;
        try {
          viaAsync = c.make(backend, 23);
          viaSync = c.make(backend, 23);
        } catch (error) {
          expect(error).toBeInstanceOf(UnsupportedOperationError);
          expect(Object.values(backend.supports)).toContain(false);
          return;
        }
        const isBernoulli = c.draw === bernoulli;
        const rows = 3;
        const width = isBernoulli ? BITS.length : problem.k;
        const row = isBernoulli ? BITS : Array.from(problem.logits);
        const logits = backend.fromArray(Array.from({ length: rows }, () => row).flat(), [rows, width]);
        for (let step = 0; step < 3; step++) {
          const a = await viaAsync.sample(logits, { tau: c.tau });
          const b = viaSync.sampleSync(logits, { tau: c.tau });
          const value = await backend.toArray(a.value);
          expect(Array.from(backend.toArraySync(b.value)), `step ${step}: values`).toEqual(Array.from(value));
          // An upstream that depends on the value: dL/dz for pathwise, one loss per sample row for
          // score-function, and those losses plus f and ∇f at each point for control-variate ones.
          const rowLosses = (x: ArrayLike<number>) =>
            Array.from({ length: x.length / width }, (_, r) => 1 + r + Array.from(x).slice(r * width, (r + 1) * width).reduce((s, v, j) => s + v * (j + 1), 0));
          const created: unknown[] = []; // tensors made for the upstreams, released below
          const tensor = (values: number[], shape: readonly number[]): unknown => {
            const t = backend.fromArray(values, shape);
            created.push(t);
            return t;
          };
          const makeUpstream = (): unknown => {
            if (viaAsync.kind === 'pathwise') return tensor(Array.from(value, (v, i) => Math.sin(i + 1) + 0.5 * v), backend.shapeOf(a.value));
            if (viaAsync.kind === 'score-function') return rowLosses(value);
            return {
              losses: rowLosses(value),
              atPoints: (a as unknown as ControlVariateSample<unknown>).points.map((p) => {
                const x = backend.toArraySync(p);
                return { losses: rowLosses(x), gradient: tensor(Array.from(x, (v, i) => Math.cos(i) - v), backend.shapeOf(p)) };
              }),
            };
          };
          const upA = makeUpstream();
          const upB = makeUpstream();
          const ga = await (a.backward as (u: unknown) => Promise<{ dLogits: unknown; dTau?: unknown }>)(upA);
          const gb = (b.backwardSync as (u: unknown) => { dLogits: unknown; dTau?: unknown })(upB);
          expect(Array.from(backend.toArraySync(gb.dLogits)), `step ${step}: dLogits`).toEqual(Array.from(await backend.toArray(ga.dLogits)));
          expect(gb.dTau === undefined).toBe(ga.dTau === undefined);
          if (ga.dTau !== undefined && gb.dTau !== undefined) {
            expect(Array.from(backend.toArraySync(gb.dTau)), `step ${step}: dTau`).toEqual(Array.from(await backend.toArray(ga.dTau)));
          }
          expect(viaSync.step).toBe(viaAsync.step);
          backend.dispose(...created);
          backend.dispose(a.value, b.value, ga.dLogits, gb.dLogits);
          for (const t of [ga.dTau, gb.dTau]) if (t !== undefined) backend.dispose(t);
          a.dispose();
          b.dispose();
        }
        backend.dispose(logits);
      });
    }
  });
}
