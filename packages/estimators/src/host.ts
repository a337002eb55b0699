/** Host-side helpers for the estimators that read intermediates back (toArray is async). */
import { GumbelRangeError, GumbelTypeError } from '@gumbel/core';
import type { Backend } from '@gumbel/core';
import type { LossValues } from './types.js';

function isHostArray(value: unknown): value is ArrayLike<number> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/** Per-sample losses f(z) as float64 host numbers, checked: the right count and all finite. */
export async function readLosses<T>(backend: Backend<T>, upstream: LossValues<T>, count: number, argument = 'upstream'): Promise<Float64Array> {
  let values: ArrayLike<number>;
  if (isHostArray(upstream)) {
    values = upstream;
  } else {
    if (typeof upstream !== 'object' || upstream === null) throw new GumbelTypeError(argument, upstream, `a tensor or an array of ${count} losses`);
    values = await backend.toArray(upstream);
  }
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

/** Read a tensor back and release it: for intermediates the host consumes. */
export async function readAndDispose<T>(backend: Backend<T>, tensor: T): Promise<Float32Array | Float64Array> {
  try {
    return await backend.toArray(tensor);
  } finally {
    backend.dispose(tensor);
  }
}
