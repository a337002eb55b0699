/**
 * One optimizer step of M2: the objective's gradient for every parameter (tf.variableGrads, the
 * whole model on the tape, gumbelSoftmax's custom gradient included) and an Adam update. All noise
 * (ε for z, the Gumbel noise for ỹ) comes from the caller's CounterRng, so a run is a function of
 * its seed and a checkpoint of the stream reproduces it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { GumbelRangeError, type CounterRng } from '@gumbel/core';
import type { M2 } from './model.js';
import { normalNoise } from './normal-noise.js';
import { checkMethod, semiSupervisedLoss, type Method } from './objective.js';

export interface StepConfig {
  readonly method: Method;
  readonly tau: number;
  readonly alpha: number;
  /** Adam's learning rate. */
  readonly lr: number;
  /** See LossOptions.unlabelledWeight (default 1). */
  readonly unlabelledWeight?: number;
}

export interface Minibatch {
  readonly labelledX: tf.Tensor2D;
  readonly labels: tf.Tensor1D;
  readonly unlabelledX: tf.Tensor2D;
}

export interface Trainer {
  readonly optimizer: tf.AdamOptimizer;
  /**
   * One step; returns the minibatch objective before the update. The caller keeps ownership of the
   * batch. `tau` overrides the config's temperature for this step (an annealing schedule, train.ts).
   */
  step(batch: Minibatch, rng: CounterRng, tau?: number): Promise<number>;
  dispose(): void;
}

export function createTrainer(m: M2, config: StepConfig): Trainer {
  checkMethod(config.method);
  if (!(Number.isFinite(config.tau) && config.tau > 0)) throw new GumbelRangeError('tau', config.tau, 'finite and > 0');
  if (!(Number.isFinite(config.lr) && config.lr > 0)) throw new GumbelRangeError('lr', config.lr, 'finite and > 0');
  const optimizer = tf.train.adam(config.lr);
  const vars = m.params.map(([, v]) => v);
  return {
    optimizer,
    async step(batch, rng, tau = config.tau) {
      // No check of `tau` here: the Gumbel-Softmax op validates it (the marginal method does not use it).
      const epsL = normalNoise(batch.labelledX.shape[0], m.latent, rng);
      const epsU = normalNoise(batch.unlabelledX.shape[0], m.latent, rng);
      try {
        const { value, grads } = tf.variableGrads(
          () => semiSupervisedLoss(m, batch, epsL, epsU, { method: config.method, tau, alpha: config.alpha, unlabelledWeight: config.unlabelledWeight ?? 1, seed: rng }),
          vars,
        );
        // Adam matches moments to gradients by position: pass them in parameter order.
        optimizer.applyGradients(vars.map((v) => ({ name: v.name, tensor: grads[v.name] as tf.Tensor })));
        const loss = (await value.data())[0] as number;
        value.dispose();
        tf.dispose(grads);
        return loss;
      } finally {
        epsL.dispose();
        epsU.dispose();
      }
    },
    dispose: () => optimizer.dispose(),
  };
}
