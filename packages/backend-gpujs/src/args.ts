/**
 * The GPU.js backend's adapter to core's kernel-argument rules (`kernelArgs`). Tensors of another
 * backend instance are refused (a texture belongs to one GL context). Tensor *contents* are checked
 * where they are on the host (tensors from `fromArray`); contents of kernel outputs live on the
 * device and reading them back to check would cost a GPU round trip per call, so those are
 * trusted, as kernels propagate what they are given.
 */
import { kernelArgs } from '@gumbel/core';
import type { KernelArgs } from '@gumbel/core';
import { GpujsTensor } from './tensor.js';

export function gpujsArgs(owner: symbol): KernelArgs<GpujsTensor> {
  return kernelArgs<GpujsTensor>({
    expected: 'a GpujsTensor made by this backend',
    isTensor: (value): value is GpujsTensor => value instanceof GpujsTensor && value.owner === owner,
    isDisposed: (tensor) => tensor.disposed,
    shapeOf: (tensor) => tensor.shape,
    contents: (tensor) => tensor.host,
  });
}
