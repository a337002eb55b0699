/**
 * Shapes and broadcasting on the host, by TFP's (numpy's) rules: shapes align on the right, and a
 * dimension of 1 (or a missing one) stretches. A distribution's batch shape is the broadcast of
 * its parameters' batch parts; a sample has shape sampleShape + batchShape + eventShape.
 */
import { GumbelTypeError, describeValue } from '@gumbel/core';

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The broadcast of two shapes; `argument` and `other` name them in the error. */
export function broadcastShapes(a: Shape, b: Shape, argument: string, other: string): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new GumbelTypeError(argument, a, `of a shape that broadcasts against ${other} ${describeValue(b)}`, `shape ${describeValue(a)}`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** A sample shape: a list of non-negative integers (a number n means [n]). */
export function validateSampleShape(shape: unknown, argument = 'sampleShape'): number[] {
  const list = typeof shape === 'number' ? [shape] : shape;
  if (!Array.isArray(list)) throw new GumbelTypeError(argument, shape, 'an array of integers ≥ 0');
  for (const d of list) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) throw new GumbelTypeError(argument, shape, 'an array of integers ≥ 0');
  }
  return list as number[];
}

/**
 * For each flat index of `to`, the flat index of `from` it reads when `from` is broadcast to `to`
 * (`from` must broadcast to `to`; both row-major).
 */
export function broadcastIndex(from: Shape, to: Shape): Int32Array {
  const n = sizeOf(to);
  const index = new Int32Array(n);
  const rank = to.length;
  const offset = rank - from.length;
  // Stride of each `to` axis in `from` (0 where `from` stretches or lacks the axis).
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let i = from.length - 1; i >= 0; i--) {
    strides[i + offset] = from[i] === 1 ? 0 : stride;
    stride *= from[i] as number;
  }
  const counter = new Array<number>(rank).fill(0);
  let at = 0;
  for (let flat = 0; flat < n; flat++) {
    index[flat] = at;
    for (let axis = rank - 1; axis >= 0; axis--) {
      counter[axis] = (counter[axis] as number) + 1;
      at += strides[axis] as number;
      if ((counter[axis] as number) < (to[axis] as number)) break;
      at -= (strides[axis] as number) * (to[axis] as number);
      counter[axis] = 0;
    }
  }
  return index;
}

/** `values` of shape `from` broadcast to `to`. */
export function expand(values: ArrayLike<number>, from: Shape, to: Shape): Float64Array {
  if (sameShape(from, to)) return Float64Array.from(values);
  const index = broadcastIndex(from, to);
  const out = new Float64Array(index.length);
  for (let i = 0; i < index.length; i++) out[i] = values[index[i] as number] as number;
  return out;
}

/** The adjoint of `expand`: a gradient of shape `to` summed back onto the parameter shape `from`. */
export function sumTo(values: ArrayLike<number>, to: Shape, from: Shape): Float64Array {
  if (sameShape(from, to)) return Float64Array.from(values);
  const index = broadcastIndex(from, to);
  const out = new Float64Array(sizeOf(from));
  for (let i = 0; i < index.length; i++) out[index[i] as number] = (out[index[i] as number] as number) + (values[i] as number);
  return out;
}
