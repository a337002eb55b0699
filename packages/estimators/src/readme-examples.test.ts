/** The README's two examples, as written there (imports adjusted to relative paths), with checks. */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '@gumbel/backend-cpu';
import { exponentialDecaySchedule } from '@gumbel/core';
import { createReinforce, createStraightThroughGumbelSoftmax, exactGradient } from './index.js';

describe('README examples', () => {
  it('straight-through Gumbel-Softmax with an annealed, learnable temperature', async () => {
    const backend = createCpuBackend({ precision: 32 });
    const tau = exponentialDecaySchedule({ initial: 1, rate: 1e-4, min: 0.5, every: 1000 });
    const st = createStraightThroughGumbelSoftmax(backend, { seed: 42, tau });

    const logits = backend.fromArray([2, 0.5, -1, 0.3, 0.3, 0.3], [2, 3]);
    const sample = await st.sample(logits);
    const z = await backend.toArray(sample.value);
    const dz = backend.fromArray(Array.from(z, (v) => 2 * (v - 0.5)), [2, 3]);
    const { dLogits, dTau } = await sample.backward(dz);

    expect(st.step).toBe(1);
    expect(sample.tau).toBe(1);
    expect(Array.from(z).filter((v) => v === 1)).toHaveLength(2);
    expect(backend.shapeOf(dLogits)).toEqual([2, 3]);
    expect(backend.shapeOf(dTau!)).toEqual([]);
  });

  it('REINFORCE with a leave-one-out baseline agrees with exactGradient to about ±0.01', async () => {
    const backend = createCpuBackend({ precision: 64 });
    const reinforce = createReinforce(backend, { seed: 7, samples: 4, baseline: 'leave-one-out' });
    const f = (classIndex: number) => (classIndex - 1) ** 2;

    const theta = [0.5, -0.2, 1];
    const logits = backend.fromArray(theta, [1, 3]);
    const mean = [0, 0, 0];
    for (let i = 0; i < 1000; i++) {
      const sample = await reinforce.sample(logits);
      const { dLogits } = await sample.backward(Array.from(sample.indices, f));
      (await backend.toArray(dLogits)).forEach((g, j) => (mean[j] = (mean[j] as number) + g / 1000));
    }
    // Each component's per-draw sd is ≤ 0.14 here (measured over 500 draws), so 1000 draws give
    // SE ≤ 0.0045 and 0.02 is a 4.5-SE bound.
    const exact = exactGradient(theta, f);
    mean.forEach((m, j) => expect(Math.abs(m - (exact[j] as number))).toBeLessThan(0.02));
  });
});
