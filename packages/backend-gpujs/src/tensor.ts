/**
 * The GPU.js backend's tensor: a shape plus where its values live. Values made by `fromArray` stay on
 * the host (a `Float32Array`, which kernels upload as an argument); kernel outputs stay where the
 * kernel left them — a texture on the GL modes (pipeline mode), arrays on `cpu` — until `toArray`.
 *
 * Layout: rank ≤ 1 tensors are 1-D GPU.js values (`a[i]`); rank ≥ 2 tensors are 2-D,
 * `[shape[0]] × [rest]`, read `a[row][col]`. Categorical `[batch, k]` tensors are therefore rows of k.
 */
import { Input } from 'gpu.js';
import type { Texture } from 'gpu.js';
import { GumbelRangeError, GumbelTypeError, describeValue } from '@gumbel/core';
import type { Shape } from '@gumbel/core';
import type { Layout } from './elementwise-sources.js';

/** What a GPU.js kernel in pipeline mode returns: a texture (GL modes) or arrays (`cpu`). */
export type DeviceValue = Texture | Float32Array | Float32Array[];

let nextId = 1;

export class GpujsTensor {
  readonly shape: readonly number[];
  /** Which backend made it: a texture belongs to one GL context. */
  readonly owner: symbol;
  readonly layout: Layout;
  readonly rows: number;
  readonly cols: number;
  readonly size: number;
  /** For tracing leaks in tests. */
  readonly id = nextId++;
  /** Host values (tensors from `fromArray`): what host-side validation reads. */
  readonly host: Float32Array | undefined;
  #device: DeviceValue | undefined;
  #disposed = false;

  constructor(owner: symbol, shape: Shape, host: Float32Array | undefined, device: DeviceValue | undefined) {
    this.owner = owner;
    this.shape = Object.freeze([...shape]);
    this.size = sizeOf(shape);
    this.layout = shape.length >= 2 ? '2d' : '1d';
    this.rows = shape.length >= 2 ? (shape[0] as number) : 1;
    this.cols = shape.length >= 2 ? this.size / (shape[0] as number) : this.size;
    this.host = host;
    this.#device = device;
    Object.freeze(this);
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** The value to hand a kernel as an argument. */
  kernelArgument(argument: string): unknown {
    if (this.#disposed) throw new GumbelRangeError(argument, this, 'a tensor that has not been disposed', 'a disposed tensor');
    if (this.#device !== undefined) return this.#device;
    const host = this.host as Float32Array;
    return this.layout === '2d' ? new Input(host as unknown as number[], [this.cols, this.rows]) : host;
  }

  /** Row-major values, copied. */
  read(): Float32Array {
    if (this.#disposed) throw new GumbelRangeError('tensor', this, 'a tensor that has not been disposed', 'a disposed tensor');
    const out = new Float32Array(this.size);
    if (this.#device === undefined) {
      out.set(this.host as Float32Array);
      return out;
    }
    const value = this.#device;
    const raw = isTexture(value) ? (value.toArray() as unknown as Float32Array | Float32Array[]) : value;
    if (Array.isArray(raw)) raw.forEach((row, r) => out.set(row.subarray(0, this.cols), r * this.cols));
    else out.set(raw.subarray(0, this.size));
    return out;
  }

  /** Frees the texture (if any). Returns whether this call released something. */
  release(): boolean {
    if (this.#disposed) return false;
    this.#disposed = true;
    const value = this.#device;
    this.#device = undefined;
    if (value !== undefined && isTexture(value)) value.delete();
    return true;
  }

  toString(): string {
    return `GpujsTensor(shape ${describeValue(this.shape)})`;
  }
}

function isTexture(value: DeviceValue): value is Texture {
  return !Array.isArray(value) && !(value instanceof Float32Array);
}

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
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
