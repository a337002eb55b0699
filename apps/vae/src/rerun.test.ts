/**
 * Every run is seeded and deterministic: rerunning a run's first steps from its config.json (and
 * nothing else) reproduces its first metrics rows exactly — here on a small slice of the full MNIST
 * IDX files and a few steps (CI never trains for real). The committed paper-full runs can be checked
 * the same way, at their own size, with scripts/rerun-prefix.mjs.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rerunPrefix, sameRows } from './rerun.js';
import { useBackend } from './tf-setup.js';
import { DEFAULT_CONFIG, train, type RunConfig, type RunFile } from './trainer.js';

beforeAll(async () => {
  await useBackend('wasm');
});

const SLICE: RunConfig = {
  ...DEFAULT_CONFIG, dataset: 'mnist-full', estimator: 'relaxed-gs', steps: 8, batch: 10, trainSubset: 300, evalSubset: 40, evalSamples: 1,
  tauRate: 0.05, tauEvery: 2,
};

describe('rerun from config (mnist-full slice)', () => {
  it.each(['relaxed-gs', 'reinforce-ema', 'annealed-st', 'muprop'])('%s: the first rows of a run, and of a run stopped and resumed, come back exactly', async (estimator) => {
    const out = mkdtempSync(join(tmpdir(), 'vae-rerun-'));
    const original = join(out, 'original');
    // The original is stopped after step 5 (mid-window) and resumed, as the long runs are across sessions.
    let steps = 0;
    const first = await train({ config: { ...SLICE, estimator }, out: original, checkpointOut: join(out, 'ckpt'), evalEvery: 4, checkpointEvery: 100, shouldStop: () => steps++ >= 5 });
    first.vae.dispose();
    expect(first.interrupted).toBe(true);
    (await train({ config: { ...SLICE, estimator }, out: original, checkpointOut: join(out, 'ckpt'), evalEvery: 4, checkpointEvery: 100, resume: true })).vae.dispose();
    const run = JSON.parse(readFileSync(join(original, 'config.json'), 'utf8')) as RunFile;
    expect(run.config.dataset).toBe('mnist-full');
    expect(run.evalEvery).toBe(4);
    const csv = readFileSync(join(original, 'metrics.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(4); // header, steps 0, 4, 8
    expect(csv[0]).toContain('test_neg_elbo');

    // The first 4 steps, rerun uninterrupted: rows 0 and 4.
    await rerunPrefix(join(original, 'config.json'), 4, join(out, 'prefix'));
    expect(sameRows(join(original, 'metrics.csv'), join(out, 'prefix', 'metrics.csv'))).toEqual({ compared: 2, mismatches: [] });
    // All 8, uninterrupted: row 8 (its training-objective window straddles the stop at step 5) too.
    const again = await rerunPrefix(join(original, 'config.json'), 8, join(out, 'again'));
    expect(again.rows.map((r) => r.step)).toEqual([0, 4, 8]);
    expect(sameRows(join(original, 'metrics.csv'), join(out, 'again', 'metrics.csv'))).toEqual({ compared: 3, mismatches: [] });
    // The checker can fail: a different seed gives different rows.
    const other = await rerunPrefix(join(original, 'config.json'), 4, join(out, 'other'), { seed: 1 });
    expect(other.rows).toHaveLength(2);
    expect(sameRows(join(original, 'metrics.csv'), join(out, 'other', 'metrics.csv')).mismatches.length).toBeGreaterThan(0);
  }, 120_000);
});
