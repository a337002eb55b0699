/**
 * Gumbel-Rao (Paulus, Maddison & Krause 2021): Rao-Blackwellised straight-through Gumbel-Softmax.
 * The forward value is the one-hot D = onehot(argmax(logits + g)), as in ST-GS. The ST-GS gradient
 * J(softmax((logits + g)/τ))ᵀ·dL/dD depends on g, but the loss only on D, so replacing it by its
 * conditional expectation given D keeps the mean and lowers the variance. That expectation is
 * estimated with K Gumbels drawn conditionally on argmax(logits + g_i) = D (the backend's
 * `conditionalGumbelNoise`, the "reverse Gumbel" construction) and averaged.
 * K = 1 has the same distribution as ST-GS.
 */
import type { Backend, RandomSource } from '@gumbel/core';
import { requireBackend } from './capabilities.js';
import { readAndDispose } from './host-reads.js';
import type { Reading } from './host-reads.js';
import { EstimatorState, beginCategoricalDraw, positiveInteger } from './options.js';
import { definePathwise, finishSample } from './protocol.js';
import type { EstimatorGradients, EstimatorSample, PathwiseEstimator, SampleOptions, TemperatureOption } from './types.js';

export interface GumbelRaoOptions<T> {
  readonly seed?: RandomSource;
  readonly tau?: TemperatureOption<T>;
  /** K, conditional Gumbel draws averaged per backward pass (default 10). */
  readonly samples?: number;
}

export interface GumbelRaoEstimator<T> extends PathwiseEstimator<T> {
  readonly samples: number;
}

export function createGumbelRao<T>(backend: Backend<T>, options: GumbelRaoOptions<T> = {}): GumbelRaoEstimator<T> {
  requireBackend(backend, 'Gumbel-Rao', ['seededNoise', 'gradients', 'conditionalGumbel']);
  const K = positiveInteger(options.samples, 10, 'samples');
  const state = new EstimatorState(options.seed);
  const defaultTau = options.tau ?? 1;
  return definePathwise(
    backend,
    'gumbel-rao',
    state,
    function* (logits: T, sampleOptions?: SampleOptions<T>): Reading<T, EstimatorSample<T, T>> {
      const { batch, k, rng, tau, noise } = beginCategoricalDraw(backend, state, logits, sampleOptions, defaultTau);
      const { hard, soft } = backend.straightThroughSample({ logits, tau, noise });
      backend.dispose(noise, soft);
      const index = backend.argmax(hard);
      // The backward pass's own stream, fixed now: repeated backward calls draw the same Gumbels.
      const backwardRng = rng.split();
      return finishSample(backend, {
        value: hard,
        tau,
        *backward(dy: T): Reading<T, EstimatorGradients<T>> {
          const stream = backwardRng.clone();
          const sumLogits = new Float64Array(batch * k);
          let sumTau: Float64Array | undefined;
          for (let draw = 0; draw < K; draw++) {
            const g = backend.conditionalGumbelNoise(logits, index, stream);
            const y = backend.relaxedSample({ logits, tau, noise: g });
            const grads = backend.relaxedSampleVjp({ logits, tau, noise: g, y, dy });
            backend.dispose(g, y);
            const dl = yield* readAndDispose(backend, grads.dLogits);
            const dt = yield* readAndDispose(backend, grads.dTau);
            for (let i = 0; i < dl.length; i++) sumLogits[i] = (sumLogits[i] as number) + (dl[i] as number);
            sumTau ??= new Float64Array(dt.length);
            for (let i = 0; i < dt.length; i++) sumTau[i] = (sumTau[i] as number) + (dt[i] as number);
          }
          const tauShape = typeof tau === 'number' ? [] : [batch];
          return {
            dLogits: backend.fromArray(sumLogits.map((v) => v / K), [batch, k]),
            dTau: backend.fromArray((sumTau ?? new Float64Array(0)).map((v) => v / K), tauShape),
          };
        },
        dispose: () => backend.dispose(index),
      });
    },
    { samples: K },
  );
}
