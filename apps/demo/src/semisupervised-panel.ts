/**
 * Panel 5: semi-supervised MNIST with Kingma et al.'s M2 (Jang, Gu & Poole 2017, §4.3). Shows the
 * committed speed-up curve (apps/semisupervised/results: steps/s of one Gumbel-Softmax sample over
 * marginalising the unlabelled bound, k = 10…100) and trains both methods here, side by side, in
 * equal slices of time: their held-out accuracy against training time, steps and steps/s.
 * Nothing loads until Start. Training runs as a chain of panel-shell runs of ~CHUNK_MS each (as the
 * VAE panel), so the page stays responsive and other panels can take turns on tfjs's one engine.
 */
import speedup from '@gumbel/semisupervised/results/run2-rounds4/speedup.json';
import type { BackendChoice } from './backends.js';
import { Chart } from './charts.js';
import { el, stat } from './dom.js';
import { createPanelShell } from './panel-shell.js';
import type { SemiOptions, SemiSession } from './semisupervised-session.js';

type SessionModule = typeof import('./semisupervised-session.js');

const CHOICES: readonly BackendChoice[] = [
  { id: 'tfjs-wasm', label: 'tfjs (wasm)' },
  { id: 'tfjs-webgl', label: 'tfjs (webgl)' },
];
/** One chunk of training (whole steps, the method behind in training time first). */
const CHUNK_MS = 400;
/** The speed-ups Jang et al. report, as issue 16 quotes them (≈ 2× at k = 10, ≈ 9.9× at k = 100). */
const PAPER_SPEEDUP = [{ x: 10, y: 2 }, { x: 100, y: 9.9 }];
/** The CLI's defaults (apps/semisupervised/src/train-args.ts): Adam 3e-4, α = 200 (chosen on validation digits: README, "Choosing α"), τ = 1. */
const DEFAULTS = { seed: 0, lr: 3e-4, alpha: 200, tau: 1 } as const;
const COLORS = { marginal: '#29335c', gumbel: '#e4572e' } as const;

/** The committed measurement's (k, ratio) points: what the speed-up chart draws. */
export const SPEEDUP_POINTS: ReadonlyArray<{ x: number; y: number }> = speedup.entries.map((e) => ({ x: e.k, y: e.ratio }));

