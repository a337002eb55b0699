/** Options every estimator shares: seeds, τ (number, per-row tensor, schedule), steps, capabilities, bad input. */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '@gumbel/backend-cpu';
import { CounterRng, GumbelRangeError, GumbelTypeError, UnsupportedOperationError, exponentialDecaySchedule } from '@gumbel/core';
import type { Backend } from '@gumbel/core';
import { createRelaxedBernoulli, createStraightThroughBernoulli } from './bernoulli-pathwise.js';
import { createGumbelRao } from './gumbel-rao.js';
import { createReinMax } from './reinmax.js';
import { createReinforce, createReinforceBernoulli } from './reinforce.js';
import { createRelaxedGumbelSoftmax, createStraightThroughGumbelSoftmax } from './gumbel-softmax.js';
import { expectClose, refSoftmax } from './test-support/helpers.js';

const backend = createCpuBackend({ precision: 64 });
const logits = backend.fromArray([0.5, -0.2, 1, 0, 0.3, -1], [2, 3]);
const read = async (t: unknown): Promise<number[]> => Array.from(await backend.toArray(t as never));

const TAU_ESTIMATORS = {
  'relaxed-gumbel-softmax': createRelaxedGumbelSoftmax,
  'straight-through-gumbel-softmax': createStraightThroughGumbelSoftmax,
  'gumbel-rao': createGumbelRao,
  // ReinMax refuses τ < 1 by default (reinmax.test.ts); these generic checks use τ below 1 too.
  reinmax: <T>(b: Backend<T>, o: Parameters<typeof createReinMax<T>>[1] = {}) => createReinMax(b, { ...o, allowTauBelowOne: true }),
  'relaxed-bernoulli': createRelaxedBernoulli,
  'straight-through-bernoulli': createStraightThroughBernoulli,
} as const;

describe('seeds', () => {
  for (const [name, create] of Object.entries({ ...TAU_ESTIMATORS, reinforce: createReinforce, 'reinforce-bernoulli': createReinforceBernoulli })) {
    it(`${name}: the same seed gives the same samples; the stream advances between calls`, async () => {
      const a = (create as typeof createRelaxedGumbelSoftmax)(backend, { seed: 0 });
      const b = (create as typeof createRelaxedGumbelSoftmax)(backend, { seed: 0 });
      expect(a.name).toBe(name);
      const a1 = await read((await a.sample(logits)).value);
      expect(await read((await b.sample(logits)).value)).toEqual(a1);
      const values = new Set<string>();
      for (let i = 0; i < 6; i++) values.add(JSON.stringify(await read((await a.sample(logits)).value)));
      expect(values.size).toBeGreaterThan(1);
    });
  }

  it('a per-call seed or CounterRng overrides the estimator stream without advancing it', async () => {
    const est = createRelaxedGumbelSoftmax(backend, { seed: 1 });
    const fromSeed = await read((await est.sample(logits, { seed: 99 })).value);
    expect(await read((await est.sample(logits, { seed: CounterRng.fromSeed(99) })).value)).toEqual(fromSeed);
    const fresh = createRelaxedGumbelSoftmax(backend, { seed: 1 });
    expect(await read((await est.sample(logits)).value)).toEqual(await read((await fresh.sample(logits)).value));
  });
});

