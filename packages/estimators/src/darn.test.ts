/**
 * DARN: the categorical form (gᵀ(z − ū))(onehot(z) − π) reduces to Gregor et al.'s binary
 * f'(b)(b − ½)(b − σ) at k = 2, is unbiased for linear f and biased otherwise. Statistical
 * criterion as in muprop.test.ts: 20 000 draws, max_j |z_j| ≤ 4.5 (family-wise false alarm ≈ 7e-5).
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '@gumbel/backend-cpu';
import { GumbelTypeError } from '@gumbel/core';
import { createDarn } from './darn.js';
import { drawGradients } from './diagnostics/draw-gradients.js';
import { summarizeDraws } from './diagnostics/statistics.js';
import { expectClose, refSigmoid, worstZ } from './test-support/helpers.js';
import { linearProblem, weightedSquaresProblem } from './test-support/problems.js';

const backend = createCpuBackend({ precision: 64 });

describe('DARN', () => {
  it('k = 2 with logits (0, θ) is the binary DARN estimator f′(b)(b − ½)(b − σ(θ)) on the logit θ', async () => {
    const thetas = [0.7, -1.3, 0.1];
    const logits = backend.fromArray(thetas.flatMap((t) => [0, t]), [3, 2]);
    const sample = await createDarn(backend, { seed: 4 }).sample(logits);
    const z = await backend.toArray(sample.value);
    const dy = [0.5, 2, -1, 0.25, 3, 3.5]; // g₀, g₁ per row: the bit's f′(b) is g₁ − g₀
    const g = await backend.toArray((await sample.backward(backend.fromArray(dy, [3, 2]))).dLogits);
    thetas.forEach((t, r) => {
      const bit = z[2 * r + 1] as number;
      const fPrime = (dy[2 * r + 1] as number) - (dy[2 * r] as number);
      const binary = fPrime * (bit - 0.5) * (bit - refSigmoid(t));
      expectClose([g[2 * r + 1] as number, g[2 * r] as number], [binary, -binary], 1e-12, `row ${r}`);
    });
  });

  it('is unbiased for a linear loss (20 000 draws within 4.5 SE)', async () => {
    const problem = linearProblem([0.2, -1, 0.7, 0, 1.5], [1, -2, 0.5, 3, 0]);
    const s = summarizeDraws(await drawGradients(createDarn(backend, { seed: 8 }), problem, { draws: 20_000 }), problem.k);
    expect(worstZ(s, problem.exact)).toBeLessThanOrEqual(4.5);
  });

  it('is biased when f′ at the sample is not a difference of f values (f = Σ w_i z_i²)', async () => {
    const problem = weightedSquaresProblem([0.3, -0.5, 1, 0.1, -1.2], [2, -1, 0.5, 3, 1]);
    const s = summarizeDraws(await drawGradients(createDarn(backend, { seed: 8 }), problem, { draws: 20_000 }), problem.k);
    expect(worstZ(s, problem.exact)).toBeGreaterThan(4.5);
  });

  it('masked classes are never sampled, get gradient 0, and do not count in the centre ū', async () => {
    const sample = await createDarn(backend, { seed: 2 }).sample(backend.fromArray([0.3, -Infinity, 1], [1, 3]));
    const z = Array.from(await backend.toArray(sample.value));
    expect(z[1]).toBe(0);
    const dy = [1, 100, 4];
    const g = Array.from(await backend.toArray((await sample.backward(backend.fromArray(dy, [1, 3]))).dLogits));
    expect(g[1]).toBe(0);
    const i = z.indexOf(1);
    const signal = (dy[i] as number) - 2.5; // ū over classes 0 and 2 only
    const p2 = 1 / (1 + Math.exp(-0.7));
    expectClose(g, [signal * ((i === 0 ? 1 : 0) - (1 - p2)), 0, signal * ((i === 2 ? 1 : 0) - p2)], 1e-12);
  });

  it('refuses an upstream of the wrong shape', async () => {
    const sample = await createDarn(backend, { seed: 2 }).sample(backend.fromArray([0.3, 0, 1], [1, 3]));
    await expect(sample.backward(backend.fromArray([1, 2], [1, 2]))).rejects.toThrow(GumbelTypeError);
  });
});
