/**
 * The VAE panel in headless Chromium (Debian's, through playwright-core, WebGL through SwiftShader):
 * it trains on tfjs-webgl in chunks with a flat tensor count, held-out −ELBO falls, the page's
 * held-out digits are the CLI's (same split and binarization), the reconstructions and the latent
 * grid draw, a grid click changes the decoded image, and tfjs-wasm trains too. Screenshots go to
 * test/artifacts/ (gitignored).
 */
import { describe, expect, it } from 'vitest';
import { firstImages, loadBinarizedMnist, PIXELS } from '@gumbel/vae/browser';
import { ARTIFACTS as artifacts, demoSessionForSuite, inkFraction, stat, waitForStartupRuns } from './demo-server.js';

/**
 * The tests start the decoder at p = ½ ("start from p = ½"): the held-out −ELBO then starts at
 * 784·ln 2 + KL ≈ 545 nats and a working model falls towards the average-digit level (≈ 206) within
 * tens of steps. From the CLI's default start (the average digit, ≈ 206) the −ELBO sits on a plateau
 * for the first 100–200 steps (measured in this page: 130 steps at batch 50 on tfjs-wasm, beyond 120
 * on tfjs-webgl), which SwiftShader's ~2 steps/s could not cross in a minute.
 * MARGIN: 150 nats in 20 steps (batch 50), as the CLI's own test asks in 60: 44 % of the way from
 * p = ½ to the average digit, which needs gradients to reach the decoder and Adam to apply them;
 * the evaluation's own noise (fixed draws, 200 digits × 2) is below a nat (the −ELBO of an
 * unchanged model is reproduced exactly, and consecutive points on the plateau differ by < 0.5).
 */
const STEPS = 20;
const MARGIN = 150;
const WASM_STEPS = 60;

const session = demoSessionForSuite();
/** Live tensors while the webgl model trains (compared with the wasm model's). */
let webglTensors = -1;

async function shot(name: string): Promise<void> {
  await session.page.locator('[data-panel="vae"]').screenshot({ path: `${artifacts}${name}.png` });
}

interface PanelState {
  step: number;
  tensors: number;
  tfBackend: string;
  curveStep: number;
  training: string;
  state: string;
  runs: number;
}

async function panelState(): Promise<PanelState> {
  return session.page.$eval('[data-panel="vae"]', (s) => {
    const d = (s as HTMLElement).dataset;
    return {
      step: Number(d.step ?? 0),
      tensors: Number(d.tensors ?? -1),
      tfBackend: d.tfBackend ?? '',
      curveStep: Number(d.curveStep ?? -1),
      training: d.training ?? '',
      state: d.state ?? '',
      runs: Number(d.runs ?? 0),
    };
  });
}

/**
 * Starts training, polls until `steps` steps are done (recording the live tensor count after every
 * chunk it sees), pauses, and waits for the paused run that evaluates the final step.
 */
async function train(steps: number, timeoutMs: number): Promise<{ tensorCounts: Array<[number, number]>; seconds: number; chunks: number; maxGapMs: number }> {
  const { page } = session;
  const tensorCounts: Array<[number, number]> = [];
  const runsBefore = (await panelState()).runs;
  // The longest the page's event loop went without running a 20 ms timer while training (a figure
  // for the report, not asserted: timings vary with the machine's load).
  await page.evaluate(() => {
    const w = window as unknown as { gapProbe?: { max: number; timer: number } };
    let last = performance.now();
    const probe = { max: 0, timer: 0 };
    probe.timer = window.setInterval(() => {
      const now = performance.now();
      probe.max = Math.max(probe.max, now - last);
      last = now;
    }, 20);
    w.gapProbe = probe;
  });
  await page.click('[data-testid="vae-start"]');
  const start = Date.now();
  for (;;) {
    const s = await panelState();
    if (s.state === 'error') throw new Error(`vae panel: ${await page.textContent('[data-testid="vae-status"]')}`);
    if (s.step > 0 && tensorCounts.at(-1)?.[0] !== s.step) tensorCounts.push([s.step, s.tensors]);
    if (s.step >= steps) break;
    if (Date.now() - start > timeoutMs) throw new Error(`vae panel: ${s.step} of ${steps} steps after ${timeoutMs} ms`);
    await page.waitForTimeout(100);
  }
  const seconds = (Date.now() - start) / 1000;
  await page.click('[data-testid="vae-start"]');
  await page.waitForFunction(() => {
    const d = document.querySelector<HTMLElement>('[data-panel="vae"]')?.dataset;
    return d !== undefined && d.training === 'false' && d.state === 'ready' && d.curveStep === d.step;
  });
  const maxGapMs = await page.evaluate(() => {
    const probe = (window as unknown as { gapProbe: { max: number; timer: number } }).gapProbe;
    window.clearInterval(probe.timer);
    return probe.max;
  });
  return { tensorCounts, seconds, chunks: (await panelState()).runs - runsBefore, maxGapMs };
}