export function createSemisupervisedPanel(): void {
  const gumbel = el('select', { 'data-testid': 'semi-gumbel', 'aria-label': 'Gumbel-Softmax estimator' });
  gumbel.append(el('option', { value: 'st-gs' }, 'straight-through Gumbel-Softmax'), el('option', { value: 'relaxed-gs' }, 'relaxed Gumbel-Softmax (τ = 1)'));
  const batch = el('select', { 'data-testid': 'semi-batch', 'aria-label': 'batch size' });
  for (const n of [25, 50, 100]) batch.append(el('option', { value: String(n) }, `batch ${n} + ${n}`));
  batch.value = '50';
  const target = el('select', { 'data-testid': 'semi-target', 'aria-label': 'stop after' });
  for (const n of [100, 300, 500]) target.append(el('option', { value: String(n) }, `stop at ${n} marginal steps`));
  target.value = '300';
  const startButton = el('button', { type: 'button', 'data-testid': 'semi-start' }, 'Start');
  const resetButton = el('button', { type: 'button', 'data-testid': 'semi-reset' }, 'Reset');

  const speedCanvas = el('canvas', { 'data-testid': 'semi-speedup' });
  speedCanvas.dataset.points = JSON.stringify(SPEEDUP_POINTS.map((p) => [p.x, +p.y.toFixed(2)]));
  new Chart(speedCanvas, {
    type: 'line',
    data: {
      datasets: [
        { label: 'ours: tfjs-wasm in Node (committed run)', data: [...SPEEDUP_POINTS], borderColor: '#1f77b4', backgroundColor: '#1f77b4', pointRadius: 3 },
        { label: 'Jang et al. 2017 (as quoted in issue 16)', data: PAPER_SPEEDUP, borderColor: '#d62728', backgroundColor: 'transparent', showLine: false, pointRadius: 5, pointStyle: 'circle' },
      ],
    },
    options: {
      parsing: false,
      scales: { x: { type: 'linear', title: { display: true, text: 'k (classes)' }, min: 0, max: 100 }, y: { title: { display: true, text: 'speed-up (× marginal steps/s)' }, min: 0 } },
      plugins: { title: { display: true, text: 'One Gumbel-Softmax sample vs marginalising over k classes' } },
    },
  });
  const curveCanvas = el('canvas', { 'data-testid': 'semi-curve' });
  const chart = new Chart<'line', Array<{ x: number; y: number }>>(curveCanvas, {
    type: 'line',
    data: { datasets: [
      { label: 'marginalised', data: [], borderColor: COLORS.marginal, backgroundColor: COLORS.marginal, pointRadius: 2 },
      { label: 'Gumbel-Softmax', data: [], borderColor: COLORS.gumbel, backgroundColor: COLORS.gumbel, pointRadius: 2 },
    ] },
    options: {
      parsing: false,
      scales: { x: { type: 'linear', title: { display: true, text: 'training seconds (each method)' }, min: 0 }, y: { title: { display: true, text: 'held-out accuracy (%)' }, min: 0, max: 100 } },
      plugins: { title: { display: true, text: 'Accuracy of q(y | x) on 1,000 held-out digits, same time for both' } },
    },
  });
  const stats = el('dl', { class: 'stats', 'data-testid': 'semi-stats' });

  let mod: SessionModule | undefined;
  let session: SemiSession | undefined;
  let sessionEngine = '';
  let started = false;
  let training = false;
  let resetWanted = false;

  const optionsNow = (): SemiOptions => ({ ...DEFAULTS, gumbel: gumbel.value as SemiOptions['gumbel'], batch: Number(batch.value) });
  const shell = createPanelShell({
    id: 'semi',
    title: '5 · Semi-supervised MNIST: marginalise, or sample y?',
    blurb:
      'Kingma et al.’s M2 (classifier, encoder and decoder of one 500-unit softplus layer each, z of 50 dimensions) learns from 100 labelled digits (10 per class) and the rest of the page’s 9,000 unlabelled: the unlabelled bound either sums over all 10 classes (10 decoder passes per digit) or takes one Gumbel-Softmax sample of y (one pass). Start trains both here, always stepping the one that has had less time, so both get the same training time; the committed results (apps/semisupervised/results) use the full 50,000 digits of the command line.',
    initialBackend: 'tfjs-wasm',
    choices: CHOICES,
    render: async ({ timed }) => {
      if (!started) return;
      try {
        mod ??= await timed('model code', () => import('./semisupervised-session.js'));
        const m = mod;
        const split = session === undefined ? await timed('MNIST (fetch, split, binarize)', () => m.loadData()) : await m.loadData();
        const engine = m.activeEngine();
        const options = optionsNow();
        if (session !== undefined && (resetWanted || engine !== sessionEngine || options.gumbel !== session.options.gumbel || options.batch !== session.options.batch)) {
          session.dispose();
          session = undefined;
        }
        resetWanted = false;
        session ??= await timed('new models', () => m.createSemiSession(split, options));
        sessionEngine = engine;
        const s = session;
        if (training) await timed('chunk', () => s.trainFor(CHUNK_MS));
        if (s.runs[0].step >= Number(target.value)) stop();
        update(s, m, engine);
      } catch (error) {
        stop();
        throw error;
      }
      if (training) setTimeout(() => shell.request(), 0);
    },
  });
  const section = shell.body.closest('section') as HTMLElement;
  section.dataset.training = 'false';
  const status = section.querySelector('.status');
  if (status !== null) status.textContent = 'Press Start to load MNIST (21 MB, once; shared with panel 4) and train both methods.';

  const stop = (): void => {
    training = false;
    startButton.textContent = 'Start';
    section.dataset.training = 'false';
  };

  const update = (s: SemiSession, m: SessionModule, engine: string): void => {
    const [marginal, sampled] = s.runs;
    const [a, b] = chart.data.datasets;
    if (a !== undefined && b !== undefined) {
      a.data = marginal.curve.map((p) => ({ x: p.seconds, y: 100 * p.accuracy }));
      b.data = sampled.curve.map((p) => ({ x: p.seconds, y: 100 * p.accuracy }));
      b.label = sampled.method;
      chart.update();
    }
    // The numbers behind the chart, for people and tests: per method [step, seconds, accuracy] rows.
    curveCanvas.dataset.curve = JSON.stringify(s.runs.map((r) => r.curve.map((p) => [p.step, +p.seconds.toFixed(2), p.accuracy])));
    const rate = (r: SemiSession['runs'][number]): number => (r.seconds > 0 ? r.step / r.seconds : 0);
    const last = (r: SemiSession['runs'][number]): string => {
      const p = r.curve.at(-1);
      return p === undefined ? '—' : `${(100 * p.accuracy).toFixed(1)}% (step ${p.step})`;
    };
    const tensors = m.liveTensors();
    stats.replaceChildren(
      ...stat('marginal-steps', 'marginal: steps', String(marginal.step)),
      ...stat('gumbel-steps', `${sampled.method}: steps`, String(sampled.step)),
      ...stat('marginal-rate', 'marginal: steps/s (training only)', rate(marginal).toFixed(2)),
      ...stat('gumbel-rate', `${sampled.method}: steps/s (training only)`, rate(sampled).toFixed(2)),
      ...stat('ratio', 'speed-up here (k = 10)', rate(marginal) > 0 ? `${(rate(sampled) / rate(marginal)).toFixed(2)}×` : '—'),
      ...stat('marginal-accuracy', 'marginal: held-out accuracy', last(marginal)),
      ...stat('gumbel-accuracy', `${sampled.method}: held-out accuracy`, last(sampled)),
      ...stat('tensors', 'live tfjs tensors', String(tensors)),
    );
    Object.assign(section.dataset, {
      marginalStep: String(marginal.step),
      gumbelStep: String(sampled.step),
      tensors: String(tensors),
      tfBackend: engine,
      training: String(training),
    });
  };

  startButton.addEventListener('click', () => {
    if (!started && status !== null) status.textContent = 'Loading the model code and MNIST…';
    started = true;
    training = !training;
    startButton.textContent = training ? 'Pause' : 'Start';
    section.dataset.training = String(training);
    shell.request();
  });
  resetButton.addEventListener('click', () => {
    if (!started) return;
    resetWanted = true;
    shell.request();
  });
  for (const control of [gumbel, batch]) control.addEventListener('change', () => started && shell.request());

  shell.controls.append(gumbel, batch, target, startButton, resetButton);
  shell.body.append(
    el('div', { class: 'chart' }, speedCanvas),
    el('div', { class: 'chart' }, curveCanvas),
    el('div', { class: 'side' }, stats),
  );
}
