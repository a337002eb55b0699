/**
 * Panel 3, the estimator lab: every estimator of @gumbel/estimators on the package's toy problem
 * (k = 10, quadratic loss, exact gradient by enumeration), measured from n seeded gradient draws at
 * the chosen τ: relative bias ‖mean − exact‖/‖exact‖ next to the noise floor it cannot be told from,
 * and the total variance. Score-function estimators (REINFORCE) have no τ: their bars stay put.
 */
import { UnsupportedOperationError } from '@gumbel/core';
import type { BiasVarianceReport } from '@gumbel/estimators';
import { Chart, oneTwoFive } from './charts.js';
import { el, logSlider, stat } from './dom.js';
import { createPanelShell } from './panel-shell.js';

export function createEstimatorPanel(): void {
  const tau = logSlider({ id: 'estimators-tau', label: 'τ', min: 0.05, max: 10, value: 0.5, onInput: () => shell.request() });
  const draws = el('select', { 'data-testid': 'estimators-draws', 'aria-label': 'draws' });
  for (const n of [500, 1000, 5000]) draws.append(el('option', { value: String(n) }, `${n.toLocaleString('en')} draws per estimator`));
  draws.value = '1000';
  draws.addEventListener('change', () => shell.request());
  const problemText = el('p', { class: 'blurb', 'data-testid': 'estimators-problem' });
  const table = el('table', { class: 'numbers', 'data-testid': 'estimators-table' });
  const stats = el('dl', { class: 'stats' });
  const unsupported = el('p', { class: 'blurb', 'data-testid': 'estimators-unsupported' });
  const biasCanvas = el('canvas', { 'data-testid': 'estimators-bias' });
  const varianceCanvas = el('canvas', { 'data-testid': 'estimators-variance' });

  const barChart = (canvas: HTMLCanvasElement, title: string, axis: string, log: boolean): Chart<'bar', number[], string> =>
    new Chart(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        indexAxis: 'y',
        scales: {
          x: { type: log ? 'logarithmic' : 'linear', title: { display: true, text: axis }, ...(log ? { ticks: { callback: (v) => oneTwoFive(Number(v)) } } : { min: 0 }) },
        },
        plugins: { title: { display: true, text: title } },
      },
    });
  const biasChart = barChart(biasCanvas, 'Bias (relative to the exact gradient)', '‖E[ĝ] − ∇‖ / ‖∇‖', false);
  const varianceChart = barChart(varianceCanvas, 'Variance of one gradient draw', 'total variance Σᵢ Var(ĝᵢ) (log scale)', true);

  const shell = createPanelShell({
    id: 'estimators',
    title: '3 · Estimator lab',
    blurb:
      'Each estimator gives an estimate ĝ of ∇θ E[f(z)]; the exact gradient comes from enumerating the 10 classes. Pathwise estimators (relaxed, straight-through, Gumbel-Rao, ReinMax) trade bias for variance through τ; REINFORCE is unbiased at any τ but noisy, less so with a baseline.',
    render: async ({ demo, timed }) => {
      const estimators = await import('@gumbel/estimators');
      const t = tau.value();
      const n = Number(draws.value);
      // One estimator at a time, so one the backend cannot run (e.g. Gumbel-Rao needs
      // supports.conditionalGumbel) is listed as unsupported instead of sinking the whole panel.
      const reports: BiasVarianceReport[] = [];
      const skipped: string[] = [];
      await timed(`${estimators.REPORT_ESTIMATORS.length} estimators × ${n} draws`, async () => {
        for (const entry of estimators.REPORT_ESTIMATORS) {
          try {
            reports.push(await estimators.biasVarianceReport(demo.backend, { taus: [t], draws: n, seed: 11, estimators: [entry] }));
          } catch (error) {
            if (!(error instanceof UnsupportedOperationError)) throw error;
            skipped.push(`${entry.label}: ${error.message}`);
          }
        }
      });
      const report = reports[0];
      if (report === undefined) throw new Error(`no estimator runs on this backend (${skipped.join('; ')})`);
      const rows = reports.flatMap((r) => r.rows);
      unsupported.textContent = skipped.length === 0 ? '' : `Not run on this backend: ${skipped.join('; ')}`;
      problemText.textContent = `Toy problem: ${report.problem.description}.`;
      const labels = rows.map((r) => r.estimator);
      const colour = (usesTau: boolean): string => (usesTau ? '#29335c' : '#e4572e');
      biasChart.data.labels = labels;
      biasChart.data.datasets = [
        { label: 'relative bias', data: rows.map((r) => r.relativeL2), backgroundColor: rows.map((r) => colour(r.usesTau)) },
        { label: 'noise floor (bias it cannot tell from 0)', data: rows.map((r) => r.noiseFloor), backgroundColor: 'rgba(150, 150, 150, 0.6)' },
      ];
      biasChart.update();
      varianceChart.data.labels = labels;
      varianceChart.data.datasets = [
        { label: 'total variance (blue: depends on τ, red: score function)', data: rows.map((r) => r.totalVariance), backgroundColor: rows.map((r) => colour(r.usesTau)) },
      ];
      varianceChart.update();
      table.replaceChildren(
        el('tr', {}, ...['estimator', 'uses τ', 'samples / gradient', 'cosine', 'rel. bias', 'noise floor', 'total variance'].map((h) => el('th', {}, h))),
        ...rows.map((r) =>
          el(
            'tr',
            { 'data-estimator': r.estimator },
            el('td', {}, r.estimator),
            el('td', {}, r.usesTau ? 'yes' : 'no'),
            el('td', {}, String(r.samplesPerGradient)),
            el('td', {}, r.cosine.toFixed(3)),
            el('td', { 'data-col': 'bias' }, r.relativeL2.toFixed(4)),
            el('td', { 'data-col': 'floor' }, r.noiseFloor.toFixed(4)),
            el('td', { 'data-col': 'variance' }, r.totalVariance.toPrecision(4)),
          ),
        ),
      );
      const exact = report.problem.exactGradient;
      stats.replaceChildren(...stat('exact-norm', '‖∇‖ (exact, by enumeration)', Math.hypot(...exact).toPrecision(4)), ...stat('tau', 'τ', t.toPrecision(3)));
    },
  });
  shell.controls.append(tau.element, draws);
  shell.body.append(
    el('div', { class: 'chart wide' }, biasCanvas),
    el('div', { class: 'chart wide' }, varianceCanvas),
    el('div', { class: 'side' }, problemText, stats, el('div', { class: 'scroll-x' }, table), unsupported),
  );
  shell.request();
}
