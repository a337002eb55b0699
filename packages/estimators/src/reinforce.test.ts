/**
 * REINFORCE is unbiased with every baseline, and the baselines lower its variance.
 * Statistical tolerances: with n draws the mean of each of the k = 10 components is within
 * z·SE of its expectation, SE = sd/√n (the estimator is bounded, so the CLT applies at these n,
 * and SE estimated from n ≥ 10 000 draws is within ~2% of the truth). We accept max_j |z_j| ≤ 4.5:
 * a false alarm has probability ≈ 10 · 6.8e-6 per check, and the seeds are fixed anyway.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '@gumbel/backend-cpu';
import { GumbelRangeError, GumbelTypeError } from '@gumbel/core';
import { drawGradients } from './diagnostics/draw-gradients.js';
import { summarizeDraws } from './diagnostics/statistics.js';
import { createToyProblem } from './diagnostics/toy-problem.js';
import { exactBernoulliGradient } from './exact-gradient.js';
import { createReinforce, createReinforceBernoulli } from './reinforce.js';
import type { ReinforceOptions } from './reinforce.js';
import { createStraightThroughGumbelSoftmax } from './gumbel-softmax.js';
import { drawBernoulliGradients, expectClose, refSoftmax, worstZ } from './test-support/helpers.js';

const backend = createCpuBackend({ precision: 64 });
const problem = createToyProblem();
const Z_BOUND = 4.5;

const CONFIGS: readonly [string, ReinforceOptions][] = [
  ['none, m = 1', {}],
  ['ema, m = 1', { baseline: 'ema' }],
  ['none, m = 4', { samples: 4 }],
  ['leave-one-out, m = 4', { baseline: 'leave-one-out', samples: 4 }],
];

describe('REINFORCE on the toy problem (k = 10)', () => {
  for (const [label, options] of CONFIGS) {
    it(`is unbiased (${label}): mean of 20 000 draws within ${Z_BOUND} SE of exactGradient`, async () => {
      const draws = await drawGradients(createReinforce(backend, { seed: 101, ...options }), problem, { draws: 20_000 });
      expect(worstZ(summarizeDraws(draws, problem.k), problem.exact)).toBeLessThanOrEqual(Z_BOUND);
    });
  }

  it('the same criterion rejects a biased estimator (ST-GS at τ = 0.5), so it has power at this n', async () => {
    const draws = await drawGradients(createStraightThroughGumbelSoftmax(backend, { seed: 101 }), problem, { tau: 0.5, draws: 20_000 });
    expect(worstZ(summarizeDraws(draws, problem.k), problem.exact)).toBeGreaterThan(Z_BOUND);
  });

  // Variances from n = 10 000 draws have a relative standard error of about √((κ − 1)/n) ≲ 5% for
  // these bounded draws (κ the kurtosis), so the factor-2 and factor-10 margins cannot come from noise.
  it('an EMA baseline lowers the variance against no baseline (m = 1), by more than 2×', async () => {
    const none = summarizeDraws(await drawGradients(createReinforce(backend, { seed: 7 }), problem, { draws: 10_000, warmupCalls: 5 }), problem.k);
    const ema = summarizeDraws(await drawGradients(createReinforce(backend, { seed: 7, baseline: 'ema' }), problem, { draws: 10_000, warmupCalls: 5 }), problem.k);
    expect(ema.totalVariance).toBeLessThan(0.5 * none.totalVariance);
  });

  it('a leave-one-out baseline lowers the variance against no baseline (m = 4), by more than 10×', async () => {
    const none = summarizeDraws(await drawGradients(createReinforce(backend, { seed: 8, samples: 4 }), problem, { draws: 10_000 }), problem.k);
    const loo = summarizeDraws(await drawGradients(createReinforce(backend, { seed: 8, samples: 4, baseline: 'leave-one-out' }), problem, { draws: 10_000 }), problem.k);
    expect(loo.totalVariance).toBeLessThan(0.1 * none.totalVariance);
  });
});

describe('REINFORCE mechanics', () => {
  it('leave-one-out: (1/m) Σ_s (f_s − mean of the others)(onehot(z_s) − softmax(θ)), from the sampled indices', async () => {
    const theta = [0.2, -0.1, 0.5];
    const estimator = createReinforce(backend, { seed: 3, samples: 3, baseline: 'leave-one-out' });
    const sample = await estimator.sample(backend.fromArray(theta, [1, 3]));
    const value = await backend.toArray(sample.value);
    expect(backend.shapeOf(sample.value)).toEqual([3, 3]);
    sample.indices.forEach((z, s) => expect(Array.from(value.subarray(s * 3, s * 3 + 3))).toEqual([0, 1, 2].map((j) => (j === z ? 1 : 0))));
    const f = [1, 4, 2];
    const p = refSoftmax(theta);
    const expected = [0, 0, 0];
    f.forEach((fs, s) => {
      const others = (f.reduce((a, b) => a + b, 0) - fs) / 2;
      for (let j = 0; j < 3; j++) expected[j] = (expected[j] as number) + ((fs - others) * ((sample.indices[s] === j ? 1 : 0) - (p[j] as number))) / 3;
    });
    expectClose(await backend.toArray((await sample.backward(f)).dLogits), expected, 1e-12);
    // A tensor of losses gives the same answer as host numbers.
    expectClose(await backend.toArray((await sample.backward(backend.fromArray(f, [3]))).dLogits), expected, 1e-12);
  });

  it('EMA: the sample uses the baseline before its own losses; b ← 0.9·b + 0.1·mean(f), once per sample', async () => {
    const estimator = createReinforce(backend, { seed: 4, baseline: 'ema', initialBaseline: 1 });
    const logits = backend.fromArray([0, 0, 0, 0, 1, 2], [2, 3]);
    const first = await estimator.sample(logits);
    expect(first.baselineValue).toBe(1);
    await first.backward([3, 5]);
    expect(estimator.baselineValue).toBeCloseTo(0.9 * 1 + 0.1 * 4, 14);
    await first.backward([3, 5]);
    expect(estimator.baselineValue).toBeCloseTo(1.3, 14);
    const second = await estimator.sample(logits);
    expect(second.baselineValue).toBeCloseTo(1.3, 14);
  });

  it('rejects bad options and bad losses with typed errors', async () => {
    expect(() => createReinforce(backend, { baseline: 'leave-one-out' })).toThrow(GumbelRangeError);
    expect(() => createReinforce(backend, { baseline: 'mean' as never })).toThrow(GumbelTypeError);
    expect(() => createReinforce(backend, { samples: 0 })).toThrow(/samples/);
    expect(() => createReinforce(backend, { decay: 1 })).toThrow(/decay/);
    const sample = await createReinforce(backend, { seed: 1, samples: 2 }).sample(backend.fromArray([0, 1], [1, 2]));
    await expect(sample.backward([1])).rejects.toThrow(GumbelTypeError);
    await expect(sample.backward([1, Number.NaN])).rejects.toThrow(/upstream\[1\] must be finite/);
  });
});

describe('REINFORCE for Bernoulli bits', () => {
  const logits = [0.3, -0.8, 1.2, 0];
  const f = (z: ArrayLike<number>): number => (Array.from(z).reduce((a, b) => a + b, 0) - 1.5) ** 2 + (z[0] as number) * (z[3] as number);
  const exact = exactBernoulliGradient(logits, f);

  for (const [label, options] of [
    ['no baseline', {}],
    ['leave-one-out, m = 3', { baseline: 'leave-one-out', samples: 3 }],
  ] as const) {
    it(`is unbiased against exactBernoulliGradient (${label}; 20 000 draws, ${Z_BOUND} SE)`, async () => {
      const draws = await drawBernoulliGradients(createReinforceBernoulli(backend, { seed: 21, ...options }), logits, f, () => [], { draws: 20_000 });
      expect(worstZ(summarizeDraws(draws, logits.length), exact)).toBeLessThanOrEqual(Z_BOUND);
    });
  }

  it('a −∞ logit is never on and gets gradient 0', async () => {
    const sample = await createReinforceBernoulli(backend, { seed: 2 }).sample(backend.fromArray([0.5, -Infinity, 0.5, -Infinity], [2, 2]));
    const bits = await backend.toArray(sample.value);
    expect([bits[1], bits[3]]).toEqual([0, 0]);
    const g = await backend.toArray((await sample.backward([2, 3])).dLogits);
    expect([g[1], g[3]]).toEqual([0, 0]);
  });
});

describe('REINFORCE draws with the backend exact sample', () => {
  /** The CPU backend with a count of the kernels called, to see which path the draw takes. */
  function counting() {
    const calls: string[] = [];
    const counted = new Proxy({ ...backend }, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(String(key));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    return { counted, calls };
  }

  it('gumbelMax, not straightThroughSample; with one sample per input the one-hot is not re-uploaded', async () => {
    const { counted, calls } = counting();
    const logits = backend.fromArray([0.5, -1, 2, -Infinity, 0, 1], [2, 3]);
    const sample = await createReinforce(counted, { seed: 5 }).sample(logits);
    expect(calls).toContain('gumbelMax');
    expect(calls).not.toContain('straightThroughSample');
    expect(calls).not.toContain('fromArray');
    // The value is the one-hot of the indices it reports, and equals the straight-through hard
    // sample drawn from the same stream (what REINFORCE drew before gumbelMax existed).
    const value = Array.from(await backend.toArray(sample.value));
    expect(value).toEqual(Array.from(sample.indices).flatMap((z) => [0, 1, 2].map((j) => (j === z ? 1 : 0))));
    const noise = backend.gumbelNoise([2, 3], 5);
    expect(value).toEqual(Array.from(backend.straightThroughSample({ logits, tau: 1, noise }).hard.data));
  });
});
