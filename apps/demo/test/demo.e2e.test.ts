/**
 * The demo in real headless Chromium (Debian's, through playwright-core): it loads without console
 * errors, the simplex panel draws, τ moves the spread, and the hard frequencies approach π.
 * Screenshots go to test/artifacts/ (gitignored) for a person to look at.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inkFraction, openDemo, setControl, stat, waitForRun } from './demo-server.js';
import type { DemoSession } from './demo-server.js';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
let session: DemoSession;

async function shot(name: string): Promise<void> {
  await session.page.screenshot({ path: `${artifacts}${name}.png`, fullPage: true });
}

/** The page's default π (simplex-panel.ts) — the test drives the page, so it states what it expects. */
const PI = [0.5, 0.3, 0.2];

describe('demo in headless Chromium', () => {
  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    session = await openDemo();
    await waitForRun(session.page, 'simplex', 0);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

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
    const pi = (await page.textContent('[data-testid="simplex-pi"]')) ?? '';
    const third = Number(/π = \(([\d.]+), ([\d.]+), ([\d.]+)\)/.exec(pi)?.[3]);
    expect(third).toBeGreaterThan(0.8);
  });

  it('logged no console errors', () => {
    expect(session.errors).toEqual([]);
  });
});
