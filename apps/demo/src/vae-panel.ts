/**
 * Panel 4: train the paper's categorical VAE (20 latents × 10 classes, binarized MNIST) in the page
 * on tfjs-webgl or tfjs-wasm, with a live train / held-out −ELBO curve, input vs reconstruction of
 * held-out digits, and a 20 × 10 latent grid: click a cell to set that latent's class and see the
 * decoder's image. Nothing loads until Start (the model code and 21 MB of MNIST are fetched then).
 *
 * Training runs as a chain of panel-shell runs, one chunk of whole steps (~CHUNK_MS) each; after
 * each chunk the next is scheduled with setTimeout, so the page handles input, other panels' runs
 * (they share tfjs's one active engine, switched per run) and pauses between chunks.
 */
import type { BackendChoice } from './backends.js';
import { Chart } from './charts.js';
import { el, stat } from './dom.js';
import { createPanelShell } from './panel-shell.js';
import { DECODED_SCALE, drawDecoded, drawGrid, drawStrip, gridHit, gridSize, stripHit, stripSize } from './vae-draw.js';
import type { EstimatorName, RegistryEstimatorName, VaeSession } from './vae-session.js';

type SessionModule = typeof import('./vae-session.js');

const CHOICES: readonly BackendChoice[] = [
  { id: 'tfjs-webgl', label: 'tfjs (webgl)' },
  { id: 'tfjs-wasm', label: 'tfjs (wasm)' },
];
/**
 * The VAE's estimators in menu order (ids of @gumbel/estimators' registry, which labels them), with
 * what the VAE's settings add to the label (apps/vae: GUMBEL_RAO_SAMPLES, REINFORCE_SAMPLES). The
 * registry's `minTau` adds "τ ≥ …" where the schedule's τ is raised (ReinMax).
 */
const VAE_SETTINGS: Record<RegistryEstimatorName, string> = {
  'relaxed-gs': '',
  'st-gs': '',
  'gumbel-rao': '10 draws',
  reinmax: '',
  'reinforce-ema': 'm = 4',
  'reinforce-loo': 'm = 4',
  darn: '',
  muprop: '',
};
/** Estimators that are apps/vae's own tfjs ops (not in the registry), with their labels. */
const APP_LABELS: Record<Exclude<EstimatorName, RegistryEstimatorName>, string> = {
  'annealed-st': 'slope-annealed straight-through',
  st: 'straight-through (plain, τ = 1)',
};
/** Time budget of one training chunk; a step longer than this still runs whole (one step per chunk). */
const CHUNK_MS = 200;
/** While training, the images are redrawn at most this often (each redraw reads three tensors back). */
const REDRAW_MS = 1000;
const SEED = 0;
const LR = 1e-3;

