/**
 * Host read-backs, written once for both calling conventions. Some estimators read intermediates
 * back to the host; `toArray` is async (GPU backends) while a gradient function inside
 * `tf.customGrad` must be synchronous. So estimator bodies are generators that *yield* each tensor
 * they need read and receive its values: `const v = yield* read(backend, t)`. `runAsync` drives a
 * body with `await backend.toArray`, `runSync` with `backend.toArraySync`; the arithmetic between
 * reads is the same code either way.
 */
import { GumbelRangeError, GumbelTypeError } from '@gumbel/core';
import type { Backend } from '@gumbel/core';
import type { LossValues } from './types.js';

export type HostValues = Float32Array | Float64Array;

/** A computation that asks for tensors of type T to be read and finally returns R. */
export type Reading<T, R> = Generator<T, R, HostValues>;

/** Read one tensor (the caller keeps it). */
export function* read<T>(tensor: T): Reading<T, HostValues> {
  return yield tensor;
}

/** Read a tensor back and release it: for intermediates the host consumes. */
export function* readAndDispose<T>(backend: Backend<T>, tensor: T): Reading<T, HostValues> {
  try {
    return yield tensor;
  } finally {
    backend.dispose(tensor);
  }
}

/** Drive a reading with synchronous read-backs. A failed read is thrown into the body, so its `finally` blocks run. */
export function runSync<T, R>(backend: Backend<T>, body: Reading<T, R>): R {
  let step = body.next();
  while (!step.done) {
    let values: HostValues;
    try {
      values = backend.toArraySync(step.value);
    } catch (error) {
      step = body.throw(error);
      continue;
    }
    step = body.next(values);
  }
  return step.value;
}

/** Drive a reading with asynchronous read-backs (`await backend.toArray`). */
export async function runAsync<T, R>(backend: Backend<T>, body: Reading<T, R>): Promise<R> {
  let step = body.next();
  while (!step.done) {
    let values: HostValues;
    try {
      values = await backend.toArray(step.value);
    } catch (error) {
      step = body.throw(error);
      continue;
    }
    step = body.next(values);
  }
  return step.value;
}

function isHostArray(value: unknown): value is ArrayLike<number> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/** Per-sample losses f(z) as float64 host numbers, checked: the right count and all finite. */
export function* readLosses<T>(upstream: LossValues<T>, count: number, argument = 'upstream'): Reading<T, Float64Array> {
  let values: ArrayLike<number>;
  if (isHostArray(upstream)) {
    values = upstream;
  } else {
    if (typeof upstream !== 'object' || upstream === null) throw new GumbelTypeError(argument, upstream, `a tensor or an array of ${count} losses`);
    values = yield* read(upstream);
  }
  return checkLosses(values, count, argument);
}

/** Host losses checked as `readLosses` checks them: `count` finite numbers, as float64. */
export function checkLosses(values: ArrayLike<number>, count: number, argument = 'losses'): Float64Array {
  if (!isHostArray(values)) throw new GumbelTypeError(argument, values, `an array of ${count} losses`);
  if (values.length !== count) {
    throw new GumbelTypeError(argument, values, `${count} per-sample losses (one per row of the sample)`, `${values.length} values`);
  }
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const v = values[i];
    if (typeof v !== 'number') throw new GumbelTypeError(`${argument}[${i}]`, v, 'a number');
    if (!Number.isFinite(v)) throw new GumbelRangeError(`${argument}[${i}]`, v, 'finite');
    out[i] = v;
  }
  return out;
}
