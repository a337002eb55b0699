import { describe, expect, it } from 'vitest';
import { GumbelRangeError } from '@gumbel/core';
import { measureSpeedup } from './speedup.js';
import { speedupSvg, PAPER_SPEEDUP } from './speedup-svg.js';

// No timings are asserted here: speed lives in the measurement script (speedup-cli), not in tests.
describe('speed-up measurement', () => {
  it('refuses k below MNIST\'s 10 classes and a non-positive budget before touching tfjs', async () => {
    const base = { ks: [10], seconds: 1, rounds: 1, batch: 2, labelledBatch: 2, gumbelMethod: 'relaxed-gs' } as const;
    await expect(measureSpeedup({ ...base, ks: [5] })).rejects.toThrow(GumbelRangeError);
    await expect(measureSpeedup({ ...base, ks: [5] })).rejects.toThrow(/k.*5/);
    await expect(measureSpeedup({ ...base, seconds: 0 })).rejects.toThrow(/seconds/);
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