describe('temperature', () => {
  it('a schedule from core is evaluated at the estimator’s step, or at options.step', async () => {
    const schedule = exponentialDecaySchedule({ initial: 2, rate: 0.5, min: 0.25 });
    const est = createRelaxedGumbelSoftmax(backend, { seed: 3, tau: schedule });
    const taus: unknown[] = [];
    for (let i = 0; i < 4; i++) taus.push((await est.sample(logits)).tau);
    expect(taus).toEqual([0, 1, 2, 3].map(schedule));
    expect(est.step).toBe(4);
    expect((await est.sample(logits, { step: 100 })).tau).toBe(0.25);
    expect(est.step).toBe(5);
  });

  for (const [name, create] of Object.entries(TAU_ESTIMATORS)) {
    it(`${name}: takes a schedule and a per-row τ tensor; rejects τ ≤ 0 and a wrongly shaped τ`, async () => {
      const make = create as typeof createRelaxedGumbelSoftmax;
      const scheduled = await make(backend, { seed: 1, tau: () => 0.7 }).sample(logits);
      expect(scheduled.tau).toBe(0.7);
      const perRow = backend.fromArray([0.5, 2], [2]);
      expect((await make(backend, { seed: 1 }).sample(logits, { tau: perRow })).tau).toBe(perRow);
      await expect(make(backend).sample(logits, { tau: 0 })).rejects.toThrow(GumbelRangeError);
      await expect(make(backend, { tau: () => -1 }).sample(logits)).rejects.toThrow(/tau\(0\) must be finite and > 0/);
      await expect(make(backend).sample(logits, { tau: backend.fromArray([1, 1, 1], [3]) })).rejects.toThrow(GumbelTypeError);
    });
  }

  it('a rejected call does not advance the step counter', async () => {
    const est = createStraightThroughGumbelSoftmax(backend, { seed: 1 });
    await expect(est.sample(logits, { tau: Number.NaN })).rejects.toThrow(GumbelRangeError);
    await expect(est.sample(logits, { step: -1 })).rejects.toThrow(/options.step/);
    expect(est.step).toBe(0);
  });
});

describe('shapes, capabilities and arguments', () => {
  it('categorical estimators need [batch, k] logits', async () => {
    const flat = backend.fromArray([1, 2, 3], [3]);
    for (const make of [createRelaxedGumbelSoftmax, createStraightThroughGumbelSoftmax, createGumbelRao, createReinMax, createReinforce]) {
      await expect((make as typeof createRelaxedGumbelSoftmax)(backend).sample(flat)).rejects.toThrow(/\[batch, k\]/);
    }
  });

  it('Bernoulli estimators take any rank ≥ 1', async () => {
    const cube = backend.fromArray([0.1, -0.3, 2, 0, 1, -1, 0.5, 0.2], [2, 2, 2]);
    const sample = await createRelaxedBernoulli(backend, { seed: 1 }).sample(cube);
    expect(backend.shapeOf(sample.value)).toEqual([2, 2, 2]);
    const { dLogits, dTau } = await sample.backward(backend.fromArray(new Array(8).fill(1), [2, 2, 2]));
    expect(backend.shapeOf(dLogits)).toEqual([2, 2, 2]);
    expect(backend.shapeOf(dTau as never)).toEqual([]);
    const r = await createReinforceBernoulli(backend, { seed: 1, samples: 2 }).sample(cube);
    expect(backend.shapeOf(r.value)).toEqual([4, 2, 2]);
  });

  it('a backend without a needed capability is refused when the estimator is made, naming it', () => {
    const without = (flag: string): Backend<unknown> => ({ ...backend, name: 'limited', supports: { ...backend.supports, [flag]: false } }) as Backend<unknown>;
    expect(() => createRelaxedGumbelSoftmax(without('gradients'))).toThrow(UnsupportedOperationError);
    expect(() => createStraightThroughBernoulli(without('bernoulli'))).toThrow(/bernoulli/);
    expect(() => createReinforce(without('seededNoise'))).toThrow(/seededNoise/);
    expect(() => createRelaxedGumbelSoftmax(undefined as never)).toThrow(GumbelTypeError);
  });

  it('bad seeds and options are typed errors', async () => {
    expect(() => createRelaxedGumbelSoftmax(backend, { seed: -1 })).toThrow(GumbelRangeError);
    expect(() => createRelaxedGumbelSoftmax(backend, { seed: '1' as never })).toThrow(GumbelTypeError);
    expect(() => createGumbelRao(backend, { samples: 1.5 })).toThrow(/samples/);
    await expect(createRelaxedGumbelSoftmax(backend).sample(logits, 5 as never)).rejects.toThrow(GumbelTypeError);
  });

  it('relaxed value rows are softmax((θ + g)/τ): on the simplex, ordered like θ + g', async () => {
    const sample = await createRelaxedGumbelSoftmax(backend, { seed: 12 }).sample(logits, { tau: 0.3 });
    const y = await read(sample.value);
    const g = await read(backend.gumbelNoise([2, 3], 12));
    const th = await read(logits);
    for (let b = 0; b < 2; b++) expectClose(y.slice(b * 3, b * 3 + 3), refSoftmax([0, 1, 2].map((j) => (th[b * 3 + j] as number) + (g[b * 3 + j] as number)), 0.3), 1e-12);
  });
});
