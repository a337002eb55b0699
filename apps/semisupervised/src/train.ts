/**
 * A training run of M2: 100 labelled digits (10 per class, by `labelSeed`) and the rest of the first
 * `trainDigits` training digits unlabelled (apps/vae's split, from @gumbel/mnist-shared: 50,000
 * training / 10,000 validation / 10,000 test), minibatches drawn with replacement from the run's one
 * CounterRng, test (and validation) accuracy of argmax q(y | x) every `evalEvery` steps.
 *
 * Checkpoints (@gumbel/mnist-shared's, as apps/vae's) hold the parameters, Adam's state and the
 * CounterRng, so `resume` continues the same stream: a run stopped at step N and resumed gives the
 * metrics of an uninterrupted run (test in train.test.ts). `untilSeconds` stops a run once its
 * training time reaches a budget, so a runner can give several methods equal slices of wall-clock
 * time in turn (scripts/accuracy-runs.sh).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { CounterRng, GumbelRangeError, exponentialDecaySchedule } from '@gumbel/core';
import { hasCheckpoint, loadCheckpointTensors, loadFullMnist, readCheckpointState, saveCheckpoint } from '@gumbel/mnist-shared/node';
import { createM2, KINGMA_SHAPE, type M2, type M2Init } from './model.js';
import { drawMinibatch } from './minibatch.js';
import { accuracy } from './accuracy.js';
import { chooseLabelled } from './labelled-split.js';
import { createTrainer } from './step.js';
import type { Method } from './objective.js';

/**
 * The τ schedule of a run that names none (the CLI's defaults, and checkpoints saved before annealing
 * existed): rate 0, a constant τ; when annealed, every 2,000 steps as Jang et al. §4.3.
 */
export const TAU_SCHEDULE_DEFAULTS = { tauRate: 0, tauEvery: 2000 } as const;

/** The default floor: Jang et al.'s 0.5, or τ itself when τ starts lower (the floor may not exceed the start). */
export function defaultTauMin(tau: number): number {
  return Math.min(0.5, tau);
}

export interface TrainConfig {
  readonly method: Method;
  /** The step to train to (on resume: the new target). */
  readonly steps: number;
  readonly seed: number;
  readonly labelSeed: number;
  readonly batch: number;
  readonly labelledBatch: number;
  readonly lr: number;
  readonly alpha: number;
  /** Weight of the unlabelled term; 0 = the supervised baseline (objective.ts). */
  readonly unlabelledWeight: number;
  /** τ at step 0; with `tauRate` > 0 it anneals as τ(t) = max(tauMin, tau·exp(−tauRate·N·⌊t/N⌋)), N = tauEvery. */
  readonly tau: number;
  /** Jang et al. §4.3: 3e-5, every 2,000 steps, floor 0.5; 0 (the default) keeps τ constant. */
  readonly tauRate: number;
  readonly tauEvery: number;
  readonly tauMin: number;
  readonly trainDigits: number;
  readonly testDigits: number;
  /** Validation digits (the 10,000 after the first 50,000 training digits) scored beside the test set at every evaluation, for choosing settings such as α without looking at the test set; 0 = none. */
  readonly validDigits: number;
  readonly evalEvery: number;
  /** How the weights start (model.ts, `INITS`). */
  readonly init: M2Init;
}

/** One evaluation: what accuracy.json and the plot are made from. */
export interface MetricsRow {
  readonly step: number;
  /** Seconds spent in training steps so far, over every session of the run (evaluations and loading excluded). */
  readonly seconds: number;
  readonly testAccuracy: number;
  /** Accuracy on the validation digits (null when the run scores none). */
  readonly validAccuracy: number | null;
  /** Mean minibatch objective since the previous row (null at step 0). */
  readonly loss: number | null;
  /** The machine's 1-minute load average (a shared machine: timings depend on it). */
  readonly load1: number;
  /** The Gumbel-Softmax temperature of the next step (the annealing schedule's τ(step)); absent in rows written before it was recorded. */
  readonly tau?: number;
}

export interface Progress {
  readonly step: number;
  readonly steps: number;
  readonly loss: number;
  readonly stepsPerSec: number;
  readonly seconds: number;
}

export interface TrainOptions {
  readonly config: TrainConfig;
  /** Where metrics.json and checkpoint/ go; without it nothing is written and `resume` is impossible. */
  readonly out?: string;
  readonly resume?: boolean;
  readonly checkpointEvery?: number;
  /** Stop (checkpoint, evaluate) once the run's training seconds reach this. */
  readonly untilSeconds?: number;
  readonly shouldStop?: () => boolean;
  readonly onProgress?: (p: Progress) => void;
  readonly onEval?: (row: MetricsRow) => void;
}

export interface TrainResult {
  readonly step: number;
  readonly rows: readonly MetricsRow[];
  /** The test accuracy at the last evaluation. */
  readonly testAccuracy: number;
  /** True when stopped by `shouldStop` or `untilSeconds` before config.steps. */
  readonly stopped: boolean;
  /** The run's settings (on resume: the checkpoint's, with the new target step). */
  readonly config: TrainConfig;
  /** The caller owns it. */
  readonly model: M2;
}

interface SavedWindow { readonly loss: number; readonly steps: number; readonly seconds: number }

