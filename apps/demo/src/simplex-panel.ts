/**
 * Panel 1, the simplex explorer (k = 3): drag π inside the triangle, move τ; relaxed samples over the
 * Concrete density heatmap, hard-sample frequencies at the corners, and E[max y] against τ.
 */
import { logitsFromProbabilities } from '@gumbel/core';
import { Chart, oneTwoFive } from './charts.js';
import { el, logSlider, stat } from './dom.js';
import { createPanelShell } from './panel-shell.js';
import { concreteLogDensity, distanceFromCentre, maxCoordinateSweep, sampleSimplex } from './simplex-compute.js';
import { densityGrid, drawColourBar, drawSimplex, HEAT_RANGE, SIZE, toBarycentric } from './simplex-draw.js';

const SWEEP_TAUS = Array.from({ length: 15 }, (_, i) => 10 ** (Math.log10(0.05) + (i * (Math.log10(10) - Math.log10(0.05))) / 14));
const SWEEP_SAMPLES = 400;
const HEAT_STEP = 5;
const MIN_PI = 0.01;

export function createSimplexPanel(): void {
  let pi = [0.5, 0.3, 0.2];
  let seed = 1;
  const grid = densityGrid(HEAT_STEP);

  const tau = logSlider({ id: 'simplex-tau', label: 'τ', min: 0.05, max: 10, value: 0.5, onInput: () => shell.request() });
  const size = el('select', { 'data-testid': 'simplex-n', 'aria-label': 'samples' });
  for (const n of [1000, 10000, 100000]) size.append(el('option', { value: String(n) }, `${n.toLocaleString('en')} samples`));
  size.value = '1000';
  const resample = el('button', { type: 'button', 'data-testid': 'simplex-resample' }, 'new noise');
  const piText = el('output', { 'data-testid': 'simplex-pi' });

  const canvas = el('canvas', { 'data-testid': 'simplex-canvas', 'aria-label': 'samples on the simplex' });
  canvas.style.width = `${SIZE.width}px`;
  canvas.style.aspectRatio = `${SIZE.width} / ${SIZE.height}`;
  const colourBar = el('canvas', { width: '200', height: '10', class: 'colourbar' });
  const heatLabel = el('span', { 'data-testid': 'simplex-heat-range' });
  const stats = el('dl', { class: 'stats', 'data-testid': 'simplex-stats' });
  const sweepCanvas = el('canvas', { 'data-testid': 'simplex-sweep' });

  const shell = createPanelShell({
    id: 'simplex',
    title: '1 · Simplex explorer (k = 3)',
    blurb:
      'Drag the yellow diamond to set the class probabilities π; move τ. White dots are relaxed samples y = softmax((log π + g)/τ); the heatmap is the Concrete log-density; the coloured discs are the hard Gumbel-max samples argmax(log π + g) from the same noise, with their frequencies next to π.',
    render: async ({ demo, timed }) => {
      const b = demo.backend;
      const logits = Array.from(logitsFromProbabilities(pi));
      const t = tau.value();
      const n = Number(size.value);
      const samples = await timed(`${n} samples`, () => sampleSimplex(b, logits, t, n, seed));
      const logDensity = b.supports.densities ? await timed(`density on ${grid.cells.length} points`, () => concreteLogDensity(b, logits, t, grid.points)) : undefined;
      const sweep = await timed(`τ sweep (${SWEEP_TAUS.length}×${SWEEP_SAMPLES})`, () => maxCoordinateSweep(b, logits, SWEEP_TAUS, SWEEP_SAMPLES, seed));
      const scene = {
        soft: samples.soft,
        maxDots: 3000,
        counts: samples.counts,
        pi,
        ...(logDensity === undefined ? {} : { heat: { step: HEAT_STEP, cells: grid.cells, logDensity } }),
      };
      const { heatMax } = drawSimplex(canvas, scene);
      drawColourBar(colourBar, heatMax);
      heatLabel.textContent =
        logDensity === undefined ? 'this backend has no densities' : `log p(y) from ${(heatMax - HEAT_RANGE).toFixed(1)} (dark) to ${heatMax.toFixed(1)} (bright)`;
      const freqs = samples.counts.map((c) => c / n);
      const maxError = Math.max(...freqs.map((f, i) => Math.abs(f - (pi[i] ?? 0))));
      let meanMax = 0;
      for (let r = 0; r < n; r++) meanMax += Math.max(samples.soft[3 * r] as number, samples.soft[3 * r + 1] as number, samples.soft[3 * r + 2] as number);
      meanMax /= n;
      stats.replaceChildren(
        ...stat('spread', 'mean ‖y − centre‖', distanceFromCentre(samples.soft, 3).toFixed(4)),
        ...stat('max', 'E[max yᵢ] (1 = corners, ⅓ = centre)', meanMax.toFixed(4)),
        ...stat('freq', 'hard frequencies', freqs.map((f) => f.toFixed(3)).join(', ')),
        ...stat('freq-error', 'max |frequency − π|', `${maxError.toFixed(4)} (≈ 1/√n = ${(1 / Math.sqrt(n)).toFixed(4)})`),
      );
      updateSweep(sweep, t);
    },
  });

  const sweepChart = new Chart(sweepCanvas, {
    type: 'line',
    data: {
      datasets: [
        { label: 'E[max yᵢ]', data: [] as { x: number; y: number }[], borderColor: '#29335c', backgroundColor: '#29335c', pointRadius: 2 },
        { label: 'current τ', data: [] as { x: number; y: number }[], borderColor: '#e4572e', backgroundColor: '#ffcc00', pointRadius: 6, showLine: false },
      ],
    },
    options: {
      scales: {
        x: {
          type: 'logarithmic',
          title: { display: true, text: 'τ (log scale)' },
          min: 0.05,
          max: 10,
          // Only 1-2-5 ticks: the default labels every integer step and they collide near 10.
          ticks: { callback: (value) => oneTwoFive(Number(value)) },
        },
        y: { min: 0.3, max: 1, title: { display: true, text: 'E[max yᵢ]' } },
      },
      plugins: { title: { display: true, text: 'From the corners (τ → 0) to the centre (τ → ∞)' } },
    },
  });
  function updateSweep(values: readonly number[], current: number): void {
    const [line, marker] = sweepChart.data.datasets;
    if (line === undefined || marker === undefined) return;
    line.data = values.map((y, i) => ({ x: SWEEP_TAUS[i] ?? 0, y }));
    // The marker is read off the sweep by interpolation in log τ.
    const lt = Math.log(current);
    let y = values[values.length - 1] ?? 0;
    for (let i = 0; i + 1 < SWEEP_TAUS.length; i++) {
      const a = Math.log(SWEEP_TAUS[i] ?? 1);
      const c = Math.log(SWEEP_TAUS[i + 1] ?? 1);
      if (lt >= a && lt <= c) y = (values[i] ?? 0) + ((lt - a) / (c - a)) * ((values[i + 1] ?? 0) - (values[i] ?? 0));
    }
    marker.data = [{ x: current, y }];
    sweepChart.update();
  }

  const showPi = (): void => {
    piText.textContent = `π = (${pi.map((p) => p.toFixed(3)).join(', ')})`;
  };
  showPi();
  let dragging = false;
  const movePi = (event: PointerEvent): void => {
    const rect = canvas.getBoundingClientRect();
    const x = ((event.clientX - rect.left) / rect.width) * SIZE.width;
    const y = ((event.clientY - rect.top) / rect.height) * SIZE.height;
    const clamped = toBarycentric(x, y).map((v) => Math.max(MIN_PI, v));
    const sum = clamped.reduce((a, v) => a + v, 0);
    pi = clamped.map((v) => v / sum);
    showPi();
    shell.request();
  };
  canvas.addEventListener('pointerdown', (event) => {
    dragging = true;
    canvas.setPointerCapture(event.pointerId);
    movePi(event);
  });
  canvas.addEventListener('pointermove', (event) => dragging && movePi(event));
  canvas.addEventListener('pointerup', () => (dragging = false));
  size.addEventListener('change', () => shell.request());
  resample.addEventListener('click', () => {
    seed += 1;
    shell.request();
  });

  shell.controls.append(tau.element, size, resample, piText);
  shell.body.append(
    el('div', { class: 'simplex' }, canvas, el('div', { class: 'legend' }, colourBar, ' ', heatLabel)),
    el('div', { class: 'side' }, stats, el('div', { class: 'chart small' }, sweepCanvas)),
  );
  shell.request();
}
