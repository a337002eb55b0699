/**
 * What every kernel module shares: the kernel cache, the backend's identity (tensors of another
 * backend are rejected), the count of live tensors, and helpers to run a kernel into a tensor or
 * into a temporary device value that is freed right after use.
 */
import { GumbelRangeError } from '@gumbel/core';
import type { KernelArgs, ResolvedTemperature, Shape } from '@gumbel/core';

export const MAX_ELEMENTS = 2 ** 24;
import { GpujsTensor } from './tensor.js';
import type { DeviceValue } from './tensor.js';
import type { KernelCache, Output, Runtime } from './runtime.js';
import { gpujsArgs } from './args.js';

export class Device {
  readonly owner = Symbol('gpujs backend');
  /** Core's kernel-argument rules for this backend's tensors. */
  readonly args: KernelArgs<GpujsTensor> = gpujsArgs(this.owner);
  readonly runtime: Runtime;
  readonly cache: KernelCache;
  #live = 0;

  constructor(runtime: Runtime, cache: KernelCache) {
    this.runtime = runtime;
    this.cache = cache;
  }

  get liveTensors(): number {
    return this.#live;
  }

  /** A tensor around host values or a device value; counted until disposed. */
  tensor(shape: Shape, host: Float32Array | undefined, device: DeviceValue | undefined): GpujsTensor {
    const t = new GpujsTensor(this.owner, shape, host, device);
    this.#live++;
    return t;
  }

  release(tensor: GpujsTensor): void {
    if (tensor.owner === this.owner && tensor.release()) this.#live--;
  }

  run(source: string, output: Output, constants: Readonly<Record<string, number>>, args: readonly unknown[]): DeviceValue {
    // Entry indices reach GLSL helpers as float32, exact below 2^24.
    if (output[0] > MAX_ELEMENTS) throw new GumbelRangeError('tensor size', output[0], `at most ${MAX_ELEMENTS} elements on the gpujs backend`);
    return this.cache.run(source, output, constants, args);
  }

  /** Runs a kernel into a new tensor of `shape`, laid out as GpujsTensor lays that shape out. */
  into(shape: Shape, source: string, constants: Readonly<Record<string, number>>, args: readonly unknown[]): GpujsTensor {
    return this.tensor(shape, undefined, this.run(source, outputFor(shape), constants, args));
  }

  /** Runs `body` with temporary device values and frees them afterwards, pass or throw. */
  withTemps<R>(body: (temp: (value: DeviceValue) => DeviceValue) => R): R {
    const temps: DeviceValue[] = [];
    try {
      return body((value) => {
        temps.push(value);
        return value;
      });
    } finally {
      for (const value of temps) freeValue(value);
    }
  }

  tauArgument(tau: ResolvedTemperature<GpujsTensor>): unknown {
    return tau.kind === 'scalar' ? tau.value : tau.tensor.kernelArgument('tau');
  }

  /**
   * dτ shaped like τ from per-row contributions: the rows themselves for a per-row τ, their sum (a
   * `[]` tensor) for a scalar τ shared by every row.
   */
  tauGradient(tau: ResolvedTemperature<GpujsTensor>, rows: DeviceValue, batch: number): GpujsTensor {
    if (tau.kind === 'rows') return this.tensor([batch], undefined, rows);
    try {
      return this.into([], SUM_SOURCE, { n: batch }, [rows]);
    } finally {
      freeValue(rows);
    }
  }
}

const SUM_SOURCE = `function(v) {
  let acc = 0.0;
  for (let i = 0; i < this.constants.n; i++) { acc += v[i]; }
  return acc;
}`;

/** GPU.js output size of a tensor of `shape`: flat (see tensor.ts). */
export function outputFor(shape: Shape): Output {
  let size = 1;
  for (const d of shape) size *= d;
  return [size];
}

export function freeValue(value: DeviceValue): void {
  if (!(value instanceof Float32Array)) value.delete();
}
