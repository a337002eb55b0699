/**
 * Pyro's straight-through classes evaluate `log_prob` of a hard sample at the relaxed sample it
 * was rounded from (`value._unquantize`). We keep that link in a WeakMap from the returned tensor
 * to the relaxed values, so `logProb(sample)` means the same thing, and the map never keeps a
 * tensor alive. A value the class did not return is evaluated as given.
 */
const soft = new WeakMap<object, Float64Array>();

export function rememberSoft(tensor: unknown, values: Float64Array): void {
  if (typeof tensor === 'object' && tensor !== null) soft.set(tensor, values);
}

export function softValuesOf(tensor: unknown): Float64Array | undefined {
  return typeof tensor === 'object' && tensor !== null ? soft.get(tensor) : undefined;
}
