/**
 * The CPU backend's tensor: a typed array plus a row-major shape. Tensors are plain frozen objects,
 * so there is nothing to release: the garbage collector owns their memory.
 */
import { GumbelRangeError, GumbelTypeError, describeValue, validateArrayLike, validateLength } from '@gumbel/core';
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

/** A shape is an array of positive integers (rank 0 allowed: a scalar). */
export function validateShape(shape: unknown, argument = 'shape'): readonly number[] {
  if (!Array.isArray(shape)) throw new GumbelTypeError(argument, shape, 'an array of positive integers');
  shape.forEach((d: unknown, i) => {
    if (typeof d !== 'number') throw new GumbelTypeError(`${argument}[${i}]`, d, 'a number');
    if (!(Number.isInteger(d) && d >= 1)) throw new GumbelRangeError(`${argument}[${i}]`, d, 'an integer ≥ 1');
  });
  return shape as readonly number[];
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

/** Any argument that should be a tensor goes through here, so a wrong one is named in the error. */
export function asTensor(value: unknown, argument: string): CpuTensor {
  if (!isCpuTensor(value)) {
    throw new GumbelTypeError(argument, value, 'a cpu tensor { data: Float32Array | Float64Array, shape } made by this backend');
  }
  return value;
}

/** Categorical kernels reduce along the last axis of a `[batch, k]` tensor. */
export function asMatrix(value: unknown, argument: string): { tensor: CpuTensor; batch: number; k: number } {
  const tensor = asTensor(value, argument);
  const [batch, k] = tensor.shape;
  if (tensor.shape.length !== 2 || batch === undefined || k === undefined) {
    throw new GumbelTypeError(argument, tensor.shape, 'a tensor of shape [batch, k]', `shape ${describeValue(tensor.shape)}`);
  }
  return { tensor, batch, k };
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
