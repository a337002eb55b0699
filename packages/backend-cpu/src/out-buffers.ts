/**
 * `out` arguments: a caller that passes output tensors gets them filled and returned, so a hot loop
 * allocates nothing per call. An `out` tensor must have the kernel's output shape and the backend's
 * precision; it may be one of the inputs (kernels read each element before writing it).
 */
import { GumbelTypeError, describeValue, validateSameShape } from '@gumbel/core';
import type { FloatPrecision, Shape } from '@gumbel/core';
import { asTensor } from './args.js';
import { allocate, makeTensor } from './tensor.js';
import type { CpuTensor } from './tensor.js';

export function outputTensor(out: unknown, argument: string, shape: Shape, precision: FloatPrecision): CpuTensor {
  if (out === undefined) return makeTensor(allocate(precision, shape.reduce((a, d) => a * d, 1)), shape);
  const tensor = asTensor(out, argument);
  validateSameShape(tensor.shape, shape, argument, 'the output shape');
  const expected = precision === 32 ? Float32Array : Float64Array;
  if (!(tensor.data instanceof expected)) {
    throw new GumbelTypeError(argument, tensor, `a tensor of this backend's precision (${expected.name})`, `a ${tensor.data.constructor.name} of shape ${describeValue(tensor.shape)}`);
  }
  return tensor;
}

/** The plain-JS path computes into fresh arrays; with `out` it copies the result over. */
export function intoOut(result: CpuTensor, out: unknown, argument: string, precision: FloatPrecision): CpuTensor {
  if (out === undefined) return result;
  const target = outputTensor(out, argument, result.shape, precision);
  target.data.set(result.data);
  return target;
}
