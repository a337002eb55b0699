/**
 * A training run of M2: 100 labelled digits (10 per class, by `labelSeed`) and the rest of the first
 * `trainDigits` training digits unlabelled (the paper's 50,000 by default; the last 10,000 of the
 * file are left for validation, as in apps/vae's split), minibatches drawn with replacement from the
 * run's one CounterRng, test accuracy of argmax q(y | x) every `evalEvery` steps.
 * Checkpoints and --resume are not written yet (see README: apps/vae's checkpoint should be shared).
 */
import * as tf from '@tensorflow/tfjs-core';
import { CounterRng } from '@gumbel/core';
import { createM2, KINGMA_SHAPE, PIXELS, type M2 } from './model.js';
import { loadDigits, type Digits } from './mnist-idx.js';
import { chooseLabelled } from './labelled-split.js';
import { createTrainer, type Minibatch } from './step.js';
import type { Method } from './objective.js';

export interface TrainConfig {
  readonly method: Method;
  readonly steps: number;
  readonly seed: number;
  readonly labelSeed: number;
  readonly batch: number;
  readonly labelledBatch: number;
  readonly lr: number;
  readonly alpha: number;
  readonly tau: number;
  readonly trainDigits: number;
  readonly testDigits: number;
  readonly evalEvery: number;
}

export interface Progress {
  readonly step: number;
  readonly loss: number;
  readonly stepsPerSec: number;
  readonly testAccuracy?: number;
}

function rows(d: Digits, indices: readonly number[], rng: CounterRng, n: number): { x: tf.Tensor2D; labels: number[] } {
  const pixels = new Float32Array(n * PIXELS);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const j = indices[Math.floor(rng.next() * indices.length)] as number;
    pixels.set(d.pixels.subarray(j * PIXELS, (j + 1) * PIXELS), i * PIXELS);
    labels.push(d.labels[j] as number);
  }
  return { x: tf.tensor2d(pixels, [n, PIXELS]), labels };
}

/** Fraction of digits whose argmax q(y | x) is their label. */
export async function accuracy(m: M2, d: Digits): Promise<number> {
  let right = 0;
  for (let start = 0; start < d.count; start += 500) {
    const n = Math.min(500, d.count - start);
    const argmax = tf.tidy(() => tf.argMax(m.classify(tf.tensor2d(d.pixels.subarray(start * PIXELS, (start + n) * PIXELS), [n, PIXELS])), 1));
    const predicted = await argmax.data();
    argmax.dispose();
    for (let i = 0; i < n; i++) if (predicted[i] === d.labels[start + i]) right++;
  }
  return right / d.count;
}

export async function train(config: TrainConfig, onProgress: (p: Progress) => void = () => {}): Promise<{ testAccuracy: number; model: M2 }> {
  const data = loadDigits('train', 0, config.trainDigits);
  const test = loadDigits('test', 0, config.testDigits);
  const split = chooseLabelled(data.labels, 10, config.labelSeed);
  const model = createM2(KINGMA_SHAPE, config.seed);
  const trainer = createTrainer(model, config);
  // A stream of its own for data and noise, split off the model's seed so init and draws never overlap.
  const rng = CounterRng.fromSeed(config.seed).split();
  const start = performance.now();
  let testAccuracy = Number.NaN;
  try {
    for (let step = 1; step <= config.steps; step++) {
      const l = rows(data, split.labelled, rng, config.labelledBatch);
      const u = rows(data, split.unlabelled, rng, config.batch);
      const batch: Minibatch = { labelledX: l.x, labels: tf.tensor1d(l.labels), unlabelledX: u.x };
      let loss: number;
      try {
        loss = await trainer.step(batch, rng);
      } finally {
        tf.dispose([batch.labelledX, batch.labels, batch.unlabelledX]);
      }
      const evaluate = step % config.evalEvery === 0 || step === config.steps;
      if (evaluate) testAccuracy = await accuracy(model, test);
      onProgress({ step, loss, stepsPerSec: (1000 * step) / (performance.now() - start), ...(evaluate ? { testAccuracy } : {}) });
    }
  } finally {
    trainer.dispose();
  }
  return { testAccuracy, model };
}
