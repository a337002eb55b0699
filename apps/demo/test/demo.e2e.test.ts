/**
 * The demo in real headless Chromium (Debian's, through playwright-core): it loads without console
 * errors, the simplex panel draws, τ moves the spread, and the hard frequencies approach π.
 * Screenshots go to test/artifacts/ (gitignored) for a person to look at.
 */
import { ESTIMATORS } from '@gumbel/estimators';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { labPlan, labVariables } from '../src/estimator-compute.js';
import { ARTIFACTS as artifacts, demoSessionForSuite, inkFraction, setControl, stat, waitForRun } from './demo-server.js';

const session = demoSessionForSuite((s) => waitForRun(s.page, 'simplex', 0).then(() => undefined));

async function shot(name: string): Promise<void> {
  await session.page.screenshot({ path: `${artifacts}${name}.png`, fullPage: true });
}

/** The page's default π (simplex-panel.ts) — the test drives the page, so it states what it expects. */
const PI = [0.5, 0.3, 0.2];

/** π as the page shows it (the drag test moves it). */
async function currentPi(): Promise<number[]> {
  const text = (await session.page.textContent('[data-testid="simplex-pi"]')) ?? '';
  const match = /π = \(([\d.]+), ([\d.]+), ([\d.]+)\)/.exec(text);
  expect(match).not.toBeNull();
  return [Number(match?.[1]), Number(match?.[2]), Number(match?.[3])];
}

interface LabTable {
  readonly rows: { readonly name: string; readonly id: string; readonly bias: number; readonly floor: number; readonly variance: number }[];
  /** The list under the table: estimators without a row, and why (backend, lab or failed). */
  readonly missing: { readonly id: string; readonly reason: string; readonly text: string }[];
}

async function readLab(page: Page): Promise<LabTable> {
  const rows = await page.$$eval('[data-testid="estimators-table"] tr[data-estimator]', (trs) =>
    trs.map((tr) => ({
      name: (tr as HTMLElement).dataset.estimator ?? '',
      id: (tr as HTMLElement).dataset.id ?? '',
      bias: Number(tr.querySelector('[data-col="bias"]')?.textContent),
      floor: Number(tr.querySelector('[data-col="floor"]')?.textContent),
      variance: Number(tr.querySelector('[data-col="variance"]')?.textContent),
    })),
  );
  const missing = await page.$$eval('[data-testid="estimators-unsupported"] li', (lis) =>
    lis.map((li) => ({ id: (li as HTMLElement).dataset.id ?? '', reason: (li as HTMLElement).dataset.reason ?? '', text: li.textContent ?? '' })),
  );
  return { rows, missing };
}

/**
 * Every estimator the registry has for this variable either has a row or is named under the table
 * with its reason, and none failed: the count comes from the registry (through the lab's plan, which
 * adds the report's curated variants), so a new estimator needs no edit here.
 */
function expectEveryEstimator(lab: LabTable, variable: string): void {
  const plan = labPlan(variable);
  expect(lab.missing.filter((m) => m.reason === 'failed').map((m) => m.text)).toEqual([]);
  expect(lab.rows.length + lab.missing.filter((m) => m.reason === 'backend').length).toBe(plan.entries.length);
  expect(lab.missing.filter((m) => m.reason === 'lab').map((m) => m.id)).toEqual(plan.notInLab.map((m) => m.id));
  const shown = new Set([...lab.rows.map((r) => r.id), ...lab.missing.map((m) => m.id)]);
  for (const entry of ESTIMATORS.filter((e) => e.variable === variable)) expect(shown.has(entry.id), entry.id).toBe(true);
}

/**
 * Score-function and control-variate estimators are unbiased for the gradient the lab measures them
 * against (VIMCO: its K-sample bound). DARN has no τ but is biased, so `usesTau` is not the test.
 */
const UNBIASED = new Set(ESTIMATORS.filter((e) => e.kind === 'score-function' || e.kind === 'control-variate').map((e) => e.id));

