import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '@gumbel/mnist-shared/node';
import { GumbelRangeError } from '@gumbel/core';
import { measureSpeedup, randomLabels } from './speedup.js';
import { speedupSvg, PAPER_SPEEDUP } from './speedup-svg.js';

beforeAll(async () => {
  await useBackend('cpu');
});

// No timings are asserted here: speed lives in the measurement script (speedup-cli), not in tests.
describe('speed-up measurement', () => {
  it('refuses k below 2 and a non-positive budget before touching tfjs', async () => {
    const base = { ks: [10], seconds: 1, rounds: 1, batch: 2, labelledBatch: 2, gumbelMethod: 'relaxed-gs' } as const;
    await expect(measureSpeedup({ ...base, ks: [1] })).rejects.toThrow(GumbelRangeError);
    await expect(measureSpeedup({ ...base, ks: [1] })).rejects.toThrow(/k.*1/);
    await expect(measureSpeedup({ ...base, seconds: 0 })).rejects.toThrow(/seconds/);
  });

  it('labels the labelled minibatch at random over all k classes, as the paper timed it', () => {
    // 20,000 labels on k = 100: each class expects 200 (s.d. ≈ 14); every class must occur, none may exceed 300.
    const t = randomLabels(20_000, 100, 4);
    const counts = new Array<number>(100).fill(0);
    for (const v of t.dataSync()) counts[v]! += 1;
    t.dispose();
    expect(Math.min(...counts)).toBeGreaterThan(100);
    expect(Math.max(...counts)).toBeLessThan(300);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(20_000);
  });

  it('plots one point per k and the paper\'s quoted points', () => {
    const cells = [10, 20].map((k) => ({ k, marginalStepsPerSec: 1, gumbelStepsPerSec: k / 5, ratio: k / 5, marginalSteps: 1, gumbelSteps: 1 }));
    const svg = speedupSvg(cells, 'title');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<title>k = /g)?.length).toBe(2);
    expect(svg).toContain('k = 20: 4.00×');
    expect(svg.match(/fill="none" stroke="#d62728"/g)?.length).toBe(PAPER_SPEEDUP.length + 1); // + the legend's marker
  });
});
