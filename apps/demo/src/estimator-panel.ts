/**
 * Panel 3, the estimator lab: every estimator of @gumbel/estimators on the package's toy problems —
 * categorical (k = 10) or Bernoulli (d = 8 bits), one at a time — measured from n seeded gradient
 * draws at the chosen τ against the exact gradient by enumeration: relative bias
 * ‖mean − exact‖/‖exact‖ next to the noise floor it cannot be told from, and the total variance.
 * Which estimators run comes from the registry (estimator-compute.ts), so a new one appears here
 * without an edit. Score-function estimators have no τ: their bars stay put.
 */
import { Chart, oneTwoFive } from './charts.js';
import { el, logSlider, stat } from './dom.js';
import type { LabResult, NotInLab } from './estimator-compute.js';
import { createPanelShell } from './panel-shell.js';

/** The list under the table: every estimator of the chosen variable that has no row, and why. */
function missingItems(result: LabResult, notInLab: readonly NotInLab[]): HTMLElement[] {
  const item = (kind: string, prefix: string) => (m: NotInLab) => el('li', { 'data-id': m.id, 'data-reason': kind }, `${prefix} ${m.label}: ${m.reason}`);
  return [
    ...result.skipped.map(item('backend', 'Not run on this backend —')),
    ...notInLab.map(item('lab', 'Not in the lab —')),
    ...result.failed.map(item('failed', 'Failed —')),
  ];
}

export function createEstimatorPanel(): void {
  const tau = logSlider({ id: 'estimators-tau', label: 'τ', min: 0.05, max: 10, value: 0.5, onInput: () => shell.request() });
  const draws = el('select', { 'data-testid': 'estimators-draws', 'aria-label': 'draws' });
  for (const n of [500, 1000, 5000]) draws.append(el('option', { value: String(n) }, `${n.toLocaleString('en')} draws per estimator`));
  draws.value = '1000';
  draws.addEventListener('change', () => shell.request());
  // Filled from the registry's variables on the first run (the estimators load lazily).
  const variable = el('select', { 'data-testid': 'estimators-variable', 'aria-label': 'toy problem' });
  variable.addEventListener('change', () => shell.request());
  const problemText = el('p', { class: 'blurb', 'data-testid': 'estimators-problem' });
  const table = el('table', { class: 'numbers', 'data-testid': 'estimators-table' });
  const stats = el('dl', { class: 'stats' });
  const unsupported = el('ul', { class: 'blurb', 'data-testid': 'estimators-unsupported' });
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
      'Each estimator gives an estimate ĝ of ∇θ E[f(z)]; the exact gradient comes from enumerating the outcomes (the 10 classes, or the 2⁸ bit patterns of the Bernoulli problem). Pathwise estimators (relaxed, straight-through, Gumbel-Rao, ReinMax) trade bias for variance through τ; score-function ones (REINFORCE, DisARM, ARMS, VIMCO) are unbiased at any τ but noisy, less so with a baseline or antithetic draws.',
    render: async ({ demo, timed }) => {
      const lab = await import('./estimator-compute.js');
      if (variable.options.length === 0) {
        for (const v of lab.labVariables()) variable.append(el('option', { value: v }, `${v} toy problem`));
        variable.value = 'categorical';
      }
      const plan = lab.labPlan(variable.value);
      const t = tau.value();
      const n = Number(draws.value);
      const result = await timed(`${plan.entries.length} ${plan.variable} estimators × ${n} draws`, () => lab.runLab(demo.backend, plan, { tau: t, draws: n, seed: 11 }));
      // Estimators to run and none ran: the backend is the problem, an error state. A variable with
      // nothing the lab can run (no toy problem, unknown kinds) is shown with its reasons instead.
      if (result.rows.length === 0 && plan.entries.length > 0) {
        throw new Error(`no ${plan.variable} estimator runs on this backend (${[...result.skipped, ...result.failed].map((m) => `${m.label}: ${m.reason}`).join('; ')})`);
      }
      const rows = result.rows.map((r) => r.row);
      unsupported.replaceChildren(...missingItems(result, plan.notInLab));
      problemText.textContent = result.problem === undefined ? `No toy problem for ${plan.variable} estimators in the lab.` : `Toy problem: ${result.problem.description}.`;
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
        { label: 'total variance (blue: depends on τ, red: no τ)', data: rows.map((r) => r.totalVariance), backgroundColor: rows.map((r) => colour(r.usesTau)) },
      ];
      varianceChart.update();
      table.replaceChildren(
        el('tr', {}, ...['estimator', 'uses τ', 'samples / gradient', 'cosine', 'rel. bias', 'noise floor', 'total variance'].map((h) => el('th', {}, h))),
        ...result.rows.map(({ id, row: r }) =>
          el(
            'tr',
            { 'data-estimator': r.estimator, 'data-id': id },
            el('td', {}, r.estimator),
            el('td', {}, r.usesTau ? 'yes' : 'no'),
            // NaN: a registry estimator run with its own default number of samples, which the registry does not state.
            el('td', {}, Number.isNaN(r.samplesPerGradient) ? 'its default' : String(r.samplesPerGradient)),
            el('td', {}, r.cosine.toFixed(3)),
            el('td', { 'data-col': 'bias' }, r.relativeL2.toFixed(4)),
            el('td', { 'data-col': 'floor' }, r.noiseFloor.toFixed(4)),
            el('td', { 'data-col': 'variance' }, r.totalVariance.toPrecision(4)),
          ),
        ),
      );
      const exact = result.problem?.exactGradient ?? [];
      stats.replaceChildren(
        ...stat('exact-norm', '‖∇‖ (exact, by enumeration)', Math.hypot(...exact).toPrecision(4)),
        ...stat('exact', '∇θ E[f(z)] (exact)', exact.map((g) => g.toPrecision(4)).join(', ')),
        ...stat('tau', 'τ', t.toPrecision(3)),
      );
    },
  });
  shell.controls.append(variable, tau.element, draws);
  shell.body.append(
    el('div', { class: 'chart wide' }, biasCanvas),
    el('div', { class: 'chart wide' }, varianceCanvas),
    el('div', { class: 'side' }, problemText, stats, el('div', { class: 'scroll-x' }, table), unsupported),
  );
  shell.request();
}
