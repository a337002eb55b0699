/**
 * The float64 backend against core's row-wise float64 reference functions: same stream layout for
 * the conditional Gumbel noise, same values for log-softmax and the densities.
 */
import { describe, expect, it } from 'vitest';
import { CounterRng, concreteLogProb, conditionalGumbelNoise, expConcreteLogProb, binConcreteLogProb, logSoftmax } from '@gumbel/core';
import { createCpuBackend } from './index.js';

const cpu = createCpuBackend({ precision: 64 });
const rows = [
  [1.5, -Infinity, 0.2, -0.7, 12],
  [0, 0, 0, 0, 0],
  [-3, 40, -Infinity, 39.5, 2],
];
const k = 5;
const logits = cpu.fromArray(rows.flat(), [3, k]);

function close(a: number, b: number, rel = 1e-12): void {
  if (!Number.isFinite(b)) expect(a).toBe(b);
  else expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));
}

describe('agreement with @gumbel/core reference functions (float64)', () => {
  it('conditionalGumbelNoise: the batch kernel draws what core draws row by row from the same stream', () => {
    for (const index of [[0, 0, 1], [4, 2, 3], [2, 4, 0]]) {
      const batched = cpu.conditionalGumbelNoise(logits, cpu.fromArray(index, [3]), CounterRng.fromSeed(77));
      const rng = CounterRng.fromSeed(77);
      rows.forEach((row, b) => {
        const ref = conditionalGumbelNoise(row, index[b] as number, rng);
        ref.forEach((g, j) => close(batched.data[b * k + j] as number, g));
      });
    }
  });

  it('relaxed log-sample without noise is core logSoftmax(logits, τ)', () => {
    const tau = cpu.fromArray([0.3, 1, 7], [3]);
    const got = cpu.relaxedLogSample({ logits, tau });
    rows.forEach((row, b) => logSoftmax(row, tau.data[b]).forEach((v, j) => close(got.data[b * k + j] as number, v)));
  });

  it('Concrete, ExpConcrete and BinConcrete log-densities equal core’s', () => {
    const y = cpu.relaxedSample({ logits, tau: 2, noise: cpu.gumbelNoise([3, k], 3) });
    const x = cpu.relaxedLogSample({ logits, tau: 2, noise: cpu.gumbelNoise([3, k], 3) });
    const c = cpu.concreteLogProb({ logits, tau: 0.6, y });
    const e = cpu.expConcreteLogProb({ logits, tau: 0.6, x });
    rows.forEach((row, b) => {
      close(c.data[b] as number, concreteLogProb(y.data.subarray(b * k, (b + 1) * k), row, 0.6), 1e-11);
      close(e.data[b] as number, expConcreteLogProb(x.data.subarray(b * k, (b + 1) * k), row, 0.6), 1e-11);
    });
    const bl = [0.3, -2, 5, 0];
    const by = [0.5, 0.01, 0.999, 0.3];
    const got = cpu.binConcreteLogProb({ logits: cpu.fromArray(bl, [4]), tau: 0.4, y: cpu.fromArray(by, [4]) });
    bl.forEach((l, i) => close(got.data[i] as number, binConcreteLogProb(by[i] as number, l, 0.4), 1e-11));
  });
});
