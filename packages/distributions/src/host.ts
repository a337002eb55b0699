/**
 * Parameters and values on the host. Distributions compute in float64 on the host (see
 * ARCHITECTURE.md, "Distributions"): a parameter is read once, checked, and kept with its shape and
 * the caller's tensor (the tape differentiates wrt that tensor).
 */
import { GumbelTypeError, fillUniforms, freshSeed, reserveFrom } from '@gumbel/core';
import type { Backend, RandomSource } from '@gumbel/core';
import type { Shape } from './shape.js';

export interface Param<T> {
  /** The argument's name as the caller wrote it (`logits`, `tau`, `value`…). */
  readonly name: string;
  readonly values: Float64Array;
  readonly shape: Shape;
  /** The caller's tensor; undefined for a plain number (which gets no tape gradient). */
  readonly tensor: T | undefined;
}

/**
 * A number or a backend tensor, read to float64 when first needed (validation, host math). A
 * tensor-native path (`Tape.kernels`) with `validateArgs: false` never reads it: on a GPU backend a
 * read is a blocking sync, and on every backend a copy per training step.
 */
export function readParam<T>(backend: Backend<T>, value: number | T, name: string): Param<T> {
  if (typeof value === 'number') return { name, values: Float64Array.of(value), shape: [], tensor: undefined };
  const fail = (): never => {
    throw new GumbelTypeError(name, value, `a number or a ${backend.name} tensor`);
  };
  if (value === null || value === undefined || typeof value !== 'object') fail();
  let shape: Shape = [];
  try {
    shape = [...backend.shapeOf(value)];
  } catch {
    fail();
  }
  let values: Float64Array | undefined;
  const read = (): Float64Array => {
    try {
      return Float64Array.from(backend.toArraySync(value));
    } catch {
      return fail();
    }
  };
  return {
    name,
    shape,
    tensor: value,
    get values() {
      return (values ??= read());
    },
  };
}

/** The same parameter (sharing its host read) under another name, e.g. `p.logits` in `kl`. */
export function renamed<T>(p: Param<T>, name: string): Param<T> {
  return {
    name,
    shape: p.shape,
    tensor: p.tensor,
    get values() {
      return p.values;
    },
  };
}

/** A tensor of the backend's precision from host values. */
export function upload<T>(backend: Backend<T>, values: ArrayLike<number>, shape: Shape): T {
  return backend.fromArray(values, shape);
}

/** `n` float64 uniforms in (0, 1) from `seed ?? fresh`: the same numbers on every backend. */
export function uniforms(n: number, seed: RandomSource | undefined): Float64Array {
  const out = new Float64Array(n);
  fillUniforms(out, reserveFrom(seed ?? freshSeed(), n));
  return out;
}
