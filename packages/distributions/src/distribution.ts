/**
 * The base of every distribution: the backend, the tape, `validateArgs`, the shapes, and the
 * plumbing that turns a host computation into a method's value (on the tape) or its explicit VJP.
 */
import { GumbelTypeError, describeValue } from '@gumbel/core';
import type { Backend, RandomSource } from '@gumbel/core';
import { onTape, withVjp } from './computation.js';
import type { Computation, VjpResult } from './computation.js';
import { readParam, upload } from './host.js';
import type { Param } from './host.js';
import { sizeOf, validateSampleShape } from './shape.js';
import type { Shape } from './shape.js';
import { noTape } from './tape.js';
import type { Tape } from './tape.js';

export interface DistributionOptions<T> {
  readonly backend: Backend<T>;
  /**
   * Check parameters at construction and values at `logProb`/`cdf`/`icdf` (default true): typed
   * errors naming the argument. `false` skips the checks (hot loops); out-of-support input then
   * gives whatever the formula gives, NaN included.
   */
  readonly validateArgs?: boolean;
  /** Where gradients go: `noTape` (default; use the `…Vjp` methods) or `tfjsTape()` on tfjs. */
  readonly tape?: Tape<T>;
}

export interface SampleOptions {
  /** A seed or a `CounterRng` stream: `seed ?? fresh`. The same seed gives the same sample on every backend. */
  readonly seed?: RandomSource;
}

export abstract class Distribution<T> {
  readonly backend: Backend<T>;
  readonly validateArgs: boolean;
  readonly tape: Tape<T>;
  abstract readonly batchShape: Shape;
  abstract readonly eventShape: Shape;
  /** Whether `rsample` gives pathwise gradients. */
  abstract readonly hasRsample: boolean;

  constructor(options: DistributionOptions<T>) {
    if (typeof options !== 'object' || options === null || typeof options.backend !== 'object') {
      throw new GumbelTypeError('options.backend', options?.backend, 'a Backend');
    }
    this.backend = options.backend;
    this.validateArgs = options.validateArgs ?? true;
    this.tape = options.tape ?? (noTape as Tape<T>);
  }

  /** A sample of shape sampleShape + batchShape + eventShape, without gradients. */
  abstract sample(sampleShape?: number | readonly number[], options?: SampleOptions): T;

  /** The full shape of a sample and the number of independent draws it holds. */
  protected sampleShapeOf(sampleShape: number | readonly number[] | undefined): { shape: number[]; draws: number } {
    const s = validateSampleShape(sampleShape ?? []);
    return { shape: [...s, ...this.batchShape, ...this.eventShape], draws: sizeOf([...s, ...this.batchShape]) };
  }

  protected read(value: number | T, name: string): Param<T> {
    return readParam(this.backend, value, name);
  }

  protected tensor(values: ArrayLike<number>, shape: Shape): T {
    return upload(this.backend, values, shape);
  }

  protected taped(c: Computation, inputs: readonly Param<T>[]): T {
    return onTape(this.backend, this.tape, c, inputs);
  }

  protected explicit(c: Computation, inputs: readonly Param<T>[]): VjpResult<T> {
    return withVjp(this.backend, c, inputs);
  }

  /** A value's shape must broadcast against batchShape + eventShape and end in the event shape. */
  protected checkEvent(value: Param<T>): void {
    const e = this.eventShape;
    const tail = value.shape.slice(value.shape.length - e.length);
    if (value.shape.length < e.length || tail.some((d, i) => d !== e[i])) {
      throw new GumbelTypeError(value.name, value.values, `a tensor whose trailing dimensions are the event shape ${describeValue(e)}`, `shape ${describeValue(value.shape)}`);
    }
  }
}
