import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { loadFullMnist, useBackend } from '@gumbel/mnist-shared/node';
import { accuracy } from './accuracy.js';
import { parseTrainArgs, UsageError } from './train-args.js';
import { train, type TrainResult } from './train.js';

const CLI = fileURLToPath(new URL('../dist/train-cli.js', import.meta.url));
const TINY = ['--batch', '4', '--labelled-batch', '4', '--train-digits', '300', '--test-digits', '40', '--valid-digits', '30', '--backend', 'cpu'];
const scratch = mkdtempSync(join(tmpdir(), 'semisupervised-train-'));

beforeAll(async () => {
  await useBackend('cpu');
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const weights = (r: TrainResult): number[][] => r.model.params.map(([, v]) => Array.from(v.dataSync()));
/** Rows without the timing fields, which differ between runs by nature. */
const metrics = (r: TrainResult) => r.rows.map(({ step, testAccuracy, validAccuracy, loss }) => ({ step, testAccuracy, validAccuracy, loss }));

describe('training run and its flags', () => {
  it('parses flags (α = 200 by default, see train-args.ts); bad flags are UsageErrors naming the value', () => {
    const cli = parseTrainArgs(['--method', 'marginal', '--train-digits', '1000', '--out', 'x', '--resume', '--until-seconds', '30']);
    expect(cli.config.method).toBe('marginal');
    expect(cli.config.alpha).toBe(200);
    expect([cli.out, cli.resume, cli.untilSeconds, cli.checkpointEvery]).toEqual(['x', true, 30, 500]);
    expect(() => parseTrainArgs(['--steps', '0'])).toThrow(/--steps.*0/);
    expect(() => parseTrainArgs(['--method', 'sum'])).toThrow(/--method.*sum/);
    expect(() => parseTrainArgs(['--nope'])).toThrow(UsageError);
    expect(() => parseTrainArgs(['--train-digits', '60000'])).toThrow(/60000/);
    expect(() => parseTrainArgs(['--resume'])).toThrow(/--resume needs --out/);
    expect(() => parseTrainArgs(['--valid-digits', '10001'])).toThrow(/--valid-digits must be at most 10000, got 10001/);
    expect(parseTrainArgs(['--valid-digits', '0']).config.validDigits).toBe(0);
    expect(parseTrainArgs(['--unlabelled-weight', '0']).config.unlabelledWeight).toBe(0);
    expect([parseTrainArgs([]).config.init, parseTrainArgs(['--init', 'kingma']).config.init]).toEqual(['glorot', 'kingma']);
    expect(() => parseTrainArgs(['--init', 'he'])).toThrow(/--init must be one of glorot, kingma, got he/);
    expect(() => parseTrainArgs(['--unlabelled-weight=-1'])).toThrow(/--unlabelled-weight must be a number ≥ 0, got -1/);
    expect(() => parseTrainArgs(['--until-seconds=-1'])).toThrow(/--until-seconds must be a number > 0, got -1/);
  });

  it('is a function of its seed, leaves only the model\'s tensors, and reports test accuracy', async () => {
    const { config } = parseTrainArgs([...TINY, '--steps', '2']);
    const before = tf.memory().numTensors;
    const a = await train({ config });
    expect(tf.memory().numTensors - before).toBe(a.model.params.length);
    const w = weights(a);
    a.model.dispose();
    const b = await train({ config });
    expect(weights(b)).toEqual(w);
    expect(b.testAccuracy).toBeGreaterThanOrEqual(0);
    expect(b.testAccuracy).toBeLessThanOrEqual(1);
    expect(b.rows.map((r) => r.step)).toEqual([0, 2]);
    // The validation column scores the 30 digits after the 50,000 training digits, not the test set.
    const valid = loadFullMnist({ train: 300, valid: 30, test: 40 }).valid;
    expect(valid.count).toBe(30);
    expect(b.rows.at(-1)?.validAccuracy).toBe(await accuracy(b.model, valid));
    b.model.dispose();
  });

  it.each([['st-gs', 'kingma'], ['marginal', 'glorot']] as const)('%s (%s init): stopped after 3 steps and resumed to 6, the same weights and metrics as 6 steps in one go', async (method, init) => {
    const { config } = parseTrainArgs([...TINY, '--method', method, '--init', init, '--steps', '6', '--eval-every', '3']);
    const whole = await train({ config });
    const out = join(scratch, method);
    const first = await train({ config: { ...config, steps: 3 }, out });
    expect(first.step).toBe(3);
    first.model.dispose();
    const before = tf.memory().numTensors;
    const resumed = await train({ config: { ...config, steps: 6 }, out, resume: true });
    expect(tf.memory().numTensors - before).toBe(resumed.model.params.length);
    expect(resumed.step).toBe(6);
    expect(resumed.config.init).toBe(init);
    expect(metrics(resumed)).toEqual(metrics(whole));
    expect(weights(resumed)).toEqual(weights(whole));
    // Seconds add up over the two sessions.
    expect(resumed.rows[2]?.seconds).toBeGreaterThan(resumed.rows[1]?.seconds ?? Infinity);
    whole.model.dispose();
    resumed.model.dispose();
  });

  it('anneals τ on the schedule asked for (and its steps use it); the default keeps τ constant', async () => {
    // rate ln 2 / 2 every 2 steps: τ = 1 for steps 0–1, 1/2 for 2–3, 1/4 for 4–5, floored at 0.3 after.
    const annealed = parseTrainArgs([...TINY, '--method', 'relaxed-gs', '--steps', '4', '--eval-every', '2', '--tau-rate', String(Math.LN2 / 2), '--tau-every', '2', '--tau-min', '0.3']).config;
    const a = await train({ config: annealed });
    expect(a.rows.map((r) => r.tau)).toEqual([1, 0.5, 0.3]);
    const constant = { ...annealed, tauRate: 0 };
    const c = await train({ config: constant });
    expect(c.rows.map((r) => r.tau)).toEqual([1, 1, 1]);
    // Same draws: equal after 2 steps (both at τ = 1), different after 4 (τ = 1/2 against 1).
    const at2 = await train({ config: { ...annealed, steps: 2 } });
    const c2 = await train({ config: { ...constant, steps: 2 } });
    expect(weights(at2)).toEqual(weights(c2));
    expect(weights(a)).not.toEqual(weights(c));
    for (const r of [a, c, at2, c2]) r.model.dispose();
    expect(() => parseTrainArgs(['--tau', '0.4', '--tau-min', '0.5'])).toThrow(/--tau-min must be at most --tau \(0\.4\), got 0\.5/);
    expect(parseTrainArgs(['--tau', '0.4']).config.tauMin).toBe(0.4);
    expect(() => parseTrainArgs(['--tau-every', '0'])).toThrow(/--tau-every must be an integer > 0, got 0/);
  });

  it('stops at a training-time budget with a checkpoint and a row where it stopped', async () => {
    const { config } = parseTrainArgs([...TINY, '--steps', '1000', '--eval-every', '1000']);
    const out = join(scratch, 'budget');
    const r = await train({ config, out, untilSeconds: 1e-9 });
    // The budget is checked before each step: one step passes it.
    expect([r.stopped, r.step, r.rows.map((x) => x.step)]).toEqual([true, 1, [0, 1]]);
    r.model.dispose();
    await expect(train({ config, out: join(scratch, 'none'), resume: true })).rejects.toThrow(/resume/);
  });

  it.skipIf(!existsSync(CLI))('the built CLI trains, resumes from its checkpoint, and exits 2 on a bad flag', () => {
    const out = join(scratch, 'cli');
    const first = execFileSync(process.execPath, [CLI, ...TINY, '--method', 'st-gs', '--steps', '2', '--out', out], { encoding: 'utf8' });
    expect(first).toMatch(/final test accuracy \d+\.\d\d% \(st-gs, 2 steps, seed 0\)/);
    const again = execFileSync(process.execPath, [CLI, '--resume', '--out', out, '--steps', '3', '--backend', 'cpu'], { encoding: 'utf8' });
    expect(again).toMatch(/resuming .* to step 3/);
    expect(again).toMatch(/final test accuracy \d+\.\d\d% \(st-gs, 3 steps, seed 0\)/);
    const bad = spawnSync(process.execPath, [CLI, '--steps', 'x'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--steps must be an integer > 0, got x/);
  });
});
