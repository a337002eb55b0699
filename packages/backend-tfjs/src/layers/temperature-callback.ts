/**
 * The temperature schedule hook: a `model.fit` callback that sets a `GumbelSoftmax` layer's τ to
 * `schedule(step)` before every batch, `step` counting batches across epochs from `startStep`.
 * Any `(step) => τ` works; core's `exponentialDecaySchedule` is the usual one (Jang et al. 2017).
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { GumbelTypeError } from '@gumbel/core';
import type { GumbelSoftmax } from './gumbel-softmax-layer.js';

export function temperatureSchedule(layer: GumbelSoftmax, schedule: (step: number) => number, startStep = 0): tfl.CustomCallback {
  if (typeof schedule !== 'function') throw new GumbelTypeError('schedule', schedule, 'a function (step) => tau');
  let step = startStep;
  return new tfl.CustomCallback({
    onBatchBegin: () => {
      layer.setTemperature(schedule(step));
      step += 1;
    },
  });
}
