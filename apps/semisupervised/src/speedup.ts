/**
 * Steps/s of marginalisation and of one Gumbel-Softmax sample for several k, in one process,
 * alternating between the methods in short rounds so a change of load (the machine is shared) hits
 * both alike; the ratio is what to read. For every k it is the same M2 with a k-way classifier and a
 * k-dimensional y, trained as Jang et al. (2017, §4.3) timed theirs: "MNIST images with randomly
 * generated labels" — the labelled minibatch's labels are drawn uniformly from 0…k−1 (seeded). The
 * labels change no cost (a one-hot row is a one-hot row), so the timings are those of the task.
 *
 * A step is the whole training step: labelled and unlabelled minibatches, forward, backward, Adam.
 */
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { CounterRng, GumbelRangeError, fillUniforms } from '@gumbel/core';
import { createM2, KINGMA_SHAPE, PIXELS } from './model.js';
import { loadFullMnist } from '@gumbel/mnist-shared/node';
import { createTrainer, type Minibatch } from './step.js';
import type { Method } from './objective.js';

export interface SpeedCell {
  readonly k: number;
  readonly marginalStepsPerSec: number;
  readonly gumbelStepsPerSec: number;
  /** gumbelStepsPerSec / marginalStepsPerSec. */
  readonly ratio: number;
  readonly marginalSteps: number;
  readonly gumbelSteps: number;
}

export interface SpeedOptions {
  readonly ks: readonly number[];
  /** Measured seconds per method per k (split over `rounds`). */
  readonly seconds: number;
  readonly rounds: number;
  /** Unlabelled and labelled digits per step. */
  readonly batch: number;
  readonly labelledBatch: number;
  readonly gumbelMethod: Exclude<Method, 'marginal'>;
  readonly seed?: number;
  readonly onCell?: (cell: SpeedCell) => void;
}

/** `count` labels uniform on 0…k−1 from CounterRng(seed): the paper's "randomly generated labels". */
export function randomLabels(count: number, k: number, seed: number): tf.Tensor1D {
  const u = new Float64Array(count);
  fillUniforms(u, CounterRng.fromSeed(seed).reserve(count));
  return tf.tensor1d(Array.from(u, (v) => Math.min(k - 1, Math.floor(v * k))), 'float32');
}

async function timed(run: () => Promise<unknown>, seconds: number): Promise<{ steps: number; ms: number }> {
  const start = performance.now();
  let steps = 0;
  // At least one step, so the slowest cell (k = 100, marginal) still counts a whole step.
  do {
    await run();
    steps++;
  } while (performance.now() - start < seconds * 1000);
  return { steps, ms: performance.now() - start };
}

export async function measureSpeedup(options: SpeedOptions): Promise<{ cells: SpeedCell[]; loadBefore: number[]; loadAfter: number[] }> {
  for (const k of options.ks) if (!Number.isInteger(k) || k < 2) throw new GumbelRangeError('k', k, 'an integer ≥ 2');
  if (!(options.seconds > 0)) throw new GumbelRangeError('seconds', options.seconds, '> 0');
  const seed = options.seed ?? 0;
  const loadBefore = loadavg();
  // The first `batch` training digits unlabelled, the next `labelledBatch` labelled (timing only: which digits does not matter).
  const d = loadFullMnist({ train: options.batch + options.labelledBatch, valid: 0, test: 0 }).train;
  const split = options.batch * PIXELS;
  const unlabelledX = tf.tensor2d(d.pixels.subarray(0, split), [options.batch, PIXELS]);
  const labelledX = tf.tensor2d(d.pixels.subarray(split), [options.labelledBatch, PIXELS]);
  const cells: SpeedCell[] = [];
  try {
    for (const k of options.ks) {
      const labels = randomLabels(options.labelledBatch, k, seed);
      const batch: Minibatch = { unlabelledX, labelledX, labels };
      const runs = (['marginal', options.gumbelMethod] as const).map((method) => {
        const model = createM2({ ...KINGMA_SHAPE, classes: k }, seed);
        const trainer = createTrainer(model, { method, tau: 1, alpha: 1, lr: 3e-4 });
        const rng = CounterRng.fromSeed(seed);
        return { model, trainer, step: () => trainer.step(batch, rng), steps: 0, ms: 0 };
      });
      try {
        for (const r of runs) await r.step(); // warm-up: kernels compiled, Adam's moments created
        for (let round = 0; round < options.rounds; round++) {
          for (const r of runs) {
            const t = await timed(r.step, options.seconds / options.rounds);
            r.steps += t.steps;
            r.ms += t.ms;
          }
        }
      } finally {
        for (const r of runs) { r.trainer.dispose(); r.model.dispose(); }
        labels.dispose();
      }
      const [m, g] = runs as [(typeof runs)[0], (typeof runs)[0]];
      const marginalStepsPerSec = (1000 * m.steps) / m.ms;
      const gumbelStepsPerSec = (1000 * g.steps) / g.ms;
      const cell = { k, marginalStepsPerSec, gumbelStepsPerSec, ratio: gumbelStepsPerSec / marginalStepsPerSec, marginalSteps: m.steps, gumbelSteps: g.steps };
      cells.push(cell);
      options.onCell?.(cell);
    }
  } finally {
    tf.dispose([unlabelledX, labelledX]);
  }
  return { cells, loadBefore, loadAfter: loadavg() };
}