export function createVaePanel(): void {
  const estimator = el('select', { 'data-testid': 'vae-estimator', 'aria-label': 'estimator' });
  for (const id of Object.keys(VAE_SETTINGS)) estimator.append(el('option', { value: id }, id));
  for (const [id, label] of Object.entries(APP_LABELS)) estimator.append(el('option', { value: id }, label));
  // The registry comes with the estimators' code, which the page loads lazily: ids until it arrives.
  void import('@gumbel/estimators').then(({ estimatorEntry }) => {
    for (const option of Array.from(estimator.options)) {
      const setting = VAE_SETTINGS[option.value as RegistryEstimatorName];
      if (setting === undefined) continue;
      const entry = estimatorEntry(option.value);
      const notes = [setting, entry.minTau > 0 ? `τ ≥ ${entry.minTau}` : ''].filter((n) => n !== '');
      option.textContent = entry.label + (notes.length > 0 ? ` (${notes.join(', ')})` : '');
    }
  });
  estimator.value = 'relaxed-gs';
  const batch = el('select', { 'data-testid': 'vae-batch', 'aria-label': 'batch size' });
  for (const n of [25, 50, 100]) batch.append(el('option', { value: String(n) }, `batch ${n}`));
  batch.value = '50';
  const init = el('select', { 'data-testid': 'vae-init', 'aria-label': 'decoder initialisation' });
  init.append(el('option', { value: 'mean' }, 'start from the average digit'), el('option', { value: 'half' }, 'start from p = ½'));
  const startButton = el('button', { type: 'button', 'data-testid': 'vae-start' }, 'Start');
  const resetButton = el('button', { type: 'button', 'data-testid': 'vae-reset' }, 'Reset');
  const fullButton = el('button', { type: 'button', 'data-testid': 'vae-full-eval', title: 'all 1,000 held-out digits × 10 hard samples, as pnpm vae reports' }, 'Full held-out −ELBO');

  const curveCanvas = el('canvas', { 'data-testid': 'vae-curve' });
  const strip = el('canvas', { 'data-testid': 'vae-reconstructions', 'aria-label': 'held-out digits (top) and their reconstructions (bottom)' });
  Object.assign(strip, stripSize(8));
  const grid = el('canvas', { 'data-testid': 'vae-grid', 'aria-label': 'latent grid: click a cell to set that latent’s class' });
  const decoded = el('canvas', { 'data-testid': 'vae-decoded', 'aria-label': 'decoded image of the code in the grid' });
  decoded.width = 28 * DECODED_SCALE;
  decoded.height = 28 * DECODED_SCALE;
  const stats = el('dl', { class: 'stats', 'data-testid': 'vae-stats' });

  const chart = new Chart<'line', Array<{ x: number; y: number }>>(curveCanvas, {
    type: 'line',
    data: {
      datasets: [
        { label: 'train −ELBO (estimator’s sample)', data: [], borderColor: '#29335c', backgroundColor: '#29335c', pointRadius: 0, borderWidth: 1.5 },
        { label: 'held-out −ELBO (hard samples)', data: [], borderColor: '#e4572e', backgroundColor: '#e4572e', pointRadius: 2, borderWidth: 2 },
      ],
    },
    options: {
      parsing: false,
      scales: { x: { type: 'linear', title: { display: true, text: 'step' }, min: 0 }, y: { title: { display: true, text: '−ELBO (nats per digit)' } } },
      plugins: { title: { display: true, text: '−ELBO while training (lower is better)' } },
    },
  });

  let mod: SessionModule | undefined;
  let session: VaeSession | undefined;
  let sessionEngine = '';
  let started = false;
  let training = false;
  let resetWanted = false;
  let fullWanted = false;
  /** The last full evaluation (the CLI's 1,000 × 10) and the step it was made at. */
  let full: { step: number; value: number } | undefined;
  let source = 0;
  let code: number[] | undefined;
  let shownCode: readonly number[] = [];
  let lastDraw = 0;

  const shell = createPanelShell({
    id: 'vae',
    title: '4 · Train a categorical VAE on MNIST',
    blurb:
      'The categorical VAE of Jang, Gu & Poole (2017): 20 latents of 10 classes, encoder 784-512-256, decoder 256-512-784, binarized MNIST (the same 9,000 / 1,000 split and bits as the pnpm vae command line), Adam 1e-3, τ = 1 for the first 1,000 steps, then annealed as in the CLI. Start trains it here; click a held-out digit to show its code in the grid, click a grid cell to set that latent’s class.',
    initialBackend: 'tfjs-webgl',
    choices: CHOICES,
    render: async ({ timed }) => {
      if (!started) return;
      try {
        // Only the first run loads anything; later chunks' status lines show their own timings.
        mod ??= await timed('model code', () => import('./vae-session.js'));
        const m = mod;
        const split = session === undefined ? await timed('MNIST (fetch, split, binarize)', () => m.loadData()) : await m.loadData();
        const engine = m.activeEngine();
        const options = { estimator: estimator.value as EstimatorName, batch: Number(batch.value), lr: LR, seed: SEED, meanInit: init.value === 'mean' };
        if (session !== undefined && (resetWanted || engine !== sessionEngine || options.estimator !== session.options.estimator || options.batch !== session.options.batch || options.meanInit !== session.options.meanInit)) {
          session.dispose();
          session = undefined;
          code = undefined;
          full = undefined;
        }
        resetWanted = false;
        if (session === undefined) {
          session = await timed('new model', () => m.createSession(split, options));
          sessionEngine = engine;
          lastDraw = 0;
        }
        const s = session;
        if (training) await timed('chunk', () => s.trainFor(CHUNK_MS));
        else await s.evaluate(); // paused: the curve ends at the current step
        if (fullWanted) {
          fullWanted = false;
          full = { step: s.step, value: await timed('held-out 1,000 × 10', () => s.evaluateFull()) };
        }
        if (!training || performance.now() - lastDraw > REDRAW_MS) {
          await timed('draw', () => draw(s));
          lastDraw = performance.now();
        }
        updateCurve(s);
        updateStats(s, m, engine);
      } catch (error) {
        training = false;
        startButton.textContent = 'Start';
        section.dataset.training = 'false';
        throw error;
      }
      // The next chunk after this run has finished and the event loop has had its turn.
      if (training) setTimeout(() => shell.request(), 0);
    },
  });
  const section = shell.body.closest('section') as HTMLElement;
  section.dataset.training = 'false';
  const status = section.querySelector('.status');
  if (status !== null) status.textContent = 'Press Start to load MNIST (21 MB, once) and train.';

  const draw = async (s: VaeSession): Promise<void> => {
    const { inputs, outputs } = await s.reconstruct();
    drawStrip(strip, inputs, outputs, 8, source);
    const view = await s.latentView(source, code);
    shownCode = view.code;
    drawGrid(grid, view.probs, view.code, 20, 10);
    drawDecoded(decoded, view.decoded);
    grid.dataset.code = view.code.join(',');
    grid.dataset.source = String(source);
  };

  const updateCurve = (s: VaeSession): void => {
    const [train, heldOut] = chart.data.datasets;
    if (train === undefined || heldOut === undefined) return;
    train.data = s.curve.flatMap((p) => (p.train === null ? [] : [{ x: p.step, y: p.train }]));
    heldOut.data = s.curve.map((p) => ({ x: p.step, y: p.heldOut }));
    chart.update();
    // The numbers behind the chart, for people and tests: [step, train, held-out] rows.
    curveCanvas.dataset.curve = JSON.stringify(s.curve.map((p) => [p.step, p.train === null ? null : +p.train.toFixed(2), +p.heldOut.toFixed(2)]));
  };

  const updateStats = (s: VaeSession, m: SessionModule, engine: string): void => {
    const last = s.curve.at(-1);
    const first = s.curve[0];
    const tensors = m.liveTensors();
    stats.replaceChildren(
      ...stat('step', 'step', String(s.step)),
      ...stat('steps-per-second', 'steps/s (training only)', s.stepsPerSecond.toFixed(2)),
      ...stat('tau', 'τ', s.tau.toFixed(3)),
      ...stat('train', 'train −ELBO (last window)', last?.train == null ? '—' : last.train.toFixed(1)),
      ...stat('held-out', `held-out −ELBO (step ${last?.step ?? 0}; ${m.EVAL_DIGITS} digits × ${m.EVAL_M} samples)`, last === undefined ? '—' : last.heldOut.toFixed(1)),
      ...stat('held-out-start', 'held-out −ELBO at step 0', first === undefined ? '—' : first.heldOut.toFixed(1)),
      ...stat('held-out-full', `full held-out −ELBO (1,000 digits × 10 samples, as the CLI)${full === undefined ? '' : ` at step ${full.step}`}`, full === undefined ? 'press “Full held-out −ELBO”' : full.value.toFixed(2)),
      ...stat('tensors', 'live tfjs tensors', String(tensors)),
    );
    Object.assign(section.dataset, {
      step: String(s.step),
      tensors: String(tensors),
      tfBackend: engine,
      curveStep: String(last?.step ?? 0),
      training: String(training),
    });
  };

  startButton.addEventListener('click', () => {
    if (!started && status !== null) status.textContent = 'Loading the model code and MNIST (21 MB of JSON, then the split and binarization: a few seconds)…';
    started = true;
    training = !training;
    startButton.textContent = training ? 'Pause' : 'Start';
    section.dataset.training = String(training);
    shell.request();
  });
  fullButton.addEventListener('click', () => {
    if (session === undefined) return;
    fullWanted = true;
    shell.request();
  });
  resetButton.addEventListener('click', () => {
    if (!started) return;
    resetWanted = true;
    shell.request();
  });
  for (const control of [estimator, batch, init]) {
    control.addEventListener('change', () => {
      if (started) shell.request();
    });
  }
  // Canvas coordinates from a click, whatever size CSS gives the canvas.
  const at = (canvas: HTMLCanvasElement, event: MouseEvent): { x: number; y: number } => {
    const box = canvas.getBoundingClientRect();
    return { x: ((event.clientX - box.left) * canvas.width) / box.width, y: ((event.clientY - box.top) * canvas.height) / box.height };
  };
  grid.addEventListener('click', (event) => {
    const { x, y } = at(grid, event);
    const hit = gridHit(x, y, 20, 10);
    if (hit === undefined || session === undefined) return;
    code = [...(code ?? shownCode)];
    code[hit.latent] = hit.cls;
    shell.request();
  });
  strip.addEventListener('click', (event) => {
    const hit = stripHit(at(strip, event).x, 8);
    if (hit === undefined || session === undefined) return;
    source = hit;
    code = undefined;
    shell.request();
  });

  Object.assign(grid, gridSize(20, 10));
  shell.controls.append(estimator, batch, init, startButton, resetButton, fullButton);
  shell.body.append(
    el('div', { class: 'chart wide' }, curveCanvas),
    el(
      'div',
      { class: 'side vae-side' },
      stats,
      el('p', { class: 'legend' }, 'Held-out digits (top) and reconstructions from their most likely code (bottom); click one to load its code:'),
      strip,
      el('p', { class: 'legend' }, 'Latent grid (columns: latents 1–20; rows: classes 0–9; colour: q(z | x) from 0, dark, to 1, yellow; framed: the code) and the decoded image:'),
      el('div', { class: 'vae-latent' }, grid, decoded),
    ),
  );
}
