import { describe, expect, it } from 'vitest';
import { accuracyEntries, accuracySvg, type RunMetrics } from './accuracy-report.js';
import type { Method } from './objective.js';
import type { MetricsRow, TrainConfig } from './train.js';

const row = (step: number, seconds: number, testAccuracy: number, validAccuracy: number | null = null): MetricsRow => ({ step, seconds, testAccuracy, validAccuracy, loss: null, load1: 1 });
const run = (rows: MetricsRow[]): RunMetrics => ({ config: {} as TrainConfig, rows });

describe('accuracy report', () => {
  // Marginal is slower: in the same 60 s it makes 200 steps, Gumbel 500 (rows at budgets and every 100 steps).
  const runs = new Map<Method, RunMetrics>([
    ['marginal', run([row(0, 0, 0.1), row(100, 30, 0.5), row(200, 60.2, 0.6)])],
    ['st-gs', run([row(0, 0, 0.1), row(100, 12, 0.4), row(200, 24, 0.45), row(300, 36, 0.5), row(500, 60.1, 0.55)])],
  ]);

  it('compares at the largest step every run evaluated at, and at each run\'s end (the same training time)', () => {
    expect(accuracyEntries(runs)).toEqual([
      { method: 'marginal', comparison: 'same-steps', steps: 200, seconds: 60.2, testAccuracy: 0.6, validAccuracy: null },
      { method: 'st-gs', comparison: 'same-steps', steps: 200, seconds: 24, testAccuracy: 0.45, validAccuracy: null },
      { method: 'marginal', comparison: 'same-seconds', steps: 200, seconds: 60.2, testAccuracy: 0.6, validAccuracy: null },
      { method: 'st-gs', comparison: 'same-seconds', steps: 500, seconds: 60.1, testAccuracy: 0.55, validAccuracy: null },
    ]);
    expect(() => accuracyEntries(new Map())).toThrow(/runs/);
  });

  it('picks each run\'s best validation row (the earliest of ties), never looking at test accuracy', () => {
    const validated = new Map<Method, RunMetrics>([
      ['relaxed-gs', run([row(0, 0, 0.1, 0.1), row(100, 10, 0.9, 0.6), row(200, 20, 0.5, 0.7), row(300, 30, 0.4, 0.7)])],
    ]);
    expect(accuracyEntries(validated).filter((e) => e.comparison === 'best-validation')).toEqual([
      { method: 'relaxed-gs', comparison: 'best-validation', steps: 200, seconds: 20, testAccuracy: 0.5, validAccuracy: 0.7 },
    ]);
    expect(accuracyEntries(runs).some((e) => e.comparison === 'best-validation')).toBe(false);
  });

  it('plots one line per run and the paper\'s reference', () => {
    const svg = accuracySvg(runs, 'seconds', 'title');
    expect(svg.match(/<polyline/g)?.length).toBe(2);
    expect(svg).toContain('Kingma et al. M2 (88.0%)');
    // The baseline's line appears against steps only.
    const baseline = run([row(0, 0, 0.1), row(200, 5, 0.7)]);
    expect(accuracySvg(runs, 'step', 'title', baseline).match(/<polyline/g)?.length).toBe(3);
    expect(accuracySvg(runs, 'step', 'title', baseline)).toContain('labelled digits only');
    expect(accuracySvg(runs, 'seconds', 'title', baseline).match(/<polyline/g)?.length).toBe(2);
  });
});
