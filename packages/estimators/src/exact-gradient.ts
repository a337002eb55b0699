/**
 * Exact gradients of expectations by enumeration: the reference every estimator is measured
 * against. For z ~ Cat(p), p = softmax(logits),
 *   ∂/∂logits_j E[f(z)] = Σ_z f(z) p_z (δ_zj − p_j) = p_j (f(j) − E[f]).
 * For independent bits z_j ~ Bernoulli(σ_j), σ = sigmoid(logits),
 *   ∂/∂logits_j E[f(z)] = Σ_z p(z) f(z) (z_j − σ_j)   (2^d terms).
 */
import { GumbelRangeError, GumbelTypeError, softmax, validateArrayLike, validateLogits } from '@gumbel/core';

function evaluate(f: unknown, argument: unknown, label: string): number {
  const value: unknown = (f as (x: unknown) => unknown)(argument);
  if (typeof value !== 'number') throw new GumbelTypeError(label, value, 'a number');
  if (!Number.isFinite(value)) throw new GumbelRangeError(label, value, 'finite');
  return value;
}

/**
 * ∇_logits E_{z ~ Cat(softmax(logits))}[f(z)] for one row of k classes. `f` receives a class index;
 * it is not called for masked (−∞) classes, which have probability 0 and gradient 0.
 */
export function exactGradient(logits: ArrayLike<number>, f: (classIndex: number) => number): Float64Array {
  validateLogits(validateArrayLike(logits, 'logits'));
  if (typeof f !== 'function') throw new GumbelTypeError('f', f, 'a function (classIndex) => number');
  const p = softmax(logits);
  const values = new Float64Array(p.length);
  let mean = 0;
  for (let j = 0; j < p.length; j++) {
    if (logits[j] === -Infinity) continue;
    values[j] = evaluate(f, j, `f(${j})`);
    mean += (p[j] as number) * (values[j] as number);
  }
  const grad = new Float64Array(p.length);
  for (let j = 0; j < p.length; j++) {
    if (logits[j] !== -Infinity) grad[j] = (p[j] as number) * ((values[j] as number) - mean);
  }
  return grad;
}

/** The expectation E_{z ~ Cat(softmax(logits))}[f(z)] by enumeration (masked classes skipped). */
export function exactExpectation(logits: ArrayLike<number>, f: (classIndex: number) => number): number {
  validateLogits(validateArrayLike(logits, 'logits'));
  const p = softmax(logits);
  let mean = 0;
  for (let j = 0; j < p.length; j++) if (logits[j] !== -Infinity) mean += (p[j] as number) * evaluate(f, j, `f(${j})`);
  return mean;
}

/** Largest d for the Bernoulli enumeration (2^d evaluations of f). */
export const MAX_ENUMERATED_BITS = 20;

/**
 * ∇_logits E[f(z)] for d independent bits z_j ~ Bernoulli(sigmoid(logits_j)), by enumerating all
 * 2^d outcomes. `f` receives the bits as a 0/1 Float64Array (a fresh array each call). A −∞ logit
 * is a bit that is always 0.
 */
export function exactBernoulliGradient(logits: ArrayLike<number>, f: (bits: Float64Array) => number): Float64Array {
  validateArrayLike(logits, 'logits');
  const d = logits.length;
  if (d < 1 || d > MAX_ENUMERATED_BITS) throw new GumbelRangeError('logits.length', d, `in [1, ${MAX_ENUMERATED_BITS}] (2^d outcomes are enumerated)`);
  const sigma = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const l = logits[j];
    if (typeof l !== 'number') throw new GumbelTypeError(`logits[${j}]`, l, 'a number');
    if (Number.isNaN(l) || l === Infinity) throw new GumbelRangeError(`logits[${j}]`, l, 'finite or -Infinity');
    sigma[j] = l >= 0 ? 1 / (1 + Math.exp(-l)) : Math.exp(l) / (1 + Math.exp(l));
  }
  if (typeof f !== 'function') throw new GumbelTypeError('f', f, 'a function (bits) => number');
  const grad = new Float64Array(d);
  for (let mask = 0; mask < 2 ** d; mask++) {
    const bits = new Float64Array(d);
    let p = 1;
    for (let j = 0; j < d; j++) {
      const on = Math.floor(mask / 2 ** j) % 2 === 1;
      bits[j] = on ? 1 : 0;
      p *= on ? (sigma[j] as number) : 1 - (sigma[j] as number);
    }
    if (p === 0) continue;
    const value = evaluate(f, bits.slice(), `f(${Array.from(bits).join('')})`);
    for (let j = 0; j < d; j++) grad[j] = (grad[j] as number) + p * value * ((bits[j] as number) - (sigma[j] as number));
  }
  return grad;
}

/** Largest number of K-tuples `exactMultiSampleGradient` enumerates. */
export const MAX_ENUMERATED_TUPLES = 1_000_000;

/**
 * ∇_logits E[F(z_1, …, z_K)] for K independent draws z_s ~ Cat(softmax(logits)) of one row, by
 * enumerating the k^K tuples: Σ_tuples P(tuple) F(tuple) Σ_s (onehot(z_s) − p). `F` receives the K
 * class indices (a fresh Int32Array each call). The reference for multi-sample objectives such as
 * VIMCO's bound −log (1/K) Σ_s exp(−f(z_s)). Masked classes are never enumerated.
 */
export function exactMultiSampleGradient(logits: ArrayLike<number>, samples: number, F: (classes: Int32Array) => number): Float64Array {
  validateLogits(validateArrayLike(logits, 'logits'));
  if (!(Number.isInteger(samples) && samples >= 1)) throw new GumbelRangeError('samples', samples, 'an integer ≥ 1');
  if (typeof F !== 'function') throw new GumbelTypeError('F', F, 'a function (classes) => number');
  const k = logits.length;
  if (k ** samples > MAX_ENUMERATED_TUPLES) throw new GumbelRangeError('samples', samples, `such that k^samples ≤ ${MAX_ENUMERATED_TUPLES} (k = ${k})`);
  const p = softmax(logits);
  const grad = new Float64Array(k);
  const classes = new Int32Array(samples);
  for (let t = 0; t < k ** samples; t++) {
    let prob = 1;
    for (let s = 0, rest = t; s < samples; s++, rest = Math.floor(rest / k)) {
      classes[s] = rest % k;
      prob *= p[classes[s] as number] as number;
    }
    if (prob === 0) continue;
    const value = evaluate(F, classes.slice(), `F(${Array.from(classes).join(',')})`);
    for (const z of classes) grad[z] = (grad[z] as number) + prob * value;
    for (let j = 0; j < k; j++) grad[j] = (grad[j] as number) - prob * value * samples * (p[j] as number);
  }
  return grad;
}
