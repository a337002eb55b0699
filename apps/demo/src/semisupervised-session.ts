/**
 * The semi-supervised panel's models and training loop, loaded on demand (it pulls in
 * @gumbel/semisupervised/browser and tfjs-core's gradients). Two copies of M2 from the same seed, one
 * trained with the unlabelled bound marginalised over the 10 classes and one with a single
 * Gumbel-Softmax sample — apps/semisupervised's own model, objective, Adam step, labelled split and
 * minibatch draw, so the page trains what the CLI trains (on the page's 9,000 digits, not the CLI's
 * 50,000: see the panel's blurb). `trainFor(ms)` steps whichever method has had less training time,
 * so both get the same time and load on the machine hits both alike, and returns; every tensor a chunk makes is disposed before it
 * returns.
 */
// tfjs-core's ESM entry registers no gradients; tf.variableGrads needs them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { CounterRng } from '@gumbel/core';
import type { BinaryImages } from '@gumbel/mnist-shared';
import { accuracy, chooseLabelled, createM2, createTrainer, drawMinibatch, KINGMA_SHAPE, type M2, type Method, type Trainer } from '@gumbel/semisupervised/browser';
import type { MnistSplit } from '@gumbel/vae/data';

export { loadData } from './mnist-load.js';

/** Each method's accuracy is measured every EVAL_EVERY of its steps. */
export const EVAL_EVERY = 25;

export interface SemiOptions {
  readonly gumbel: Exclude<Method, 'marginal'>;
  /** Unlabelled digits per step (and as many labelled ones, as in the CLI). */
  readonly batch: number;
  readonly seed: number;
  /** Adam's learning rate, α and τ as the CLI's defaults (Kingma et al.'s code: 3e-4, 0.1). */
  readonly lr: number;
  readonly alpha: number;
  readonly tau: number;
}

export interface AccuracyPoint {
  readonly step: number;
  /** Seconds spent in this method's training steps so far. */
  readonly seconds: number;
  readonly accuracy: number;
}

export interface MethodRun {
  readonly method: Method;
  readonly step: number;
  readonly seconds: number;
  readonly curve: readonly AccuracyPoint[];
}

export interface SemiSession {
  readonly options: SemiOptions;
  readonly runs: readonly [MethodRun, MethodRun];
  /** Trains for about `ms` (whole steps), keeping both methods' training times equal. */
  trainFor(ms: number): Promise<void>;
  dispose(): void;
}

interface Run extends MethodRun {
  step: number;
  seconds: number;
  curve: AccuracyPoint[];
  readonly model: M2;
  readonly trainer: Trainer;
  readonly rng: CounterRng;
}

export async function createSemiSession(split: MnistSplit, options: SemiOptions): Promise<SemiSession> {
  const train: BinaryImages = split.train;
  const heldOut: BinaryImages = split.heldOut;
  // 10 labelled digits per class, the rest unlabelled, fixed by the seed (as the CLI's --label-seed).
  const labelled = chooseLabelled(train.labels, 10, options.seed);
  const make = (method: Method): Run => {
    const model = createM2(KINGMA_SHAPE, options.seed);
    return {
      method, step: 0, seconds: 0, curve: [], model,
      trainer: createTrainer(model, { method, tau: options.tau, alpha: options.alpha, lr: options.lr }),
      // The same stream for both: the same minibatches and ε, so the methods differ only in the bound.
      rng: CounterRng.fromSeed(options.seed).split(),
    };
  };
  const runs: [Run, Run] = [make('marginal'), make(options.gumbel)];
  const evaluate = async (r: Run): Promise<void> => {
    r.curve.push({ step: r.step, seconds: r.seconds, accuracy: await accuracy(r.model, heldOut) });
  };
  for (const r of runs) await evaluate(r);

  const trainStep = async (r: Run): Promise<void> => {
    const started = performance.now();
    const batch = drawMinibatch(train, labelled, r.rng, options.batch, options.batch);
    try {
      const loss = await r.trainer.step(batch, r.rng);
      if (!Number.isFinite(loss)) throw new Error(`${r.method} diverged at step ${r.step + 1}: objective ${loss}`);
    } finally {
      tf.dispose([batch.labelledX, batch.labels, batch.unlabelledX]);
    }
    r.step += 1;
    r.seconds += (performance.now() - started) / 1000;
    if (r.step % EVAL_EVERY === 0) await evaluate(r);
  };

  return {
    options,
    runs,
    async trainFor(ms) {
      // Always step the method that has had less training time, so the two stay within one step of
      // equal time (a marginal step can take longer than a whole chunk: halving each chunk would not).
      const until = performance.now() + ms;
      do await trainStep(runs[0].seconds <= runs[1].seconds ? runs[0] : runs[1]);
      while (performance.now() < until);
    },
    dispose() {
      for (const r of runs) {
        r.trainer.dispose();
        r.model.dispose();
      }
    },
  };
}

export const liveTensors = (): number => tf.memory().numTensors;
export const activeEngine = (): string => tf.getBackend();
