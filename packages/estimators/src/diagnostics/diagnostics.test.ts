import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '@gumbel/backend-cpu';
import { GumbelRangeError } from '@gumbel/core';
import { createReinforce } from '../reinforce.js';
import { BERNOULLI_REPORT_ESTIMATORS, REPORT_ESTIMATORS, biasVarianceReport, formatReportTable } from './bias-variance.js';
import { drawGradients } from './draw-gradients.js';
import { compareToExact, summarizeDraws } from './statistics.js';
import { renderReportSvg } from './svg-plot.js';
import { createBernoulliToyProblem, createToyProblem } from './toy-problem.js';

describe('draw summaries', () => {
  it('mean, n − 1 variance, trace and standard error by hand', () => {
    // Two components, three draws: (1, 0), (2, 0), (3, 3).
    const s = summarizeDraws(Float64Array.from([1, 0, 2, 0, 3, 3]), 2);
    expect(Array.from(s.mean)).toEqual([2, 1]);
    expect(Array.from(s.variance)).toEqual([1, 3]);
    expect(s.totalVariance).toBe(4);
    expect(s.standardError[1]).toBeCloseTo(1, 15);
    const b = compareToExact(s, [2, 0]);
    expect(b.cosine).toBeCloseTo(2 / Math.sqrt(5), 15);
    expect(b.relativeL2).toBeCloseTo(0.5, 15);
    expect(b.noiseFloor).toBeCloseTo(Math.sqrt(4 / 3) / 2, 15);
  });
});

describe('toy problem', () => {
  it('is the documented one: θ evenly spaced in [−1, 1], t from 0.9 to 0.1, exact gradient summing to 0', () => {
    const p = createToyProblem();
    expect(p.k).toBe(10);
    expect(p.logits[0]).toBe(-1);
    expect(p.logits[9]).toBe(1);
    expect(p.target[0]).toBeCloseTo(0.9, 15);
    expect(p.target[9]).toBeCloseTo(0.1, 15);
    expect(p.loss([1, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toBeCloseTo(0.01 + Array.from(p.target.slice(1)).reduce((s, t) => s + t * t, 0), 14);
    expect(Math.abs(p.exact.reduce((s, v) => s + v, 0))).toBeLessThan(1e-15);
  });

  it('Bernoulli: about 4 of 8 bits are on but f wants 2, so raising any logit raises E[f] (all gradients > 0)', () => {
    const p = createBernoulliToyProblem();
    expect(p.k).toBe(8);
    expect(p.loss([1, 1, 0, 0, 0, 0, 0, 0])).toBe(0);
    expect(p.loss([1, 1, 1, 1, 1, 0, 0, 0])).toBe(9);
    for (const g of p.exact) expect(g).toBeGreaterThan(0);
  });

  it('drawGradients rejects a draw count that is not a multiple of the chunk', async () => {
    await expect(drawGradients(createReinforce(createCpuBackend(), { seed: 1 }), createToyProblem(), { draws: 750 })).rejects.toThrow(GumbelRangeError);
  });
});

describe('bias/variance report (smoke run of the command’s code path)', () => {
  it('measures every estimator at every τ, repeats τ-free rows, and renders a table and an SVG', async () => {
    const report = await biasVarianceReport(createCpuBackend({ precision: 64 }), { draws: 500, taus: [0.5, 1] });
    expect(report.rows).toHaveLength(REPORT_ESTIMATORS.length * 2);
    const reinforce = report.rows.filter((r) => r.estimator === 'reinforce');
    expect(reinforce[0]?.totalVariance).toBe(reinforce[1]?.totalVariance);
    for (const row of report.rows) {
      expect(Number.isFinite(row.cosine) && Number.isFinite(row.relativeL2) && row.totalVariance > 0).toBe(true);
    }
    expect(JSON.parse(JSON.stringify(report)).rows).toHaveLength(report.rows.length);
    const table = formatReportTable(report);
    expect(table.split('\n')).toHaveLength(2 + REPORT_ESTIMATORS.filter((e) => e.usesTau).length * 2 + REPORT_ESTIMATORS.filter((e) => !e.usesTau).length);
    // ReinMax (minTau 1) is measured at τ = 0.5 with its check lifted, and marked as outside its range there only.
    expect(report.rows.filter((r) => r.belowMinTau).map((r) => `${r.estimator} ${r.tau}`)).toEqual(['reinmax 0.5']);
    expect(table).toContain('| reinmax | 0.5 (below its min. τ) |');
    expect(table).toContain('| reinmax | 1 |');
    const svg = renderReportSvg(report);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(svg.match(/<path /g)).toHaveLength(REPORT_ESTIMATORS.length * 2);
  });

  it('runs the Bernoulli estimators on the Bernoulli toy problem', async () => {
    const report = await biasVarianceReport(createCpuBackend({ precision: 64 }), { draws: 500, taus: [0.5], problem: createBernoulliToyProblem(), estimators: BERNOULLI_REPORT_ESTIMATORS });
    expect(report.rows.map((r) => r.estimator)).toEqual(BERNOULLI_REPORT_ESTIMATORS.map((e) => e.label));
    expect(report.problem.description).toMatch(/^Bernoulli, d = 8/);
    for (const row of report.rows) expect(row.cosine).toBeGreaterThan(0.9);
  });
});