describe('demo in headless Chromium', () => {
  it('draws the simplex explorer on the CPU backend with numbers and a density heatmap', async () => {
    const { page } = session;
    expect(await page.$eval('[data-panel="simplex"]', (s) => (s as HTMLElement).dataset.state)).toBe('ready');
    // The triangle covers 28 % of the canvas (a 380 px side in 520 × 430) and the heatmap fills it;
    // without the heatmap only the outline, dots and labels would have ink (well under 10 %).
    expect(await inkFraction(page, 'simplex-canvas')).toBeGreaterThan(0.2);
    expect(await inkFraction(page, 'simplex-sweep')).toBeGreaterThan(0.01);
    expect(await page.textContent('[data-testid="simplex-mode"]')).toMatch(/^cpu · mode (wasm-simd|js)/);
    expect(await page.textContent('[data-testid="simplex-status"]')).toMatch(/1000 samples: [\d.]+ ms/);
    expect(await page.textContent('[data-testid="simplex-heat-range"]')).toMatch(/log p\(y\) from -?[\d.]+ \(dark\) to -?[\d.]+ \(bright\)/);
    expect(Number(await stat(page, 'simplex', 'spread'))).toBeGreaterThan(0);
    await shot('simplex-cpu');
  });

  it('moves the samples from the corners (small τ) to the centre (large τ)', async () => {
    const { page } = session;
    expect(await setControl(page, 'simplex', 'simplex-tau', String(Math.log10(0.1)))).toBe('ready');
    const cold = Number(await stat(page, 'simplex', 'spread'));
    await shot('simplex-tau-0.1');
    expect(await setControl(page, 'simplex', 'simplex-tau', String(Math.log10(5)))).toBe('ready');
    const hot = Number(await stat(page, 'simplex', 'spread'));
    await shot('simplex-tau-5');
    // At τ → 0 every sample is a corner, at distance √(2/3) = 0.816 from the centre; at τ = 5 the
    // perturbed logits are divided by 5 and the samples gather within ~0.15 of it.
    expect(cold).toBeGreaterThan(0.65);
    expect(hot).toBeLessThan(0.25);
  });

  it('hard-sample frequencies approach π as n grows', async () => {
    const { page } = session;
    const errorAt = async (n: number): Promise<number> => {
      expect(await setControl(page, 'simplex', 'simplex-n', String(n))).toBe('ready');
      const freqs = (await stat(page, 'simplex', 'freq')).split(',').map(Number);
      expect(freqs).toHaveLength(3);
      return Math.max(...freqs.map((f, i) => Math.abs(f - (PI[i] ?? 0))));
    };
    // Binomial standard error √(π(1−π)/n) ≤ 0.5/√n: 4.5 standard errors bound each error with a
    // false-failure chance below 1e-5 per class (the seed is fixed, so the result is reproducible).
    const small = await errorAt(1000);
    expect(small).toBeLessThan((4.5 * 0.5) / Math.sqrt(1000));
    const large = await errorAt(100_000);
    expect(large).toBeLessThan((4.5 * 0.5) / Math.sqrt(100_000));
    await shot('simplex-n-100000');
    await setControl(page, 'simplex', 'simplex-n', '1000');
  });

  it('dragging on the triangle sets π', async () => {
    const { page } = session;
    const box = await page.locator('[data-testid="simplex-canvas"]').boundingBox();
    expect(box).not.toBeNull();
    if (box === null) return;
    const before = await page.$eval('[data-panel="simplex"]', (s) => Number((s as HTMLElement).dataset.runs));
    // Near the top corner (class 3): the triangle's apex is at (260, 46) of the 520 × 430 canvas.
    await page.mouse.move(box.x + box.width * (260 / 520), box.y + box.height * (66 / 430));
    await page.mouse.down();
    await page.mouse.up();
    await waitForRun(page, 'simplex', before);
    expect((await currentPi())[2]).toBeGreaterThan(0.8);
  });

  it('draws the relaxed Bernoulli histogram against the BinConcrete density', async () => {
    const { page } = session;
    await waitForRun(page, 'bernoulli', 0);
    expect(await inkFraction(page, 'bernoulli-chart')).toBeGreaterThan(0.02);
    const p = 0.3;
    const ones = Number((await stat(page, 'bernoulli', 'hard')).split(' ')[0]);
    const above = Number(await stat(page, 'bernoulli', 'above-half'));
    const ks = Number(await stat(page, 'bernoulli', 'ks'));
    // n = 20 000: the binomial standard error is √(0.3·0.7/n) = 0.0032; 4.5 of them is 0.015.
    expect(Math.abs(ones - p)).toBeLessThan(0.015);
    // y > ½ ⇔ logit + L > 0 ⇔ the hard sample is 1 (float32 rounding of σ near ½ may flip a few).
    expect(Math.abs(above - ones)).toBeLessThan(0.001);
    // The KS distance to the closed-form CDF: 1.63/√n = 0.0115 is the 1 % critical value.
    expect(ks).toBeLessThan(0.0115);
    await page.locator('[data-panel="bernoulli"]').scrollIntoViewIfNeeded();
    await shot('bernoulli-cpu');
  });

  it('measures every estimator against the exact gradient', async () => {
    const { page } = session;
    expect(await waitForRun(page, 'estimators', 0, 120_000)).toBe('ready');
    const lab = await readLab(page);
    const { rows } = lab;
    // The CPU backend runs every estimator: nothing is skipped.
    expectEveryEstimator(lab, 'categorical');
    expect(lab.missing.filter((m) => m.reason === 'backend')).toEqual([]);
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(['relaxed-gs', 'st-gs', 'reinforce', 'reinforce ema', 'reinforce loo m=4']));
    // ReinMax's label carries its registry minTau when the lab's τ is below it ("τ raised to 1").
    expect(rows.some((r) => r.name.startsWith('reinmax'))).toBe(true);
    expect(rows.some((r) => r.name.startsWith('gumbel-rao'))).toBe(true);
    for (const r of rows) {
      expect(r.bias).toBeGreaterThanOrEqual(0);
      expect(r.variance).toBeGreaterThan(0);
    }
    // REINFORCE is unbiased: n·‖mean − exact‖² averages totalVariance, so its relative error sits
    // near the noise floor; 2.5× the floor is a ~6σ excursion of that (10-component) χ²-like sum.
    for (const r of rows.filter((row) => row.name.startsWith('reinforce'))) expect(r.bias).toBeLessThan(2.5 * r.floor);
    expect(await inkFraction(page, 'estimators-bias')).toBeGreaterThan(0.02);
    expect(await inkFraction(page, 'estimators-variance')).toBeGreaterThan(0.02);
    const relaxedBias = async (tau: number): Promise<{ bias: number; floor: number }> => {
      expect(await setControl(page, 'estimators', 'estimators-tau', String(Math.log10(tau)))).toBe('ready');
      return page.$eval('[data-testid="estimators-table"] tr[data-estimator="relaxed-gs"]', (tr) => ({
        bias: Number(tr.querySelector('[data-col="bias"]')?.textContent),
        floor: Number(tr.querySelector('[data-col="floor"]')?.textContent),
      }));
    };
    const cold = await relaxedBias(0.5);
    const hot = await relaxedBias(5);
    await page.locator('[data-panel="estimators"]').scrollIntoViewIfNeeded();
    await shot('estimators-cpu-tau-5');
    // The relaxed estimator's bias grows with τ far beyond what sampling noise could explain.
    expect(hot.bias).toBeGreaterThan(10 * hot.floor);
    expect(hot.bias - cold.bias).toBeGreaterThan(5 * Math.max(hot.floor, cold.floor));
  }, 180_000);

  it('measures the Bernoulli estimators against the exact Bernoulli gradient', async () => {
    const { page } = session;
    expect(await setControl(page, 'estimators', 'estimators-tau', String(Math.log10(0.5)))).toBe('ready');
    expect(await setControl(page, 'estimators', 'estimators-variable', 'bernoulli')).toBe('ready');
    const lab = await readLab(page);
    expectEveryEstimator(lab, 'bernoulli');
    expect(lab.missing.filter((m) => m.reason === 'backend')).toEqual([]);
    expect(lab.rows.map((r) => r.id)).toEqual(expect.arrayContaining(['disarm', 'arms', 'relaxed-bernoulli', 'st-bernoulli', 'reinforce-bernoulli']));
    // The reference on the page, against an independent closed form: f(z) = (Σ z − 2)² over 8 bits
    // with θ_j = 2j/7 − 1 has E f = Σ σ(1 − σ) + (Σ σ − 2)², so ∂E f/∂θ_j = σ_j(1 − σ_j)(1 − 2σ_j + 2(Σ σ − 2)).
    const sigma = Array.from({ length: 8 }, (_, j) => 1 / (1 + Math.exp(-((2 * j) / 7 - 1))));
    const sum = sigma.reduce((a, b) => a + b, 0);
    const exact = (await stat(page, 'estimators', 'exact')).split(',').map(Number);
    expect(exact).toHaveLength(8);
    exact.forEach((g, j) => {
      const s = sigma[j] as number;
      // The page shows 4 significant digits (values near 1).
      expect(g).toBeCloseTo(s * (1 - s) * (1 - 2 * s + 2 * (sum - 2)), 3);
    });
    for (const r of lab.rows) {
      expect(r.bias).toBeGreaterThanOrEqual(0);
      expect(r.variance).toBeGreaterThan(0);
    }
    // The unbiased ones (REINFORCE, DisARM, ARMS) sit within 2.5 noise floors, as on the categorical problem.
    const unbiased = lab.rows.filter((r) => UNBIASED.has(r.id));
    expect(unbiased.length).toBeGreaterThanOrEqual(5);
    for (const r of unbiased) expect(r.bias, r.name).toBeLessThan(2.5 * r.floor);
    expect(await inkFraction(page, 'estimators-bias')).toBeGreaterThan(0.02);
    await page.locator('[data-panel="estimators"]').scrollIntoViewIfNeeded();
    await shot('estimators-bernoulli-cpu');
    expect(await setControl(page, 'estimators', 'estimators-variable', 'categorical')).toBe('ready');
  }, 180_000);

  it.each([
    ['gpujs', 'gpujs', /^webgl2?$/],
    ['tfjs-webgl', 'tfjs', /^webgl$/],
    ['tfjs-wasm', 'tfjs', /^wasm$/],
    ['tfjs-cpu', 'tfjs', /^cpu$/],
    ['cpu-js', 'cpu', /^js$/],
    ['cpu', 'cpu', /^(wasm-simd|js)$/],
  ] as const)('switches the simplex and Bernoulli panels to %s and shows the mode', async (id, name, mode) => {
    const { page } = session;
    for (const panel of ['simplex', 'bernoulli']) {
      expect(await setControl(page, panel, `${panel}-backend`, id)).toBe('ready');
      const section = await page.$eval(`[data-panel="${panel}"]`, (s) => ({ ...(s as HTMLElement).dataset }));
      expect(section.backend).toBe(name);
      expect(section.mode).toMatch(mode);
      expect(await page.textContent(`[data-testid="${panel}-mode"]`)).toContain(`${name} · mode ${section.mode}`);
      expect(await page.textContent(`[data-testid="${panel}-status"]`)).toMatch(/samples: [\d.]+ ms/);
    }
    const pi = await currentPi();
    const freqs = (await stat(page, 'simplex', 'freq')).split(',').map(Number);
    freqs.forEach((f, i) => expect(Math.abs(f - (pi[i] ?? 0))).toBeLessThan((4.5 * 0.5) / Math.sqrt(1000)));
    expect(Number((await stat(page, 'bernoulli', 'hard')).split(' ')[0])).toBeCloseTo(0.3, 1);
    expect(Number(await stat(page, 'bernoulli', 'ks'))).toBeLessThan(0.0115);
    await page.locator('[data-panel="simplex"]').scrollIntoViewIfNeeded();
    await shot(`backend-${id}`);
  });

  it.each([
    ['gpujs', 'gpujs', /^webgl2?$/],
    ['tfjs-webgl', 'tfjs', /^webgl$/],
  ] as const)('runs the estimator lab on %s, every toy problem', async (id, name, mode) => {
    const { page } = session;
    expect(await setControl(page, 'estimators', 'estimators-draws', '500')).toBe('ready');
    expect(await setControl(page, 'estimators', 'estimators-backend', id)).toBe('ready');
    const section = await page.$eval('[data-panel="estimators"]', (s) => ({ ...(s as HTMLElement).dataset }));
    expect(section.backend).toBe(name);
    expect(section.mode).toMatch(mode);
    for (const variable of labVariables()) {
      expect(await setControl(page, 'estimators', 'estimators-variable', variable)).toBe('ready');
      // Every estimator either ran or is named, with the backend's reason, under the table (a GPU.js
      // mode without supports.conditionalGumbel cannot run Gumbel-Rao).
      const lab = await readLab(page);
      expectEveryEstimator(lab, variable);
      // A variable with estimators to run runs some on every backend here.
      if (labPlan(variable).entries.length > 0) expect(lab.rows.length).toBeGreaterThan(0);
      // Same unbiasedness check as on the CPU (2.5 noise floors), now through the device kernels.
      for (const r of lab.rows.filter((row) => UNBIASED.has(row.id))) expect(r.bias, `${variable} ${r.name}`).toBeLessThan(2.5 * r.floor);
      await page.locator('[data-panel="estimators"]').scrollIntoViewIfNeeded();
      await shot(`estimators-${variable}-${id}`);
    }
    expect(await setControl(page, 'estimators', 'estimators-variable', 'categorical')).toBe('ready');
    const categorical = await readLab(page);
    expect(categorical.rows.map((r) => r.name)).toEqual(expect.arrayContaining(['relaxed-gs', 'st-gs', 'reinforce', 'reinforce ema', 'reinforce m=4', 'reinforce loo m=4']));
    expect(categorical.rows.some((r) => r.name.startsWith('reinmax'))).toBe(true);
  }, 360_000);

  it('fits a small laptop screen without horizontal scrolling', async () => {
    const { page } = session;
    await page.setViewportSize({ width: 1024, height: 700 });
    // Chart.js resizes on the next animation frame.
    await page.waitForTimeout(300);
    await shot('viewport-1024');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it('logged no console errors', () => {
    expect(session.errors).toEqual([]);
  });
});