async function readRows(out: string, upTo: number): Promise<MetricsRow[]> {
  const file = join(out, 'metrics.json');
  if (!existsSync(file)) return [];
  const json = JSON.parse(await readFile(file, 'utf8')) as { rows: MetricsRow[] };
  // Rows written after the checkpoint (a run killed between the two) are dropped: they will be rewritten.
  return json.rows.filter((r) => r.step <= upTo);
}

export async function train(options: TrainOptions): Promise<TrainResult> {
  const { out } = options;
  let config = options.config;
  let step = 0;
  // A stream of its own for data and noise, split off the model's seed so init and draws never overlap.
  let rng = CounterRng.fromSeed(config.seed).split();
  let window: SavedWindow = { loss: 0, steps: 0, seconds: 0 };
  let history: MetricsRow[] = [];
  if (options.resume === true) {
    if (out === undefined || !hasCheckpoint(out)) throw new GumbelRangeError('resume', out ?? '(no out)', 'a folder holding checkpoint/state.json');
    const saved = await readCheckpointState<TrainConfig, never>(out);
    // The checkpoint's settings win; only the target step may change.
    // Runs saved before these settings existed keep what they did: no validation digits, the whole M2 objective.
    config = {
      ...saved.config, validDigits: saved.config.validDigits ?? 0, unlabelledWeight: saved.config.unlabelledWeight ?? 1, init: saved.config.init ?? 'glorot',
      tauRate: saved.config.tauRate ?? TAU_SCHEDULE_DEFAULTS.tauRate, tauEvery: saved.config.tauEvery ?? TAU_SCHEDULE_DEFAULTS.tauEvery,
      tauMin: saved.config.tauMin ?? defaultTauMin(saved.config.tau), steps: options.config.steps,
    };
    step = saved.step;
    rng = CounterRng.fromState(saved.rng);
    window = (saved.window as SavedWindow | undefined) ?? window;
    history = await readRows(out, step);
  }
  if (out !== undefined) await mkdir(out, { recursive: true });
  const data = loadFullMnist({ train: config.trainDigits, valid: config.validDigits, test: config.testDigits });
  const split = chooseLabelled(data.train.labels, 10, config.labelSeed);
  const model = createM2(KINGMA_SHAPE, config.seed, config.init);
  const trainer = createTrainer(model, config);
  const tauAt = exponentialDecaySchedule({ initial: config.tau, rate: config.tauRate, min: config.tauMin, every: config.tauEvery });
  if (options.resume === true && out !== undefined) await loadCheckpointTensors(out, model, trainer.optimizer);

  // Seconds at the last row, plus this session's step time; the window's seconds survive a resume.
  let seconds = (history.at(-1)?.seconds ?? 0) + window.seconds;
  const evaluate = async (): Promise<MetricsRow> => {
    const row: MetricsRow = {
      step, seconds, testAccuracy: await accuracy(model, data.test),
      validAccuracy: config.validDigits === 0 ? null : await accuracy(model, data.valid),
      loss: window.steps === 0 ? null : window.loss / window.steps, load1: loadavg()[0] ?? 0, tau: tauAt(step),
    };
    history.push(row);
    window = { loss: 0, steps: 0, seconds: 0 };
    options.onEval?.(row);
    if (out !== undefined) await writeFile(join(out, 'metrics.json'), `${JSON.stringify({ config, rows: history }, null, 2)}\n`);
    return row;
  };
  const save = async (): Promise<void> => {
    if (out !== undefined) await saveCheckpoint(out, model, trainer.optimizer, { step, rng: rng.getState(), config, window });
  };

  let stopped = false;
  try {
    if (step === 0 && history.length === 0) await evaluate();
    while (step < config.steps) {
      // Let a SIGINT handler run: tfjs-wasm's data() resolves as a microtask and would starve it.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (options.shouldStop?.() === true || (options.untilSeconds !== undefined && seconds >= options.untilSeconds)) {
        stopped = true;
        break;
      }
      const started = performance.now();
      const batch = drawMinibatch(data.train, split, rng, config.labelledBatch, config.batch);
      let loss: number;
      try {
        // τ for the step about to be taken (step + 1 counts from 1; the schedule's t is the steps done).
        loss = await trainer.step(batch, rng, tauAt(step));
      } finally {
        tf.dispose([batch.labelledX, batch.labels, batch.unlabelledX]);
      }
      if (!Number.isFinite(loss)) throw new Error(`training diverged at step ${step + 1}: objective ${loss}`);
      const dt = (performance.now() - started) / 1000;
      step += 1;
      seconds += dt;
      window = { loss: window.loss + loss, steps: window.steps + 1, seconds: window.seconds + dt };
      options.onProgress?.({ step, steps: config.steps, loss: window.loss / window.steps, stepsPerSec: window.steps / window.seconds, seconds });
      if (step % config.evalEvery === 0 || step === config.steps) await evaluate();
      if (options.checkpointEvery !== undefined && step % options.checkpointEvery === 0) await save();
    }
    // A stopped run is evaluated where it stopped, so its last row is its state at the budget.
    if (history.at(-1)?.step !== step) await evaluate();
    await save();
  } finally {
    trainer.dispose();
  }
  return { step, rows: history, testAccuracy: (history.at(-1) as MetricsRow).testAccuracy, stopped, config, model };
}
