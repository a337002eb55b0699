/**
 * `topK` on the device: indices `[batch, count]` of the `count` largest entries of logits + noise per
 * row, largest first, ties lowest index first (algorithm and cost in top-k-sources.ts). It needs no
 * unsigned integers, so every mode has it, WebGL1 included.
 */
import { GumbelRangeError, GumbelTypeError, argsObject } from '@gumbel/core';
import type { Device } from './device.js';
import type { GpujsTensor } from './tensor.js';
import { topKSource } from './top-k-sources.js';

/** The CPU and tfjs backends' rule and message: an integer in [1, k]. */
function checkedCount(value: unknown, k: number): number {
  if (typeof value !== 'number') throw new GumbelTypeError('count', value, 'a number');
  if (!(Number.isInteger(value) && value >= 1 && value <= k)) throw new GumbelRangeError('count', value, `an integer in [1, ${k}] (k)`);
  return value;
}

export function topK(device: Device, args: unknown): GpujsTensor {
  const a = argsObject(args);
  const { tensor, batch, k } = device.args.categoricalLogits(a['logits']);
  const noise = device.args.optionalNoise(a['noise'], tensor.shape);
  const count = checkedCount(a['count'], k);
  const inputs = [tensor.kernelArgument('logits'), ...(noise ? [noise.kernelArgument('noise')] : [])];
  return device.into([batch, count], topKSource(noise !== undefined), { k, count }, inputs);
}
