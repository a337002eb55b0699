/**
 * The CPU backend's adapter to core's kernel-argument rules (`kernelArgs`), plus the CPU-only τ
 * helpers. CPU tensors are plain typed arrays on the host, so their values are always checked and
 * they are never disposed (the garbage collector owns them).
 */
import { kernelArgs } from '@gumbel/core';
import type { FloatPrecision, ResolvedTemperature } from '@gumbel/core';
import { allocate, isCpuTensor, makeTensor } from './tensor.js';
import type { CpuTensor } from './tensor.js';

export { argsObject } from '@gumbel/core';

export const cpuArgs = kernelArgs<CpuTensor>({
  expected: 'a cpu tensor { data: Float32Array | Float64Array, shape } made by this backend',
  isTensor: isCpuTensor,
  isDisposed: () => false,
  shapeOf: (tensor) => tensor.shape,
  contents: (tensor) => tensor.data,
});

export const { asTensor, asMatrix, argmaxInput, categoricalLogits, elementwiseLogits, like, optionalNoise, resolveTau, uniformsTensor } = cpuArgs;

export function tauAt(tau: ResolvedTemperature<CpuTensor>, row: number): number {
  return tau.kind === 'scalar' ? tau.value : (tau.tensor.data[row] as number);
}

/**
 * dL/dτ shaped like τ. `perRow` holds each row's contribution; a scalar τ was shared by every row,
 * so its gradient is their sum (accumulated in float64 before the final rounding).
 */
export function tauGradient(tau: ResolvedTemperature<CpuTensor>, perRow: Float64Array, precision: FloatPrecision): CpuTensor {
  if (tau.kind === 'rows') {
    const out = allocate(precision, perRow.length);
    out.set(perRow);
    return makeTensor(out, [perRow.length]);
  }
  let sum = 0;
  for (const v of perRow) sum += v;
  const out = allocate(precision, 1);
  out[0] = sum;
  return makeTensor(out, []);
}
