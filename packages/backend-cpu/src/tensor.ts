/**
 * The CPU backend's tensor: a typed array plus a row-major shape. Tensors are plain frozen objects,
 * so there is nothing to release: the garbage collector owns their memory.
 */
import { GumbelTypeError, describeValue, validateArrayLike, validateLength, validateShape } from '@gumbel/core';
import type { FloatPrecision, Shape } from '@gumbel/core';

/** A flat float buffer in one of the two precisions the backend computes in. */
export type FloatArray = Float32Array | Float64Array;

/**
 * A tensor of the CPU backend.
 *
 * - `data`: the values in row-major order, a `Float32Array` on a 32-bit backend and a
 *   `Float64Array` on a 64-bit one. Its length is the product of `shape`.
 * - `shape`: the sizes of the axes, each a positive integer; `[]` is a scalar with one value.
 *
 * Kernels never write into their inputs, and `toArray` returns a copy, so a tensor's values do not
 * change after it is made (unless a caller writes into `data` directly, which is on them).
 */
export interface CpuTensor {
  readonly data: Float32Array | Float64Array;
  readonly shape: readonly number[];
}

export function allocate(precision: FloatPrecision, length: number): FloatArray {
  return precision === 32 ? new Float32Array(length) : new Float64Array(length);
}

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Freezing the wrapper and its shape keeps `shapeOf` results trustworthy for callers. */
export function makeTensor(data: FloatArray, shape: Shape): CpuTensor {
  return Object.freeze({ data, shape: Object.freeze([...shape]) });
}

export function isCpuTensor(value: unknown): value is CpuTensor {
  if (typeof value !== 'object' || value === null) return false;
  const { data, shape } = value as { data?: unknown; shape?: unknown };
  return (
    (data instanceof Float32Array || data instanceof Float64Array) &&
    Array.isArray(shape) &&
    shape.every((d: unknown) => typeof d === 'number' && Number.isInteger(d) && d >= 1) &&
    sizeOf(shape as number[]) === data.length
  );
}

/** Host values → tensor, with every entry checked to be a number (NaN and ±∞ are numbers). */
export function tensorFromArray(precision: FloatPrecision, values: unknown, shape: unknown): CpuTensor {
  const checkedShape = validateShape(shape);
  const list = validateArrayLike(values, 'values');
  const size = sizeOf(checkedShape);
  validateLength(list, size, 'values', `shape ${describeValue(checkedShape)}`);
  const data = allocate(precision, size);
  for (let i = 0; i < size; i++) {
    const v: unknown = list[i];
    if (typeof v !== 'number') throw new GumbelTypeError(`values[${i}]`, v, 'a number');
    data[i] = v;
  }
  return makeTensor(data, checkedShape);
}
