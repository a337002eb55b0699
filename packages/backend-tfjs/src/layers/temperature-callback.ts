/**
 * The temperature schedule hook: a `model.fit` callback that sets a `GumbelSoftmax` layer's τ to
 * `schedule(step)` before every batch, `step` counting batches across epochs and `fit` calls.
 * The count lives in the layer (`scheduleStep`, a saved weight), so a model saved mid-training and
 * loaded again continues its schedule; `startStep` overrides where it starts.
 * Any `(step) => τ` works; core's `exponentialDecaySchedule` is the usual one (Jang et al. 2017).
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { GumbelTypeError } from '@gumbel/core';
import type { GumbelSoftmax } from './gumbel-softmax-layer.js';

export function temperatureSchedule(layer: GumbelSoftmax, schedule: (step: number) => number, startStep?: number): tfl.CustomCallback {
  if (typeof schedule !== 'function') throw new GumbelTypeError('schedule', schedule, 'a function (step) => tau');
  if (startStep !== undefined) layer.setScheduleStep(startStep);
  return new tfl.CustomCallback({
    onBatchBegin: () => {
      const step = layer.scheduleStep;
      layer.setTemperature(schedule(step));
      layer.setScheduleStep(step + 1);
    },
  });
}
