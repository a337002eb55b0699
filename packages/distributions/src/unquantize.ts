/**
 * Pyro's straight-through classes evaluate `log_prob` of a hard sample at the relaxed sample it
 * was rounded from (`value._unquantize`). We keep that link in a WeakMap from the returned tensor
 * to the relaxed values, so a straight-through class's `logProb(sample)` means the same thing, and
 * the map never keeps a tensor alive. Other classes, and values no class returned, are evaluated
 * as given.
 */
const soft = new WeakMap<object, Float64Array>();

export function rememberSoft(tensor: unknown, values: Float64Array): void {
  if (typeof tensor === 'object' && tensor !== null) soft.set(tensor, values);
}

export function softValuesOf(tensor: unknown): Float64Array | undefined {
  return typeof tensor === 'object' && tensor !== null ? soft.get(tensor) : undefined;
}

/**
 * Relaxed samples also remember their unconstrained point: the logit x of a relaxed Bernoulli
 * (y = σ(x); float64 rounds σ(37) to 1) and the log-space x of a relaxed one-hot sample (y = e^x;
 * y_i underflows below e^(−708)). Their densities and gradients are computed from x, exactly,
 * instead of from the rounded (clamped) y.
 */
const logits = new WeakMap<object, Float64Array>();
/** The same for a straight-through sample's relaxed point (only straight-through classes read it). */
const softLogits = new WeakMap<object, Float64Array>();

export function rememberLogits(tensor: unknown, values: Float64Array, soft: boolean): void {
  if (typeof tensor === 'object' && tensor !== null) (soft ? softLogits : logits).set(tensor, values);
}

export function logitsOf(tensor: unknown, soft: boolean): Float64Array | undefined {
  return typeof tensor === 'object' && tensor !== null ? (soft ? softLogits : logits).get(tensor) : undefined;
}
