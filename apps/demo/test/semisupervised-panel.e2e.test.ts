/**
 * The semi-supervised panel in headless Chromium (Debian's, through playwright-core): it loads
 * nothing before Start, its speed-up chart draws the committed measurement, and Start trains both
 * methods on tfjs-wasm in chunks with a flat tensor count — the Gumbel-Softmax model making more
 * steps than the marginalising one in the same time, as the paper's speed-up says it should.
 * A screenshot goes to test/artifacts/ (gitignored).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS as artifacts, demoSessionForSuite, inkFraction, stat, waitForStartupRuns } from './demo-server.js';

/** Marginal steps to train: enough for several chunks and accuracy points (every 25 steps) at batch 25. */
const STEPS = 30;
// Read here with fs, not through the panel's import: what the page must show is the committed file.
const committed = JSON.parse(readFileSync(fileURLToPath(new URL('../../semisupervised/results/run2-rounds4/speedup.json', import.meta.url)), 'utf8')) as {
  entries: Array<{ k: number; ratio: number }>;
};
const session = demoSessionForSuite();

interface PanelState { marginalStep: number; gumbelStep: number; tensors: number; tfBackend: string; training: string; state: string; runs: number }

async function panelState(): Promise<PanelState> {
  return session.page.$eval('[data-panel="semi"]', (s) => {
    const d = (s as HTMLElement).dataset;
    return {
      marginalStep: Number(d.marginalStep ?? 0), gumbelStep: Number(d.gumbelStep ?? 0), tensors: Number(d.tensors ?? -1),
      tfBackend: d.tfBackend ?? '', training: d.training ?? '', state: d.state ?? '', runs: Number(d.runs ?? 0),
    };
  });
}

describe('semi-supervised panel in headless Chromium', () => {
  it('waits for Start, and its speed-up chart is the committed measurement', { timeout: 150_000 }, async () => {
    await waitForStartupRuns(session.page);
    expect((await panelState()).runs).toBe(0);
    expect(await session.page.textContent('[data-testid="semi-status"]')).toContain('Press Start');
    const points = JSON.parse((await session.page.getAttribute('[data-testid="semi-speedup"]', 'data-points')) ?? '[]') as number[][];
    expect(points).toEqual(committed.entries.map((e) => [e.k, +e.ratio.toFixed(2)]));
    expect(await inkFraction(session.page, 'semi-speedup')).toBeGreaterThan(0.02);
  });

  it('trains both methods on tfjs-wasm in chunks: flat tensor count, more Gumbel steps in the same time', async () => {
    const { page } = session;
    await page.locator('[data-panel="semi"]').scrollIntoViewIfNeeded();
    await page.selectOption('[data-testid="semi-batch"]', '25');
    await page.click('[data-testid="semi-start"]');
    const counts: Array<[number, number]> = [];
    const start = Date.now();
    for (;;) {
      const s = await panelState();
      if (s.state === 'error') throw new Error(`semi panel: ${await page.textContent('[data-testid="semi-status"]')}`);
      // From the chunk where both have stepped (Adam makes each model's moments at its first step).
      if (s.marginalStep > 0 && s.gumbelStep > 0 && counts.at(-1)?.[0] !== s.marginalStep) counts.push([s.marginalStep, s.tensors]);
      if (s.marginalStep >= STEPS) break;
      if (Date.now() - start > 150_000) throw new Error(`semi panel: ${s.marginalStep} of ${STEPS} marginal steps after 150 s`);
      await page.waitForTimeout(100);
    }
    await page.click('[data-testid="semi-start"]');
    await page.waitForFunction(() => {
      const d = document.querySelector<HTMLElement>('[data-panel="semi"]')?.dataset;
      return d !== undefined && d.training === 'false' && d.state === 'ready';
    });
    const s = await panelState();
    expect(s.tfBackend).toBe('wasm');
    // Every chunk leaves the two models' variables and Adam's state, nothing more.
    expect(counts.length).toBeGreaterThanOrEqual(3);
    expect(new Set(counts.map(([, n]) => n)).size).toBe(1);
    // Equal time, one decoder pass per digit instead of ten: more steps (the CLI measures 2.6–3.2× at k = 10).
    expect(s.gumbelStep).toBeGreaterThan(s.marginalStep);
    const curve = JSON.parse((await page.getAttribute('[data-testid="semi-curve"]', 'data-curve')) ?? '[]') as number[][][];
    const [marginal, gumbel] = curve as [number[][], number[][]];
    // Both models start from the same seed: the same untrained classifier, the same accuracy at step 0.
    expect(marginal[0]).toEqual(gumbel[0]);
    for (const [, , acc] of [...marginal, ...gumbel]) expect(acc).toBeGreaterThanOrEqual(0);
    expect(marginal.length).toBeGreaterThanOrEqual(2);
    console.log(
      `semi wasm: marginal ${s.marginalStep} steps (${await stat(page, 'semi', 'marginal-rate')} steps/s), st-gs ${s.gumbelStep} (${await stat(page, 'semi', 'gumbel-rate')} steps/s), ratio ${await stat(page, 'semi', 'ratio')}; accuracy ${await stat(page, 'semi', 'marginal-accuracy')} / ${await stat(page, 'semi', 'gumbel-accuracy')}; tensors ${counts.map(([, n]) => n).join(',')}`,
    );
    expect(await inkFraction(page, 'semi-curve')).toBeGreaterThan(0.02);
    await page.locator('[data-panel="semi"]').screenshot({ path: `${artifacts}semi-wasm.png` });
  }, 200_000);

  it('logged no console errors', () => {
    expect(session.errors).toEqual([]);
  });
});
