/**
 * The GPU.js backend's tensor: a shape plus where its values live. Values made by `fromArray` stay on
 * the host (a `Float32Array`, which kernels upload as an argument); kernel outputs stay where the
 * kernel left them — a texture on the GL modes (pipeline mode), an array on `cpu` — until `toArray`.
 *
 * Layout: every tensor is a flat, row-major 1-D GPU.js value, read `a[row * k + col]`. GPU.js packs
 * a 1-D output into a near-square texture, whereas a 2-D output of `[k, batch]` is a k × batch
 * texture, which WebGL caps at its maximum texture size (8192 under SwiftShader): batches of 30,000
 * rows would not fit.
 */
import type { Texture } from 'gpu.js';
import { GumbelTypeError, describeValue } from '@gumbel/core';
import type { Shape } from '@gumbel/core';

/** What a GPU.js kernel in pipeline mode returns: a texture (GL modes) or arrays (`cpu`). */
export type DeviceValue = Texture | Float32Array;

let nextId = 1;

export class GpujsTensor {
  readonly shape: readonly number[];
  /** Which backend made it: a texture belongs to one GL context. */
  readonly owner: symbol;
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
    this.host = host;
    this.#device = device;
    Object.freeze(this);
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** The value to hand a kernel as an argument. */
  kernelArgument(argument: string): unknown {
    if (this.#disposed) throw new GumbelTypeError(argument, this, 'a tensor that has not been disposed', 'a disposed tensor');
    if (this.#device !== undefined) return this.#device;
    return this.host as Float32Array;
  }

  /** Row-major values, copied. */
  read(): Float32Array {
    if (this.#disposed) throw new GumbelTypeError('tensor', this, 'a tensor that has not been disposed', 'a disposed tensor');
    const out = new Float32Array(this.size);
    if (this.#device === undefined) {
      out.set(this.host as Float32Array);
      return out;
    }
    const value = this.#device;
    const raw = isTexture(value) ? (value.toArray() as unknown as Float32Array) : value;
    out.set(raw.subarray(0, this.size));
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
  return !(value instanceof Float32Array);
}

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
