/**
 * Settings of one estimator in a run config. REINFORCE's samples per digit m (`reinforceSamples`).
 * Annealed ST with the slope annealing trick of Chung et al. (2017): a = min(A, 1 + D·epoch), τ = 1/a,
 * in place of the τ schedule. Expected τ values are worked by hand from that formula; the training
 * test checks that the steps use them (rows agree with a constant-τ run until the slope first moves
 * and differ after), and that such a run reruns exactly from its config.json. KL warm-up
 * (`klWarmupSteps`) for the score-function steps: β by hand, and the encoder's gradient checked to be
 * linear in β with slope the gradient of the mean KL alone (taken here straight from klToUniform).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CounterRng, GumbelRangeError } from '@gumbel/core';
import { firstImages, loadBinarizedMnist, PIXELS } from './data.js';
import { createStep } from './estimators.js';
import { klToUniform } from './elbo.js';
import { createVae } from './model.js';
import { parseCli, UsageError } from './args.js';
import { parseCompareCli } from './compare-args.js';
import { compare } from './compare.js';
import { rerunPrefix, sameRows } from './rerun.js';
import { useBackend } from './tf-setup.js';
import { DEFAULT_CONFIG, stepKlWeight, stepTau, train, type RunConfig } from './trainer.js';

beforeAll(async () => {
  await useBackend('wasm');
});

describe('stepTau', () => {
  const paperFull: RunConfig = { ...DEFAULT_CONFIG, estimator: 'annealed-st', batch: 100, tauRate: 1e-4, tauEvery: 1000, tauMin: 0.5 };

  it('without a slope schedule: the exponential τ schedule (Jang et al.)', () => {
    const tau = stepTau(paperFull, 50_000);
    expect(tau(0)).toBe(1);
    expect(tau(1000)).toBeCloseTo(Math.exp(-0.1), 15);
    expect(tau(50_000)).toBe(0.5);
  });

  it("Chung et al.'s schedule on 50,000 digits in batches of 100: 500 steps per epoch, τ = 1/a", () => {
    const tau = stepTau({ ...paperFull, slopePerEpoch: 0.04, slopeMax: 5 }, 50_000);
    expect(tau(0)).toBe(1);
    expect(tau(499)).toBe(1);
    expect(tau(500)).toBeCloseTo(1 / 1.04, 15);
    expect(tau(7000)).toBeCloseTo(1 / 1.56, 15); // epoch 14, where the τ schedule reaches its floor 0.5
    expect(tau(25_000)).toBeCloseTo(1 / 3, 15); // epoch 50
    expect(tau(49_999)).toBeCloseTo(1 / 4.96, 15);
    expect(tau(50_000)).toBe(0.2);
    // Without slopeMax the ceiling is Chung et al.'s 5.
    expect(stepTau({ ...paperFull, slopePerEpoch: 0.04 }, 50_000)(1e7)).toBe(0.2);
  });

  it('rejects a slope schedule for another estimator, and slopeMax alone', () => {
    expect(() => stepTau({ ...paperFull, estimator: 'st-gs', slopePerEpoch: 0.04 }, 50_000)).toThrow(GumbelRangeError);
    expect(() => stepTau({ ...paperFull, estimator: 'st-gs', slopePerEpoch: 0.04 }, 50_000)).toThrow(/^config\.slopePerEpoch must be absent for estimator st-gs/);
    expect(() => stepTau({ ...paperFull, slopeMax: 5 }, 50_000)).toThrow(/^config\.slopeMax must be absent without config\.slopePerEpoch, got 5$/);
    expect(() => stepTau({ ...paperFull, slopePerEpoch: -1 }, 50_000)).toThrow(/^increment must be finite and ≥ 0, got -1$/);
  });
});

describe('--slope-per-epoch / --slope-max', () => {
  it('set the config of an annealed-st run (default ceiling 5); absent, the config has neither field', () => {
    const one = parseCli(['--estimator', 'annealed-st', '--slope-per-epoch', '0.04']).config;
    expect([one.slopePerEpoch, one.slopeMax]).toEqual([0.04, 5]);
    const compared = parseCompareCli(['--budget', 'paper-full', '--estimators', 'annealed-st', '--slope-per-epoch', '0.1', '--slope-max', '3']).budget.config;
    expect([compared.slopePerEpoch, compared.slopeMax, compared.tauRate]).toEqual([0.1, 3, 1e-4]);
    const plain = parseCompareCli(['--budget', 'paper-full']).budget.config;
    expect('slopePerEpoch' in plain || 'slopeMax' in plain).toBe(false);
  });

  it.each([
    [['--estimator', 'st-gs', '--slope-per-epoch', '0.04'], "use it with annealed-st alone, got estimator 'st-gs'"],
    [['--estimator', 'annealed-st', '--slope-max', '5'], "--slope-max needs --slope-per-epoch, got only --slope-max '5'"],
    [['--estimator', 'annealed-st', '--slope-per-epoch', '0'], "--slope-per-epoch must be a finite number > 0, got '0'"],
    [['--estimator', 'annealed-st', '--slope-per-epoch', 'steep'], "--slope-per-epoch must be a finite number > 0, got 'steep'"],
    [['--estimator', 'annealed-st', '--slope-per-epoch', '0.04', '--slope-max', '0.5'], "--slope-max must be ≥ 1 (the slope starts at 1), got '0.5'"],
  ])('parseCli %j → UsageError', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
    expect(() => parseCli(argv)).toThrow(message);
  });

  it('--reinforce-samples sets m for REINFORCE runs only (≥ 2 with leave-one-out)', () => {
    expect(parseCli(['--estimator', 'reinforce-ema', '--reinforce-samples', '1']).config.reinforceSamples).toBe(1);
    expect(parseCompareCli(['--estimators', 'reinforce-ema,reinforce-loo', '--reinforce-samples', '8']).budget.config.reinforceSamples).toBe(8);
    expect('reinforceSamples' in parseCli(['--estimator', 'reinforce-ema']).config).toBe(false);
    expect(() => parseCli(['--estimator', 'muprop', '--reinforce-samples', '1'])).toThrow("use it with reinforce-ema or reinforce-loo alone, got estimator 'muprop'");
    expect(() => parseCli(['--estimator', 'reinforce-loo', '--reinforce-samples', '1'])).toThrow("--reinforce-samples must be an integer ≥ 2, got '1'");
    expect(() => parseCli(['--estimator', 'reinforce-ema', '--reinforce-samples', '0'])).toThrow("--reinforce-samples must be an integer ≥ 1, got '0'");
    expect(() => parseCompareCli(['--reinforce-samples', '2'])).toThrow(UsageError); // default: every estimator
  });

  it('vae:compare refuses the flags unless annealed-st is the only estimator', () => {
    expect(() => parseCompareCli(['--estimators', 'annealed-st,st', '--slope-per-epoch', '0.04'])).toThrow("got estimator 'st'");
    expect(() => parseCompareCli(['--slope-per-epoch', '0.04'])).toThrow(UsageError); // default: every estimator
  });
});

describe('createStep: REINFORCE samples per digit', () => {
  const images = () => tf.tensor2d(firstImages(loadBinarizedMnist().train, 3).pixels, [3, PIXELS]);

  it('m = 1 and m = 4 draw different joint samples from the same stream; m is refused elsewhere', async () => {
    const vae = createVae({ latents: 3, classes: 4 }, 1);
    const x = images();
    // One joint draw per digit consumes fewer uniforms: after the step the streams stand at different counters.
    const rngOne = CounterRng.fromSeed(3);
    const rngFour = CounterRng.fromSeed(3);
    const one = await createStep('reinforce-ema', 1, {}, { reinforceSamples: 1 })(vae, { x, tau: 1, rng: rngOne });
    const four = await createStep('reinforce-ema', 1)(vae, { x, tau: 1, rng: rngFour });
    expect(rngOne.getState()).not.toEqual(rngFour.getState());
    for (const g of [...Object.values(one.grads), ...Object.values(four.grads)]) expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
    expect(() => createStep('st-gs', 1, {}, { reinforceSamples: 2 })).toThrow(/^reinforceSamples must be absent for estimator st-gs/);
    expect(() => createStep('reinforce-loo', 1, {}, { reinforceSamples: 1 })).toThrow(GumbelRangeError);
    tf.dispose([x, ...Object.values(one.grads), ...Object.values(four.grads)]);
    vae.dispose();
  });
});

describe('training annealed ST with a slope schedule (mnist-full slice)', () => {
  // 30 training digits in batches of 10: 3 steps per epoch; slope 1 → 1.5 at step 3 → 2 at step 6.
  const SLICE: RunConfig = {
    ...DEFAULT_CONFIG, dataset: 'mnist-full', estimator: 'annealed-st', steps: 6, batch: 10, trainSubset: 30, evalSubset: 20, evalSamples: 1,
    tauRate: 0, tauMin: 1, tauEvery: 1,
  };

  it('steps use τ = 1/a: the rows match a constant-τ run until the slope moves, then differ; the run reruns from its config', async () => {
    const out = mkdtempSync(join(tmpdir(), 'vae-slope-'));
    const sloped = await train({ config: { ...SLICE, slopePerEpoch: 0.5, slopeMax: 5 }, out: join(out, 'annealed-st'), evalEvery: 3, checkpointEvery: 100 });
    sloped.vae.dispose();
    const flat = await train({ config: SLICE, out: join(out, 'flat'), evalEvery: 3, checkpointEvery: 100 });
    flat.vae.dispose();
    // A row's τ is the one of the last step before it: step 5 (epoch 1) for the row at step 6.
    expect(sloped.rows.map((r) => r.tau)).toEqual([1, 1, 1 / 1.5]);
    expect(flat.rows.map((r) => r.tau)).toEqual([1, 1, 1]);
    const pick = (r: { heldOutNegElbo: number; trainNegElbo: number | null }) => [r.heldOutNegElbo, r.trainNegElbo];
    expect(sloped.rows.slice(0, 2).map(pick)).toEqual(flat.rows.slice(0, 2).map(pick));
    expect(sloped.rows[2]?.heldOutNegElbo).not.toBe(flat.rows[2]?.heldOutNegElbo);

    const again = await rerunPrefix(join(out, 'annealed-st', 'config.json'), 6, join(out, 'again'));
    expect(again.rows.map((r) => r.tau)).toEqual([1, 1, 1 / 1.5]);
    expect(sameRows(join(out, 'annealed-st', 'metrics.csv'), join(out, 'again', 'metrics.csv'))).toEqual({ compared: 3, mismatches: [] });

    // vae:compare will not resume the sloped checkpoint under a budget without the slope schedule.
    await expect(compare({
      budget: { config: { ...SLICE, steps: 9 }, evalEvery: 3, checkpointEvery: 3 }, estimators: ['annealed-st'], out: join(out, 'cmp'), checkpointRoot: join(out),
    })).rejects.toThrow(/was trained with slopePerEpoch = 0\.5, this budget has undefined/);
  }, 120_000);
});

describe('KL warm-up (klWarmupSteps)', () => {
  const loo: RunConfig = { ...DEFAULT_CONFIG, estimator: 'reinforce-loo' };

  it('β = min(1, t/W), by hand; undefined (β = 1) without warm-up; refused for other estimators and bad W', () => {
    const beta = stepKlWeight({ ...loo, klWarmupSteps: 4 });
    expect([0, 1, 2, 3, 4, 5, 1000].map(beta)).toEqual([0, 0.25, 0.5, 0.75, 1, 1, 1]);
    expect(stepKlWeight(loo)(0)).toBeUndefined();
    expect(stepKlWeight({ ...loo, estimator: 'muprop', klWarmupSteps: 2 })(1)).toBe(0.5);
    expect(() => stepKlWeight({ ...loo, estimator: 'st-gs', klWarmupSteps: 4 })).toThrow(/^config\.klWarmupSteps must be absent for estimator st-gs/);
    expect(() => stepKlWeight({ ...loo, klWarmupSteps: 0 })).toThrow(/^config\.klWarmupSteps must be an integer ≥ 1, got 0$/);
    expect(() => stepKlWeight({ ...loo, klWarmupSteps: 2.5 })).toThrow(GumbelRangeError);
  });

  it('--kl-warmup-steps sets the field for score-function runs only', () => {
    expect(parseCli(['--estimator', 'reinforce-loo', '--kl-warmup-steps', '5000']).config.klWarmupSteps).toBe(5000);
    expect(parseCompareCli(['--estimators', 'reinforce-ema,muprop', '--kl-warmup-steps', '10']).budget.config.klWarmupSteps).toBe(10);
    expect('klWarmupSteps' in parseCli(['--estimator', 'reinforce-loo']).config).toBe(false);
    expect(() => parseCli(['--estimator', 'relaxed-gs', '--kl-warmup-steps', '10'])).toThrow("--kl-warmup-steps is reinforce-ema/reinforce-loo/muprop's setting: use it with reinforce-ema or reinforce-loo or muprop alone, got estimator 'relaxed-gs'");
    expect(() => parseCli(['--estimator', 'reinforce-loo', '--kl-warmup-steps', '0'])).toThrow("--kl-warmup-steps must be an integer ≥ 1, got '0'");
  });

  it.each(['reinforce-loo', 'muprop'])('%s: the encoder gradient is linear in β with slope ∇ mean KL; the decoder gradient does not depend on β', async (name) => {
    const vae = createVae({ latents: 3, classes: 4 }, 2);
    const x = tf.tensor2d(firstImages(loadBinarizedMnist().train, 5).pixels, [5, PIXELS]);
    // The same stream for each β: the same samples, so only the KL term's weight differs.
    const at = async (klWeight: number) => (await createStep(name, 1)(vae, { x, tau: 1, rng: CounterRng.fromSeed(9), klWeight })).grads;
    const [g0, gHalf, g1] = [await at(0), await at(0.5), await at(1)];
    const encoderVars = vae.params.filter(([n]) => n.startsWith('enc'));
    expect(encoderVars.length).toBeGreaterThan(0);
    const { value, grads: kl } = tf.variableGrads(() => tf.mean(klToUniform(vae.encode(x), vae.latents)) as tf.Scalar, encoderVars.map(([, v]) => v));
    let encoderChecked = 0;
    for (const [n, v] of vae.params) {
      const [a, h, b] = [g0, gHalf, g1].map((g) => Array.from((g[v.name] as tf.Tensor).dataSync())) as [number[], number[], number[]];
      if (n.startsWith('enc')) {
        const k = Array.from((kl[v.name] as tf.Tensor).dataSync());
        expect(k.some((e) => Math.abs(e) > 1e-6)).toBe(true); // the KL does pull on this parameter
        // float32 sums of terms of size ≲ 1: agreement to 1e-5 absolute, element by element.
        const worst = (d: (i: number) => number) => k.reduce((m, _, i) => Math.max(m, Math.abs(d(i))), 0);
        expect(worst((i) => (b[i] as number) - (a[i] as number) - (k[i] as number))).toBeLessThan(1e-5);
        expect(worst((i) => (h[i] as number) - ((a[i] as number) + (b[i] as number)) / 2)).toBeLessThan(1e-5);
        encoderChecked++;
      } else {
        expect(a).toEqual(b);
      }
    }
    expect(encoderChecked).toBe(encoderVars.length);
    tf.dispose([x, value, ...Object.values(kl), ...[g0, gHalf, g1].flatMap((g) => Object.values(g))]);
    vae.dispose();
  });

  it('steps of other estimators refuse a KL weight', async () => {
    const vae = createVae({ latents: 3, classes: 4 }, 2);
    const x = tf.tensor2d(firstImages(loadBinarizedMnist().train, 2).pixels, [2, PIXELS]);
    await expect(createStep('st-gs', 1)(vae, { x, tau: 1, rng: CounterRng.fromSeed(1), klWeight: 0.5 })).rejects.toThrow(/^input\.klWeight must be absent for estimator st-gs/);
    x.dispose();
    vae.dispose();
  });

  it('a LOO run with warm-up differs from one without after its first step, and reruns exactly from its config', async () => {
    const SLICE: RunConfig = { ...DEFAULT_CONFIG, dataset: 'mnist-full', estimator: 'reinforce-loo', steps: 4, batch: 10, trainSubset: 30, evalSubset: 20, evalSamples: 1 };
    const out = mkdtempSync(join(tmpdir(), 'vae-warmup-'));
    const warm = await train({ config: { ...SLICE, klWarmupSteps: 3 }, out: join(out, 'warm'), evalEvery: 2, checkpointEvery: 100 });
    warm.vae.dispose();
    const plain = await train({ config: SLICE, out: join(out, 'plain'), evalEvery: 2, checkpointEvery: 100 });
    plain.vae.dispose();
    expect(warm.rows[0]?.heldOutNegElbo).toBe(plain.rows[0]?.heldOutNegElbo);
    expect(warm.rows[1]?.heldOutNegElbo).not.toBe(plain.rows[1]?.heldOutNegElbo);
    await rerunPrefix(join(out, 'warm', 'config.json'), 4, join(out, 'again'));
    expect(sameRows(join(out, 'warm', 'metrics.csv'), join(out, 'again', 'metrics.csv'))).toEqual({ compared: 3, mismatches: [] });
  }, 120_000);
});
