/**
 * Softmax family in float64 with temperature. Every form subtracts the row maximum before
 * exponentiating, so logits of ±1000 or τ = 0.01 do not overflow, and a masked class (-Infinity
 * logit) contributes e^(-Infinity) = 0 to the sum: its log-softmax is -Infinity and its softmax
 * exactly 0, never NaN. A row with no unmasked class is rejected by `validateLogits`.
 */
import { GumbelRangeError, GumbelTypeError } from './errors.js';
import { validateArrayLike, validateLogits, validateTemperature } from './validate.js';

function maxOf(values: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < values.length; i++) m = Math.max(m, values[i] as number);
  return m;
}

/**
 * The shifted, scaled row (l_i − max)/τ and log Σ exp of it. Shifting before dividing keeps every
 * entry ≤ 0 and the sum in [1, k], whatever τ is.
 */
function shifted(logits: ArrayLike<number>, tau: number): { max: number; z: Float64Array; logSum: number } {
  const max = maxOf(logits);
  const z = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const v = ((logits[i] as number) - max) / tau;
    z[i] = v;
    sum += Math.exp(v);
  }
  return { max, z, logSum: Math.log(sum) };
}

/** log Σ_i exp(values_i). Masked (-Infinity) entries are empty terms; at least one must be finite. */
export function logSumExp(values: ArrayLike<number>): number {
  validateLogits(validateArrayLike(values, 'values'), 'values');
  const { max, logSum } = shifted(values, 1);
  return max + logSum;
}

/** log softmax(logits / τ). Masked classes get -Infinity. */
export function logSoftmax(logits: ArrayLike<number>, tau = 1): Float64Array {
  validateLogits(validateArrayLike(logits, 'logits'));
  validateTemperature(tau);
  const { z, logSum } = shifted(logits, tau);
  for (let i = 0; i < z.length; i++) z[i] = (z[i] as number) - logSum;
  return z;
}

/** softmax(logits / τ), summing to 1 up to rounding. Masked classes get exactly 0. */
export function softmax(logits: ArrayLike<number>, tau = 1): Float64Array {
  validateLogits(validateArrayLike(logits, 'logits'));
  validateTemperature(tau);
  const { z, logSum } = shifted(logits, tau);
  // Dividing by the sum is more accurate than exp(logSoftmax): no rounding of a logarithm first.
  const sum = Math.exp(logSum);
  for (let i = 0; i < z.length; i++) z[i] = Math.exp(z[i] as number) / sum;
  return z;
}

/**
 * Index of the largest value. Ties go to the lowest index, matching numpy.argmax, so the
 * Gumbel-max sample is a deterministic function of (logits, noise) on every backend. ±Infinity
 * entries are ordinary values (an all -Infinity array gives 0); NaN is rejected.
 */
export function argmax(values: ArrayLike<number>): number {
  validateArrayLike(values, 'values');
  if (values.length === 0) throw new GumbelRangeError('values', values, 'non-empty');
  let best = 0;
  let bestValue = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number') throw new GumbelTypeError(`values[${i}]`, v, 'a number');
    if (Number.isNaN(v)) throw new GumbelRangeError(`values[${i}]`, v, 'not NaN');
    if (v > bestValue) {
      best = i;
      bestValue = v;
    }
  }
  return best;
}
