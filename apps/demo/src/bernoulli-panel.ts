/** Panel 2: histogram of relaxed Bernoulli samples against the analytic BinConcrete density. */
import { Chart } from './charts.js';
import { el, logSlider, stat } from './dom.js';
import { createPanelShell } from './panel-shell.js';
import { analyticDensity, densityHistogram, ksDistance, sampleBernoulli } from './bernoulli-compute.js';

const SAMPLES = 20_000;
const BINS = 40;

export function createBernoulliPanel(): void {
  const p = el('input', { type: 'range', min: '0.01', max: '0.99', step: '0.01', value: '0.3', 'data-testid': 'bernoulli-p', 'aria-label': 'p' });
  const pText = el('output', { 'data-testid': 'bernoulli-p-value' }, '0.30');
  const tau = logSlider({ id: 'bernoulli-tau', label: 'τ', min: 0.05, max: 10, value: 0.5, onInput: () => shell.request() });
  const stats = el('dl', { class: 'stats' });
  const canvas = el('canvas', { 'data-testid': 'bernoulli-chart' });

  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      datasets: [
        {
          type: 'bar',
          label: `histogram of ${SAMPLES.toLocaleString('en')} relaxed samples`,
          data: [] as { x: number; y: number }[],
          backgroundColor: 'rgba(41, 51, 92, 0.55)',
          barPercentage: 1,
          categoryPercentage: 1,
          order: 2,
        },
        {
          type: 'line',
          label: 'BinConcrete density (analytic)',
          data: [] as { x: number; y: number }[],
          borderColor: '#e4572e',
          borderWidth: 2,
          pointRadius: 0,
          order: 1,
        },
      ],
    },
    options: {
      scales: {
        x: { type: 'linear', min: 0, max: 1, title: { display: true, text: 'y = σ((logit p + L)/τ)' } },
        y: { min: 0, title: { display: true, text: 'density' } },
      },
      plugins: { title: { display: true, text: 'Relaxed Bernoulli (BinConcrete) samples vs density' } },
    },
  });

  const shell = createPanelShell({
    id: 'bernoulli',
    title: '2 · Relaxed Bernoulli',
    blurb:
      'y = σ((logit p + L)/τ) with logistic noise L. Small τ pushes the mass to 0 and 1 (the exact Bernoulli); large τ gathers it at ½. P(y > ½) = p at every τ; the hard sample 1[logit p + L > 0] uses the same noise.',
    render: async ({ demo, timed }) => {
      const prob = Number(p.value);
      const logit = Math.log(prob / (1 - prob));
      const t = tau.value();
      const { soft, ones } = await timed(`${SAMPLES} samples`, () => sampleBernoulli(demo.backend, logit, t, SAMPLES, 7));
      const histogram = densityHistogram(soft, BINS);
      const [bars, line] = chart.data.datasets;
      if (bars === undefined || line === undefined) return;
      bars.data = histogram;
      line.data = analyticDensity(logit, t, 400);
      // The density is unbounded at 0 and 1 for τ < 1: scale to the histogram so the bars stay readable.
      const top = Math.max(...histogram.map((h) => h.y));
      const yScale = chart.options.scales?.y;
      if (yScale !== undefined) yScale.max = Math.ceil(top * 1.15 * 10) / 10;
      chart.update();
      let above = 0;
      for (const v of soft) if (v > 0.5) above++;
      const ks = ksDistance(soft, logit, t);
      stats.replaceChildren(
        ...stat('hard', 'hard samples: fraction of ones', `${(ones / SAMPLES).toFixed(4)} (p = ${prob.toFixed(2)})`),
        ...stat('above-half', 'fraction of y > ½', (above / SAMPLES).toFixed(4)),
        ...stat('ks', 'KS distance to the analytic CDF', ks.toFixed(4)),
        ...stat('ks-critical', '5 % critical value 1.36/√n', (1.36 / Math.sqrt(SAMPLES)).toFixed(4)),
      );
    },
  });

  p.addEventListener('input', () => {
    pText.textContent = Number(p.value).toFixed(2);
    shell.request();
  });
  shell.controls.append(el('label', { class: 'slider' }, 'p ', p, ' ', pText), tau.element);
  shell.body.append(el('div', { class: 'chart wide' }, canvas), el('div', { class: 'side' }, stats));
  shell.request();
}

