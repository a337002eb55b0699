/**
 * Gumbel noise conditioned on the argmax (the "reverse Gumbel" that Gumbel-Rao averages over):
 * core's `fillConditionalGumbel` into an array of the backend's precision (algorithm and stream
 * layout there).
 */
import { fillConditionalGumbel, validateSameShape } from '@gumbel/core';
import type { FloatPrecision, RandomSource } from '@gumbel/core';
import { asTensor, categoricalLogits } from './args.js';
import { allocate, makeTensor } from './tensor.js';
import type { CpuTensor } from './tensor.js';

export function conditionalGumbelNoise(precision: FloatPrecision, logitsArg: unknown, indexArg: unknown, source: RandomSource): CpuTensor {
  const { tensor: logits, batch, k } = categoricalLogits(logitsArg);
  const index = asTensor(indexArg, 'index');
  validateSameShape(index.shape, [batch], 'index', 'the batch size of logits');
  const out = allocate(precision, batch * k);
  fillConditionalGumbel(out, logits.data, index.data, k, source);
  return makeTensor(out, [batch, k]);
}