/** The decoded image's pixels, to tell whether a click changed it. */
async function decodedPixels(): Promise<number[]> {
  return session.page.$eval('[data-testid="vae-decoded"]', (node) => {
    const canvas = node as HTMLCanvasElement;
    return Array.from(canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? []);
  });
}

describe('VAE panel in headless Chromium', () => {
  it('waits for Start before loading anything', { timeout: 150_000 }, async () => {
    // The other panels' first runs (the estimator lab takes a while on the CPU) come first, so the
    // training below is timed on its own.
    await waitForStartupRuns(session.page);
    const s = await panelState();
    expect(s.runs).toBe(0);
    expect(await session.page.textContent('[data-testid="vae-status"]')).toContain('Press Start');
  });

  it('trains on tfjs-webgl in chunks: held-out −ELBO falls and the tensor count stays flat', async () => {
    const { page } = session;
    await page.locator('[data-panel="vae"]').scrollIntoViewIfNeeded();
    await page.selectOption('[data-testid="vae-init"]', 'half');
    const { tensorCounts, seconds, chunks, maxGapMs } = await train(STEPS, 150_000);
    const s = await panelState();
    // Training ran as many separate runs of the panel (chunks with the event loop free in between),
    // not as one long task: at most one step of each chunk runs past the 200 ms budget.
    expect(chunks).toBeGreaterThan(3);
    expect(s.tfBackend).toBe('webgl');
    expect(await page.textContent('[data-testid="vae-mode"]')).toContain('tfjs · mode webgl');
    // Every chunk the poll saw leaves the same number of live tensors (the model's 12 variables, Adam's
    // moments and step counters): a chunk that leaked even one tensor per step would grow it.
    expect(tensorCounts.length).toBeGreaterThanOrEqual(3);
    expect(new Set(tensorCounts.map(([, n]) => n)).size).toBe(1);
    webglTensors = tensorCounts[0]?.[1] ?? -1;
    const startElbo = Number(await stat(page, 'vae', 'held-out-start'));
    const endElbo = Number(await stat(page, 'vae', 'held-out'));
    const rate = Number(await stat(page, 'vae', 'steps-per-second'));
    console.log(
      `vae webgl: ${s.step} steps in ${seconds.toFixed(1)} s wall (from Start, MNIST load included), ${chunks} chunks, ${rate} steps/s training only, longest event-loop gap ${maxGapMs.toFixed(0)} ms; held-out −ELBO ${startElbo} → ${endElbo}; tensors ${tensorCounts.map(([, n]) => n).join(',')}`,
    );
    // The untrained model at p = ½: 784·ln 2 = 543.4 nats plus the KL of the random encoder.
    expect(startElbo).toBeGreaterThan(543);
    expect(startElbo - endElbo).toBeGreaterThan(MARGIN);
    expect(await inkFraction(page, 'vae-curve')).toBeGreaterThan(0.02);
    await shot('vae-webgl');
  }, 200_000);

  it('shows the CLI’s held-out digits (same split and binarization) with their reconstructions', async () => {
    const { page } = session;
    // The top row of the strip draws the first 8 held-out digits as 0/255 pixels at scale 2, 4 px apart.
    const pageBits = await page.$eval('[data-testid="vae-reconstructions"]', (node) => {
      const canvas = node as HTMLCanvasElement;
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
      const bits: number[] = [];
      for (let i = 0; i < 8; i++)
        for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) bits.push((data[4 * (2 * r * canvas.width + i * 60 + 2 * c)] ?? 255) < 128 ? 1 : 0);
      return bits;
    });
    const cli = firstImages(loadBinarizedMnist().heldOut, 8);
    expect(pageBits).toHaveLength(8 * PIXELS);
    expect(pageBits).toEqual(Array.from(cli.pixels));
    expect(await inkFraction(page, 'vae-reconstructions')).toBeGreaterThan(0.2);
    expect(await inkFraction(page, 'vae-grid')).toBeGreaterThan(0.5);
    expect(await inkFraction(page, 'vae-decoded')).toBeGreaterThan(0.05);
  });

  it('a click on the latent grid sets that latent’s class and the decoded image changes', async () => {
    const { page } = session;
    const before = await decodedPixels();
    const code = ((await page.getAttribute('[data-testid="vae-grid"]', 'data-code')) ?? '').split(',').map(Number);
    expect(code).toHaveLength(20);
    // Latent 1 (column 0) to a class 5 away from its current one; cells are 18 px after an 18 × 16 margin.
    const cls = ((code[0] ?? 0) + 5) % 10;
    const box = await page.locator('[data-testid="vae-grid"]').boundingBox();
    if (box === null) throw new Error('no grid box');
    const runs = (await panelState()).runs;
    await page.mouse.click(box.x + ((18 + 9) * box.width) / (18 + 20 * 18), box.y + ((16 + cls * 18 + 9) * box.height) / (16 + 10 * 18));
    await page.waitForFunction((r) => {
      const d = document.querySelector<HTMLElement>('[data-panel="vae"]')?.dataset;
      return d !== undefined && Number(d.runs) > r && d.state === 'ready';
    }, runs);
    const after = await page.getAttribute('[data-testid="vae-grid"]', 'data-code');
    expect(after).toBe([cls, ...code.slice(1)].join(','));
    const changed = (await decodedPixels()).filter((v, i) => v !== before[i]).length;
    console.log(`vae grid click: latent 1 ${code[0]} → ${cls}, ${changed / 4} decoded pixels changed`);
    // Some of the 140 × 140 canvas pixels (each image pixel is 5 × 5 of them) must change.
    expect(changed).toBeGreaterThan(0);
    await shot('vae-grid-click');
  });

  it('trains on tfjs-wasm (a new model) with the .wasm served by the demo', async () => {
    const { page } = session;
    await page.selectOption('[data-testid="vae-backend"]', 'tfjs-wasm');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-panel="vae"]')?.dataset.tfBackend === 'wasm', undefined, { timeout: 60_000 });
    expect((await panelState()).step).toBe(0);
    const { tensorCounts, chunks, maxGapMs } = await train(WASM_STEPS, 120_000);
    expect(chunks).toBeGreaterThan(3);
    expect((await panelState()).tfBackend).toBe('wasm');
    expect(new Set(tensorCounts.map(([, n]) => n)).size).toBe(1);
    // The same model structure holds the same tensors: the webgl model was disposed entirely (a model
    // that left its initial tensors behind would add 12 here, one per parameter).
    expect(tensorCounts[0]?.[1]).toBe(webglTensors);
    const rate = Number(await stat(page, 'vae', 'steps-per-second'));
    const startElbo = Number(await stat(page, 'vae', 'held-out-start'));
    const endElbo = Number(await stat(page, 'vae', 'held-out'));
    console.log(`vae wasm: ${rate} steps/s training only, ${chunks} chunks, longest event-loop gap ${maxGapMs.toFixed(0)} ms; held-out −ELBO ${startElbo} → ${endElbo}`);
    expect(startElbo - endElbo).toBeGreaterThan(MARGIN);
    await shot('vae-wasm');
  }, 150_000);

  it('evaluates the whole held-out set as the CLI does, without leaking tensors', async () => {
    const { page } = session;
    const before = await panelState();
    await page.click('[data-testid="vae-full-eval"]');
    await page.waitForFunction((r) => {
      const d = document.querySelector<HTMLElement>('[data-panel="vae"]')?.dataset;
      return d !== undefined && Number(d.runs) > r && d.state === 'ready';
    }, before.runs);
    const full = Number(await stat(page, 'vae', 'held-out-full'));
    const subset = Number(await stat(page, 'vae', 'held-out'));
    console.log(`vae wasm step ${before.step}: held-out −ELBO ${subset} (200 × 2), ${full} (1,000 × 10)`);
    // Both estimate the same model's held-out −ELBO and differ by which digits they average: per-digit
    // −ELBO spreads by sd ≈ 46 nats (the average-digit model's on the held-out set, computed in Node
    // from the split), so the mean of the first 200 differs from the mean of all 1,000 with sd
    // 46/√200·√(1 − 0.2) ≈ 2.9 nats (for that model it is 205.2 vs 208.0); 15 nats is ~5 of them.
    expect(Math.abs(full - subset)).toBeLessThan(15);
    expect((await panelState()).tensors).toBe(before.tensors);
  });

  it('every other estimator trains on tfjs-wasm without leaking tensors', { timeout: 180_000 }, async () => {
    const { page } = session;
    const results: string[] = [];
    for (const estimator of ['st-gs', 'gumbel-rao', 'reinmax', 'reinforce-ema', 'reinforce-loo']) {
      await page.selectOption('[data-testid="vae-estimator"]', estimator);
      // A new estimator starts a new model: wait for it before training.
      await page.waitForFunction(() => {
        const d = document.querySelector<HTMLElement>('[data-panel="vae"]')?.dataset;
        return d?.step === '0' && d.state === 'ready';
      });
      const { tensorCounts } = await train(5, 60_000);
      const held = Number(await stat(page, 'vae', 'held-out'));
      results.push(`${estimator} ${held}`);
      expect(new Set(tensorCounts.map(([, n]) => n))).toEqual(new Set([webglTensors]));
      expect(Number.isFinite(held)).toBe(true);
      // Five steps from p = ½ already move every estimator off the untrained 545.6 (the decoder's bias
      // gets the reconstruction gradient directly, whatever the estimator does for the encoder).
      expect(held).toBeLessThan(Number(await stat(page, 'vae', 'held-out-start')));
    }
    console.log(`vae wasm, held-out −ELBO after 5 steps: ${results.join(', ')}`);
  });

  it('logged no console errors', () => {
    expect(session.errors).toEqual([]);
  });
});

