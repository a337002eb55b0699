/**
 * One differentiable method = one host computation (`Computation`): the value, its shape, and a
 * vector-Jacobian product giving dL/d(input) at the op's full (broadcast) shape for each named
 * input. `onTape` turns it into the method's return value (recorded on the distribution's tape);
 * `withVjp` into the explicit form `{ value, backward(dOut), backwardSync(dOut) }` of the
 * estimators' contract, for backends without a tape. The broadcast is undone here, once: each
 * gradient is summed back onto its parameter's shape.
 */
import { GumbelTypeError, describeValue } from '@gumbel/core';
import type { Backend } from '@gumbel/core';
import { upload } from './host.js';
import type { Param } from './host.js';
import { sizeOf, sumTo } from './shape.js';
import type { Shape } from './shape.js';
import type { Tape } from './tape.js';

export interface HostGradient {
  readonly values: Float64Array;
  /** The shape the gradient is computed at; it must be a broadcast of the parameter's shape. */
  readonly shape: Shape;
}

export interface Computation {
  readonly values: Float64Array;
  readonly shape: Shape;
  /** dL/d(input) for the inputs named in `inputs`, given dL/d(output) (shape `shape`). */
  readonly vjp?: (dOut: Float64Array) => Readonly<Record<string, HostGradient | undefined>>;
}

/** Gradients keyed by argument name (`logits` or `probs`, `tau`, `loc`, `scale`, `value`…), each shaped like its argument. */
export type NamedGradients<T> = Record<string, T>;

export interface VjpResult<T> {
  readonly value: T;
  /** dL/d(argument) for every differentiable argument, given dL/d(value). The caller owns the tensors. */
  backward(dOut: T): Promise<NamedGradients<T>>;
  /** `backward` with a synchronous read of `dOut` (blocking on GPU backends). */
  backwardSync(dOut: T): NamedGradients<T>;
}

function gradientFor(c: Computation, dOut: Float64Array, inputs: readonly Param<unknown>[]): Float64Array[] {
  const grads = c.vjp?.(dOut) ?? {};
  return inputs.map((p) => {
    const g = grads[p.name];
    return g === undefined ? new Float64Array(sizeOf(p.shape)) : sumTo(g.values, g.shape, p.shape);
  });
}

/** The method's value, recorded on the tape with the tensor-valued inputs. */
export function onTape<T>(backend: Backend<T>, tape: Tape<T>, c: Computation, inputs: readonly Param<T>[]): T {
  const live = inputs.filter((p) => p.tensor !== undefined);
  return tape.record(
    live.map((p) => p.tensor as T),
    () => upload(backend, c.values, c.shape),
    (dOut) => gradientFor(c, Float64Array.from(backend.toArraySync(dOut)), live).map((g, i) => upload(backend, g, (live[i] as Param<T>).shape)),
  );
}

/** The explicit form: a gradient for every named input, numbers included (as `[]` tensors). */
export function withVjp<T>(backend: Backend<T>, c: Computation, inputs: readonly Param<T>[]): VjpResult<T> {
  const finish = (d: Float32Array | Float64Array): NamedGradients<T> => {
    if (d.length !== c.values.length) throw new GumbelTypeError('dOut', d, `${c.values.length} values (the shape of the value, ${describeValue(c.shape)})`, `${d.length} values`);
    const grads = gradientFor(c, Float64Array.from(d), inputs);
    const out: NamedGradients<T> = {};
    inputs.forEach((p, i) => (out[p.name] = upload(backend, grads[i] as Float64Array, p.shape)));
    return out;
  };
  return {
    value: upload(backend, c.values, c.shape),
    backward: async (dOut) => finish(await backend.toArray(dOut)),
    backwardSync: (dOut) => finish(backend.toArraySync(dOut)),
  };
}
